// Plain records shared by the store, the reconciler and the API. No behaviour here.
import type { AllocatedPort, ContainerInfo, WorkloadSpec } from '@coxswain/shared';
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
  /** The engine's networks, as the agent reported them (absent: not known, e.g. in older tests). */
  networks?: string[];
  /** Where the node's replicas are reached: the agent's --advertise-address, else its stream's peer. */
  advertiseAddress?: string;
  /** The host ports the node hands out as dynamic ones, inclusive (absent: 20000-29999). */
  dynamicPortLow?: number;
  dynamicPortHigh?: number;
  /**
   * What is wrong with the node beside its liveness (absent or empty: nothing). A blocking one
   * (ENGINE_DOWN) keeps new work off it and, past the node timeout, its replicas are re-placed.
   */
  conditions?: NodeCondition[];
  /** Control-plane clock, ms: since when the node has been READY without a blocking condition (absent: unknown). */
  readySince?: number;
}

export type NodeConditionType = 'ENGINE_DOWN' | 'PORT_UNAVAILABLE';

export interface NodeCondition {
  type: NodeConditionType;
  message: string;
  /** Control-plane clock, ms: when it was first seen. */
  since: number;
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
  /** Why it is pending or not started yet, when it is: text for people; no decision reads it. */
  reason: string;
  /**
   * Placed on a node where room is still being made (a make-room move away from it is under
   * way): it starts only once everything assigned there fits.
   */
  waitingForRoom: boolean;
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
  /** On a copy made by a move or a rollout: when that started (a copy not running in time is given up). */
  moveStartedAt: number;
  /** When a new copy meant to replace this replica was given up (its next move or rollout waits). */
  replaceFailedAt: number;
  /**
   * Retiring on purpose (desired stop): when it left the endpoint set. Its container is stopped
   * only a drain delay after that. 0: not yet retiring, or not yet seen retiring by a pass.
   */
  drainStartedAt: number;
  /**
   * The host ports it holds on its node (absent or empty: none yet). Kept while it stays on the
   * node, so a restart listens where it did; cleared when it leaves.
   */
  ports?: AllocatedPort[];
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
