export * from './placement';
export * from './phase';
export * from './current';
export * from './table';
export * from './new-replica';
export * from './copies';
export * from './ports';
export * from './settled';
