export * from './endpoint-set';
export * from './revisions';
export * from './mesh-table';
