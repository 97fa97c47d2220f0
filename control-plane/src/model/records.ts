// Plain records shared by the store, the reconciler and the API. No behaviour here.
import type { ContainerInfo, WorkloadSpec } from '@coxswain/shared';
import type { EventType } from './events';

export type NodeStateName = 'READY' | 'DOWN';

export interface NodeRecord {
  name: string;
  address: string;
  labels: Record<string, string>;
  cpuMillis: number;
  memoryBytes: number;
  usageCpuPercent: number;
  usageMemoryBytes: number;
  state: NodeStateName;
  /** Control-plane clock, ms: last message from the node's agent. */
  lastSeen: number;
  cordoned: boolean;
  draining: boolean;
  agentVersion: string;
  registeredAt: number;
}

export interface WorkloadRecord {
  name: string;
  spec: WorkloadSpec;
  generation: number;
  createdAt: number;
  updatedAt: number;
}

export interface ReplicaRecord {
  workload: string;
  id: number;
  /** Assigned node, or null while PENDING. */
  node: string | null;
  /** Grows (cluster-wide) each time the replica is placed; fences stale copies. */
  epoch: number;
  generation: number;
  desired: 'run' | 'stop';
  /** Why it is pending, when it is. */
  reason: string;
  restarts: number;
  /** finishedAt of the last exit the reconciler answered with a restart (agent clock). */
  handledExitAt: number;
  lastStartAt: number;
  failures: number;
  failedAt: number;
  failReason: string;
  /**
   * Set on the new copy of a replica being moved (start-before-stop): the id of the replica it
   * replaces. Such a copy does not count toward the workload's replicas until the old one stops.
   */
  replaces: number | null;
  /**
   * When the move that created this copy started; on a replica whose replacement by a new
   * generation failed to start, when that happened (the rollout waits before trying again).
   */
  movedAt: number;
}

/** A container as its node's agent last reported it. */
export interface ContainerRecord extends ContainerInfo {
  node: string;
  /** Control-plane clock, ms: when this state was first reported. */
  changedAt: number;
}

export interface EventInput {
  type: EventType;
  node?: string;
  workload?: string;
  replica?: number;
  epoch?: number;
  message?: string;
}

export interface EventRecord extends Required<EventInput> {
  seq: number;
  time: number;
}
