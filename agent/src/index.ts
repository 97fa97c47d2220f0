export * from './agent';
export * from './config';
export * from './docker';
export * from './lease';
export * from './resources';
export * from './session';
export * from './join';
export { KernelPath, type KernelPathOptions } from './mesh';
