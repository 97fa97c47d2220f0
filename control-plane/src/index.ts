export { startControlPlane, type RunningControlPlane } from './server';
export { loadConfig, type ControlPlaneConfig } from './config';
export { Store } from './store';
export { reconcile } from './reconciler';
export * as scheduler from './scheduler';
export { validateSpec, ValidationError } from './api';
