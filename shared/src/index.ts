export * from './proto';
export * from './types';
export * from './labels';
export * from './duration';
export * from './log';
export * from './flags';
export * from './pki';
export * from './join-token';
