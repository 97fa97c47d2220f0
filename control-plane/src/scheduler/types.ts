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
  /** How many replicas of each group (workload) already run here, for soft anti-affinity. */
  groupCounts?: Record<string, number>;
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
}

export interface Placement {
  id: string;
  node: string;
}

export interface Unplaced {
  id: string;
  /** Human-readable, kubectl-like: "0/3 nodes fit: 2 insufficient cpu, 1 constraint node.labels.zone == a". */
  reason: string;
}

export interface Plan {
  placements: Placement[];
  unplaced: Unplaced[];
}

export interface ScheduleOptions {
  /**
   * "online": requests are placed one at a time in the given order, each without knowledge of
   * the ones after it (what a scheduler sees as requests arrive). "batch": all requests are one
   * pass and are planned together.
   */
  mode: 'online' | 'batch';
}
