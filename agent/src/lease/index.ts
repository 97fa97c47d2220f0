export * from './keeper';
export * from './lease';
