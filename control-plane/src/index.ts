// The control plane's public entry: what other packages (the tests, the benchmarks) may use.
export { startControlPlane, type RunningControlPlane } from './server';
export { loadConfig, type ControlPlaneConfig } from './config';
export { SqliteStore, type ClusterStore } from './store';
export { applyWorkload, planWorkloadWrite, podTemplateChanged, registered, withSpecDefaults } from './model';
export { Controller, PassRequests, type CommandSink, type ControllerOptions } from './controller';
export type { Dispatcher } from './dispatcher';
export { reconcile, type Command } from './reconciler';
export * as scheduler from './scheduler';
export { validateSpec, ValidationError } from './validation';
