export * from './connect';
export * from './events';
export * from './keyed-lock';
export * from './labels';
export * from './runtime';
export * from './frames';
export * from './streams';
export * from './exec-check';
