import type { NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { parseConstraint, schedule, type Constraint, type SchedNode, type SchedRequest } from '../scheduler';

export function replicaKey(workload: string, id: number): string {
  return `${workload}/${id}`;
}

/**
 * The scheduler's view of the live nodes: what is already allocated on each (every replica
 * assigned there, including ones being stopped, since their containers still hold the
 * resources) and how many replicas of each workload each runs.
 */
export function schedNodes(
  nodes: NodeRecord[],
  isLive: (name: string) => boolean,
  replicas: Iterable<ReplicaRecord>,
  workloads: Map<string, WorkloadRecord>,
): SchedNode[] {
  const byName = new Map<string, SchedNode>();
  for (const n of nodes) {
    if (!isLive(n.name)) continue;
    byName.set(n.name, {
      name: n.name,
      labels: n.labels,
      capacity: { cpuMillis: n.cpuMillis, memoryBytes: n.memoryBytes },
      allocated: { cpuMillis: 0, memoryBytes: 0 },
      schedulable: !n.cordoned && !n.draining,
      groupCounts: {},
    });
  }
  for (const r of replicas) {
    const sn = r.node ? byName.get(r.node) : undefined;
    if (!sn) continue;
    // A deleted workload's resources are free for new placements at once.
    const res = workloads.get(r.workload)?.spec.resources;
    if (res) {
      sn.allocated.cpuMillis += res.cpuMillis;
      sn.allocated.memoryBytes += res.memoryBytes;
    }
    if (r.desired === 'run') sn.groupCounts![r.workload] = (sn.groupCounts![r.workload] ?? 0) + 1;
  }
  return [...byName.values()];
}

const constraintCache = new Map<string, Constraint>();

function cachedConstraint(text: string): Constraint {
  let c = constraintCache.get(text);
  if (!c) {
    c = parseConstraint(text);
    constraintCache.set(text, c);
  }
  return c;
}

export function schedRequest(r: ReplicaRecord, w: WorkloadRecord): SchedRequest {
  return {
    id: replicaKey(r.workload, r.id),
    group: r.workload,
    cpuMillis: w.spec.resources.cpuMillis,
    memoryBytes: w.spec.resources.memoryBytes,
    constraints: w.spec.constraints.map(cachedConstraint),
  };
}

/**
 * Where the new copy of a replica goes when it is replaced start-before-stop: its own node when
 * that has room for both copies for a moment, else wherever the scheduler puts it. The choice is
 * booked on `nodes`, so later choices in the same pass see it.
 */
export function surgeNode(nodes: SchedNode[], r: ReplicaRecord, w: WorkloadRecord): string | undefined {
  const req = schedRequest(r, w);
  const own = nodes.find((n) => n.name === r.node);
  const fits = (n: SchedNode) =>
    n.schedulable &&
    n.capacity.cpuMillis - n.allocated.cpuMillis >= req.cpuMillis &&
    n.capacity.memoryBytes - n.allocated.memoryBytes >= req.memoryBytes;
  let chosen: SchedNode | undefined;
  if (own && fits(own)) chosen = own;
  else {
    const to = schedule(
      nodes.filter((n) => n.schedulable),
      [req],
      { mode: 'online' },
    ).placements[0]?.node;
    chosen = to ? nodes.find((n) => n.name === to) : undefined;
  }
  if (!chosen) return undefined;
  chosen.allocated.cpuMillis += req.cpuMillis;
  chosen.allocated.memoryBytes += req.memoryBytes;
  chosen.groupCounts![r.workload] = (chosen.groupCounts![r.workload] ?? 0) + 1;
  return chosen.name;
}

/**
 * How many workloads have replicas to place that were not already waiting when the pass began.
 * One (an apply, a scale, replicas lost with a host) is an arrival, placed online in id order
 * the way the simulator places a row, so the simulator predicts what an apply does; replicas
 * still waiting for room ride along. New replicas of several workloads at once (applies that
 * came together, a lost host, a restart with a backlog) are planned as one batch.
 */
export function arrivals(pending: readonly ReplicaRecord[], atStart: readonly ReplicaRecord[]): number {
  const waiting = new Set<string>();
  for (const r of atStart) if (r.node === null && r.desired === 'run') waiting.add(replicaKey(r.workload, r.id));
  return new Set(pending.filter((r) => !waiting.has(replicaKey(r.workload, r.id))).map((r) => r.workload)).size;
}
