export { reconcile } from './reconcile';
export { SettledMemo } from './settled-memo';
// The controller reads these through the reconciler; they live with the replica.
export { replicaKey, runningReplicas } from '../replica';
export { restartBackoffMs, failureBackoffMs } from './restart';
export type { Command, StartCommand, StopCommand, ReconcileInput, ReconcilePlan, Rollback } from './types';
