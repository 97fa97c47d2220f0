export * from './identity';
export * from './probe';
export * from './state';
