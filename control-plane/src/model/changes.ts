// What the reconciler reads in one pass and what it writes back: plain data between the pure core
// and the store.
import type { ContainerRecord, EventInput, NodeRecord, NodeStateName, ReplicaRecord, WorkloadRecord } from './records';

/** Everything the reconciler reads in one pass. Records are shared with the store: read-only. */
export interface ClusterState {
  nodes: NodeRecord[];
  workloads: WorkloadRecord[];
  replicas: ReplicaRecord[];
  containers: ContainerRecord[];
  nextEpoch: number;
}

/** What one reconciler pass writes, in one transaction. */
export interface StateChanges {
  nodeStates?: { name: string; state: NodeStateName }[];
  upsertReplicas?: ReplicaRecord[];
  deleteReplicas?: { workload: string; id: number }[];
  nextEpoch?: number;
  events?: EventInput[];
}
