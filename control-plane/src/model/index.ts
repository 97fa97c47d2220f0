export * from './records';
export * from './changes';
export * from './workload';
export * from './node-state';
export * from './events';
export * from './spec-defaults';
export * from './generations';
export * from './conditions';
