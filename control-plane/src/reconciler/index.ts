export { reconcile, runningReplicas } from './reconcile';
export { replicaKey } from '../replica';
export { restartBackoffMs, failureBackoffMs } from './restart';
export type { Command, StartCommand, StopCommand, ReconcileInput, ReconcilePlan } from './types';
