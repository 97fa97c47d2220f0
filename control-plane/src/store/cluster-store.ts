// What the control plane needs of its store, named once. SQLite is the first implementation; an
// etcd-backed one comes later behind the same interface, so the reconciler, the dispatcher and
// the API never name a backend. Domain rules (generations, node states, which events a change
// makes) are decided by the callers; a store persists what it is told.
import type { ContainerInfo, NodeUsage, Register } from '@coxswain/shared';
import type {
  ClusterState,
  ConditionChange,
  ContainerRecord,
  EventInput,
  EventRecord,
  GenerationRecord,
  NodeRecord,
  NodeTransition,
  ReplicaRecord,
  StateChanges,
  WorkloadRecord,
  WorkloadWrite,
} from '../model';
import type { ResourceVector } from '../resources';

/** See ClusterReads.takeChanges. */
export interface StoreChanges {
  /** Workloads whose record, replicas or containers changed. */
  workloads: Set<string>;
  /** Whether any node was added, removed or changed, liveness aside. */
  nodes: boolean;
}

/** What one node's replicas add up to (see ClusterReads.nodeTotals). */
export interface NodeTotals {
  allocated: ResourceVector;
  /** Replicas assigned there that want to run. */
  running: number;
  /** Every replica assigned there, retiring ones too. */
  replicas: number;
}

/** See ClusterReads.passState. */
export interface PassState {
  nodes: NodeRecord[];
  workloads: WorkloadRecord[];
  /** The same records by name: the mirror's own maps, read-only, valid until the next write. */
  nodesByName: ReadonlyMap<string, NodeRecord>;
  workloadsByName: ReadonlyMap<string, WorkloadRecord>;
  workload(name: string): WorkloadRecord | undefined;
  /** Every workload's, each workload's in id order; read-only, and valid until the next write. */
  replicas: ReadonlyMap<string, ReadonlyMap<number, ReplicaRecord>>;
  /** The scope's workloads' containers, or every one. */
  containers: readonly ContainerRecord[];
  allContainers(): readonly ContainerRecord[];
  /** One workload's containers, any workload's (not only the scope's). */
  containersOf(workload: string): readonly ContainerRecord[];
  /** One node's containers. */
  containersOn(node: string): readonly ContainerRecord[];
  /** The replicas assigned to one node. */
  replicasOn(node: string): readonly ReplicaRecord[];
  nextEpoch: number;
}

/**
 * Reads from memory: what the last committed writes left. Records handed out are shared with
 * the store and read-only; the lists themselves are the caller's.
 */
export interface ClusterReads {
  getNode(name: string): NodeRecord | undefined;
  listNodes(): NodeRecord[];
  getWorkload(name: string): WorkloadRecord | undefined;
  listWorkloads(): WorkloadRecord[];
  listReplicas(): ReplicaRecord[];
  replicasOf(workload: string): ReplicaRecord[];
  /** The replicas assigned to the node. */
  replicasOnNode(node: string): ReplicaRecord[];
  /** What the replicas assigned to the node ask for and how many want to run, kept as they change. */
  nodeTotals(node: string): Readonly<NodeTotals>;
  listContainers(): ContainerRecord[];
  containersOfWorkload(workload: string): ContainerRecord[];
  containersOfNode(node: string): ContainerRecord[];
  /** Everything one reconciler pass reads, without copying records. */
  loadState(): ClusterState;
  /**
   * What a reconciler pass reads, without building a list of every replica: the replicas by
   * workload and id, and the containers of the scope's workloads (every one without a scope).
   */
  passState(scope?: ReadonlySet<string>): PassState;
  /**
   * What changed since the last call (the caller is the controller, and the only one): it
   * looks at those workloads in its next pass. The first call says every node changed.
   */
  takeChanges(): StoreChanges;
  /**
   * Grows with every committed change but liveness (lastSeen and usage): equal numbers mean the
   * same nodes, workloads, replicas and containers.
   */
  revision(): number;
}

