export * from './connect';
export * from './errors';
export * from './format';
export * from './program';
