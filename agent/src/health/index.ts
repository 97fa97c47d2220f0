export * from './check';
export * from './checker';
export * from './probes';
export * from './state';
