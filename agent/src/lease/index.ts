export * from './keeper';
export * from './lease';
export * from './record-file';
