// The scheduler's plain-data interface: nodes and requests in, a plan out. No I/O.

export interface Capacity {
  cpuMillis: number;
  memoryBytes: number;
}

export interface SchedNode {
  name: string;
  labels: Record<string, string>;
  /** Allocatable capacity. */
  capacity: Capacity;
  /** Sum of the requests already placed on this node (before this plan). */
  allocated: Capacity;
  /** False for nodes that are DOWN, cordoned or draining: they receive nothing new. */
  schedulable: boolean;
  /** Why the node is not schedulable, when known ("cordoned", "draining"): shown in pending reasons. */
  unschedulableReason?: string;
  /** How many replicas of each group (workload) already run here, for soft anti-affinity. */
  groupCounts?: Record<string, number>;
  /**
   * Replicas running here that may be moved to make room (their requests are already counted in
   * `allocated`). Absent: nothing here moves.
   */
  residents?: SchedRequest[];
  /**
   * False: no resident is moved here to make room (a node back from DOWN, not yet trusted with
   * voluntary moves); new requests still land here. Absent: true.
   */
  takesMoves?: boolean;
  /** The engine's networks ("bridge", "host", "none"); absent or empty: not known, any passes. */
  networks?: readonly string[];
  /** Host ports held here: allocated ones and the fixed ports of replicas placed here. */
  usedPorts?: readonly number[];
  /** Dynamic ports of replicas placed here that have no number yet (they hold one each). */
  unallocatedPorts?: number;
  /** The range dynamic ports come from (inclusive); absent: the agent's default. */
  dynamicPorts?: { low: number; high: number };
}

export type ConstraintOp = '==' | '!=';

/** `node.name == h1` has attribute "name"; `node.labels.zone == a` has attribute "labels.zone". */
export interface Constraint {
  attribute: string;
  op: ConstraintOp;
  value: string;
}

export interface SchedRequest {
  /** Opaque key, unique within one call (e.g. "web/3"). */
  id: string;
  /** Replicas of one group are kept on distinct nodes while nodes with room exist. */
  group: string;
  cpuMillis: number;
  memoryBytes: number;
  constraints: Constraint[];
  /** The network the replica needs on its node; absent: any node. */
  network?: string;
  /** Fixed host ports; a node where one is taken is rejected. */
  hostPorts?: readonly number[];
  /** How many ports the replica needs from its node's dynamic range. */
  dynamicPorts?: number;
}

export interface Placement {
  id: string;
  node: string;
}

export interface Unplaced {
  id: string;
  /**
   * Human-readable, kubectl-like, with what the rejected nodes lacked: "0/3 nodes available: 2
   * insufficient cpu (need 2000m cpu, most free 1000m), 1 constraint node.labels.zone == a".
   */
  reason: string;
}

/** A resident moved to another node so that a request fits where it is packed tightest. */
export interface Move {
  id: string;
  from: string;
  to: string;
}

export interface Plan {
  placements: Placement[];
  unplaced: Unplaced[];
  /**
   * Online only: every move made to make room, in order. A move of a resident must happen
   * (start-before-stop) before what was placed on its old node can start; a move of a request
   * of the same call only changed where that request is placed. One replica can move twice.
   */
  moves: Move[];
}

export interface ScheduleOptions {
  /**
   * "online": requests are placed one at a time in the given order, each without knowledge of
   * the ones after it (what a scheduler sees as requests arrive). "batch": all requests are one
   * pass and are planned together.
   */
  mode: 'online' | 'batch';
  /**
   * Online only: when a request would open an empty node, first try moving one placed replica
   * (a resident, or an earlier request of this call) to another used node to make room for it.
   * Default true.
   */
  makeRoom?: boolean;
  /**
   * What may move to make room, asked node by node as the search reaches a node, instead of each
   * node's `residents` and `takesMoves`. Absent: those fields.
   */
  residents?: Residents;
  /**
   * Where a group's replicas are (node name -> count), as the nodes' `groupCounts` say, asked per
   * group when a call reads few groups. Measured reason: reading one group off 5,000 nodes'
   * counts took ~0.8 ms, and a make-room search reads up to 64 groups; the caller keeps them by
   * group already. Absent: read off the nodes.
   */
  groupCounts?: (group: string) => ReadonlyMap<string, number>;
}

/**
 * Make-room's residents, given lazily. Measured reason: listing every node's movable replicas up
 * front walked every replica and container (~300 ms of one apply at 100,000 replicas), for a
 * search that looks at a few hundred nodes at most.
 */
export interface Residents {
  /** At least as much as any resident of any node asks for, per dimension. */
  bound: Capacity;
  /** The node's movable replicas (counted in its `allocated` already). */
  of(node: SchedNode): readonly SchedRequest[];
  /** Whether a resident may be moved onto the node (see SchedNode.takesMoves). */
  takesMoves(node: SchedNode): boolean;
}
