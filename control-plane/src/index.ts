// The control plane's public entry: what other packages (the tests, the benchmarks) may use.
export { startControlPlane, type RunningControlPlane } from './server';
export { loadConfig, type ControlPlaneConfig } from './config';
export { Store } from './store';
export { Controller, type ControllerOptions } from './controller';
export type { Dispatcher } from './dispatcher';
export { reconcile, type Command } from './reconciler';
export * as scheduler from './scheduler';
export { validateSpec, ValidationError } from './validation';
