export * from './connect';
export * from './format';