/**
 * Writes. Each call is one transaction; its events reach subscribers only after it committed,
 * and a failed one leaves reads unchanged. A backend that cannot write (a full disk, a read-only
 * file system) throws StoreUnavailableError, and writes again by itself once it can.
 */
export interface ClusterWrites {
  /** A reconciler pass's plan, or a node transition decided elsewhere. */
  applyChanges(changes: StateChanges, now?: number): void;
  /** Persists a decided workload write; returns the stored record. */
  saveWorkload(write: WorkloadWrite, now: number): WorkloadRecord;
  /** The workload's kept generations (its spec and cause each), newest first. */
  listGenerations(name: string): GenerationRecord[];
  /** Removes the workload and marks its replicas for stopping; false when there was none. */
  deleteWorkload(name: string): boolean;
  /** Stores an agent's registration with its decided READY transition. */
  registerNode(reg: Register, address: string, now: number, transition: NodeTransition): void;
  /** Forgets a node and what it last reported; false when there was no such node. */
  removeNode(name: string): boolean;
  setNodeFlags(name: string, flags: { cordoned: boolean; draining: boolean }, event: EventInput): void;
  /** A change of the node's conditions (decided by model/conditions), with its events. */
  setNodeConditions(name: string, change: ConditionChange): void;
  recordStartFailure(workload: string, id: number, epoch: number, reason: string, now: number): void;
  recordStartSuccess(workload: string, id: number, epoch: number): void;
  /**
   * Applies an agent's report; a full report replaces what was known of the node. Returns the
   * containers whose state changed, for the caller's events.
   */
  applyReport(
    node: string,
    full: boolean,
    containers: ContainerInfo[],
    removed: string[],
    now: number,
    /** The events the change makes, written in the same transaction. */
    events?: (changed: ContainerRecord[]) => EventInput[],
  ): ContainerRecord[];
  /**
   * Runs these writes as one transaction: one commit, so one flush of the disk for all of them;
   * reads and subscribers see them all once it committed, or none. Reads inside see what was
   * there before the batch: the caller batches only writes that do not read what another of them
   * writes (reports of distinct nodes).
   */
  batch(writes: readonly (() => void)[]): void;
}

/** The span of the event log: pruning removes its oldest events, sequence numbers are never reused. */
export interface EventBounds {
  /** The oldest sequence number still stored; with none stored, the next one to be issued. */
  oldestKept: number;
  /** The highest sequence number ever issued (0: none yet). */
  lastIssued: number;
}

/** The cluster's event log. */
export interface EventLog {
  appendEvent(e: EventInput): void;
  /** Up to `limit` stored events after `seq`, in order. */
  eventsSince(seq: number, limit?: number): EventRecord[];
  /** Which sequence numbers the log still holds. */
  eventBounds(): EventBounds;
  /** The newest `limit` events of a workload and/or a node (empty: any), oldest first. */
  recentEvents(filter: { workload?: string; node?: string }, limit: number): EventRecord[];
  /** Keeps the log bounded to the newest `keep` events. */
  trimEvents(keep: number): void;
  /** Calls `listener` with every event after its commit, in order; returns the unsubscribe. */
  subscribe(listener: (e: EventRecord) => void): () => void;
}

/**
 * Liveness and usage change with every heartbeat. They are held in memory and persisted now and
 * then (flushLiveness), not once per heartbeat.
 */
export interface Liveness {
  touchNode(name: string, now: number, usage?: NodeUsage): void;
  flushLiveness(): void;
  /**
   * After a control-plane restart every READY node counts as heard at `now`, so that the time
   * the control plane itself was away never counts against the hosts (the reconciler adds the
   * agents' reconnection time on top: model's firstLeaseEnd).
   */
  refreshLeases(now: number): void;
}

/** The control plane's store. */
export interface ClusterStore extends ClusterReads, ClusterWrites, EventLog, Liveness {
  /** Persists pending liveness and releases the backend. */
  close(): void;
}
