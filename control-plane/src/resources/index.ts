export * from './vector';
export * from './columns';
