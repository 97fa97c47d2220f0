export * from './backoff';
export * from './reporter';
export * from './session';
