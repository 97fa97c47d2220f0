export * from './endpoint-set';
export * from './revisions';
