import type { AllocatedPort, Resources, WorkloadSpec } from '@coxswain/shared';
import type { ContainerRecord, NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import type { SettledMemo } from './settled-memo';
import type { MovePlan, MoveReason } from '../rebalancer';
import type { NodeLoad, ReplicaIndex } from '../replica';
import type { StateChanges } from '../model';

export interface ReconcileInput {
  now: number;
  /** A READY node silent this long is DOWN. */
  nodeTimeoutMs: number;
  /** No node is judged DOWN before this: the first lease after the control plane started (firstLeaseEnd). */
  leasesHoldUntil?: number;
  /**
   * At-most-one workloads ("disconnect": "stop") on a DOWN node are re-placed only once the
   * node's agent has surely stopped them: its fence (singletonFenceMs) plus this margin for
   * clock rates and the time a stop takes.
   */
  fenceMarginMs: number;
  nodes: NodeRecord[];
  /** Nodes whose agent stream is up right now: only they receive commands. */
  connected: ReadonlySet<string>;
  workloads: WorkloadRecord[];
  /**
   * The same nodes and workloads by name, read in place (the store's mirror keeps them); absent:
   * built from the lists. A pass at 10,000 workloads spent most of its time building them.
   */
  nodesByName?: ReadonlyMap<string, NodeRecord>;
  workloadsByName?: ReadonlyMap<string, WorkloadRecord>;
  replicas: ReplicaRecord[];
  /** The containers the pass looks at: every one, or with `scope` those of the scope's workloads. */
  containers: readonly ContainerRecord[];
  nextEpoch: number;
  /**
   * An incremental pass: only these workloads are looked at (their replicas, containers and
   * rollouts; a deleted one's leftovers too). Every other replica still counts where room, ports
   * and voluntary moves are decided. Absent: every workload. Which ones want another look soon
   * is ReconcilePlan.active.
   */
  scope?: ReadonlySet<string>;
  /**
   * The replicas by workload and id (each in id order), read in place instead of `replicas`; and
   * every container, asked for only where a pass needs all of them (which nodes have settled,
   * what runs for voluntary moves), or one workload's or one node's (what make-room may move,
   * asked node by node). The store's mirror keeps them all.
   */
  index?: {
    replicas: ReplicaIndex;
    allContainers(): readonly ContainerRecord[];
    containersOf(workload: string): readonly ContainerRecord[];
    containersOn(node: string): readonly ContainerRecord[];
    /** The replicas assigned to the node when the pass began. */
    replicasOn(node: string): readonly ReplicaRecord[];
  };
  /**
   * What every node holds at the pass's start, kept up to date by the caller workload by workload
   * (read, never changed); absent: summed over every replica where the pass needs it.
   */
  load?: NodeLoad;
  /**
   * Which workloads are settled, kept by the caller across passes (see SettledMemo for when it
   * must forget); absent: worked out in each pass.
   */
  settled?: SettledMemo;
  /** Voluntary moves (drain, spread, compact) this pass may start; 0 or absent: none. */
  maxMoves?: number;
  /** Which kinds of voluntary move (default: all). */
  moveReasons?: readonly MoveReason[];
  /**
   * A new replica that would open an empty node may first move one running replica to another
   * used node to make room (the scheduler decides; default off here, on in the control plane).
   */
  makeRoom?: boolean;
  /**
   * A replica retired on purpose (scale down, move, rollout, drain, delete) is stopped only this
   * long after it left the endpoint set; 0 or absent: at once.
   */
  drainDelayMs?: number;
  /**
   * The latest moment at which every connected agent's mesh served the table of that moment
   * (MeshSync.syncedAt). A replica of a workload that publishes a port is stopped on purpose only
   * once this is past the start of its drain, or meshAckTimeoutMs after it. Absent: no mesh, and
   * the drain delay applies to every workload.
   */
  meshSyncedAt?: number;
  meshAckTimeoutMs?: number;
  /** The grace of the stop sent to a fenced (stale) copy; absent: its workload's own. */
  staleStopTimeoutMs?: number;
  /**
   * A node back from DOWN (or a blocking condition) receives no voluntary move until it has been
   * READY this long and its stale copies are gone; 0 or absent: at once.
   */
  settleMs?: number;
  /**
   * At-most-one workloads' fence: their copy on a node that went silent (or whose engine stopped
   * answering) is re-placed only this long (plus fenceMarginMs) after the node was last heard
   * from, unless its stop was confirmed. Absent: nodeTimeoutMs.
   */
  singletonFenceMs?: number;
}

export interface StartCommand {
  kind: 'start';
  node: string;
  workload: string;
  replica: number;
  epoch: number;
  generation: number;
  /** Restarts so far: a restart is a new command, never mistaken for a repeat of the last one. */
  attempt: number;
  spec: WorkloadSpec;
  resources: Resources;
  /** The host ports the replica holds on the node (its allocation). */
  ports: AllocatedPort[];
}

export interface StopCommand {
  kind: 'stop';
  node: string;
  containerId: string;
  workload: string;
  replica: number;
  epoch: number;
  reason: string;
  /** SIGTERM to SIGKILL, ms; absent: the grace the container was made with. */
  graceMs?: number;
}

export type Command = StartCommand | StopCommand;

export interface ReconcilePlan {
  changes: StateChanges;
  commands: Command[];
  /** Moves started by this pass. */
  moves: MovePlan[];
  /** Failed rollouts with autoRollback: the caller applies the spec before `generation` again. */
  rollbacks: Rollback[];
  /**
   * Whether the rebalancer planned this pass (maxMoves > 0), and whether it then found nothing
   * to move with every node settled: planning again on the same state gives the same nothing.
   */
  rebalancer: 'idle' | 'moved' | 'settled';
  /**
   * The workloads looked at that still have something under way after this pass (a replica to
   * place, start, restart, stop, move or roll; a copy to fence; a deleted one's leftovers), in
   * name order. Any other stays as it is until something about it changes, so an incremental
   * pass need not look at it again until then.
   */
  active: string[];
  /**
   * Looked at, and waiting only for their new containers to be reported (which marks them by
   * itself): worth a look again now and then (a start lost on its way), not every pass.
   */
  starting: string[];
}

/** A failed rollout to roll back: the workload's previous generation's spec, as a new generation. */
export interface Rollback {
  workload: string;
  /** The generation that failed (nothing is done if the workload has moved on since). */
  generation: number;
  cause: string;
}
