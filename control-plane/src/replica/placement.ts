import { blockingCondition, type NodeRecord, type ReplicaRecord, type WorkloadRecord } from '../model';
import { addInto, type ResourceVector } from '../resources';
import { LoadView, NodeLoad } from './node-load';
import { dynamicRange, portNeed } from './ports';
import { parseConstraint, schedule, type Constraint, type SchedNode, type SchedRequest } from '../scheduler';

export function replicaKey(workload: string, id: number): string {
  return `${workload}/${id}`;
}

/** The node of a replica the caller knows is placed; a replica without one is a bug worth naming. */
export function nodeOf(r: ReplicaRecord): string {
  if (r.node === null) throw new Error(`replica ${replicaKey(r.workload, r.id)} has no node here`);
  return r.node;
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
  return schedNodesOf(nodes, isLive, new LoadView(NodeLoad.of(replicas, workloads), [], workloads));
}

/** The same from a load kept up to date by workload (see NodeLoad). */
export function schedNodesOf(
  nodes: readonly NodeRecord[],
  isLive: (name: string) => boolean,
  load: LoadView,
): SchedNode[] {
  const out: SchedNode[] = [];
  for (const n of nodes) {
    if (!isLive(n.name)) continue;
    // A node whose engine does not answer is live but can take nothing new, not even a replacement.
    const notReady = blockingCondition(n) !== undefined;
    const held = load.node(n.name);
    out.push({
      name: n.name,
      labels: n.labels,
      capacity: { cpuMillis: n.cpuMillis, memoryBytes: n.memoryBytes },
      allocated: held.allocated,
      schedulable: !n.cordoned && !n.draining && !notReady,
      // Explained in a PENDING reason: "(1 cordoned)".
      unschedulableReason: notReady ? 'not ready' : n.draining ? 'draining' : n.cordoned ? 'cordoned' : undefined,
      groupCounts: held.groups,
      networks: n.networks,
      dynamicPorts: dynamicRange(n),
      ...(held.ports.length > 0 ? { usedPorts: held.ports } : {}),
      ...(held.unallocated > 0 ? { unallocatedPorts: held.unallocated } : {}),
    });
  }
  return out;
}

/** Adds ports to what the node holds, in place (a node with many replicas would copy quadratically). */
function holdPorts(n: SchedNode, ports: readonly number[]): void {
  const held = (n.usedPorts ??= []) as number[];
  for (const p of ports) held.push(p);
}

/** How many replicas of the workload (the scheduler's group) the node runs. */
export function groupCount(n: SchedNode, workload: string): number {
  return n.groupCounts?.[workload] ?? 0;
}

function countInto(n: SchedNode, workload: string): void {
  const counts = (n.groupCounts ??= {});
  counts[workload] = (counts[workload] ?? 0) + 1;
}

/**
 * Books a replica of the workload asking `need` on the node, so later choices made on the same
 * nodes (in the same pass or round of moves) see it.
 */
export function book(n: SchedNode, workload: string, need: ResourceVector, w?: WorkloadRecord): void {
  addInto(n.allocated, need);
  countInto(n, workload);
  if (!w) return;
  const { hostPorts, dynamicPorts } = portNeed(w.spec);
  if (hostPorts) holdPorts(n, hostPorts);
  if (dynamicPorts) n.unallocatedPorts = (n.unallocatedPorts ?? 0) + dynamicPorts;
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
    network: w.spec.network || undefined,
    ...portNeed(w.spec),
  };
}

/** Where a surge copy goes, or why it fits nowhere (the scheduler's reason). */
export type SurgePlacement = { node: string } | { node?: undefined; reason: string };

/**
 * Where the new copy of a replica goes when it is replaced start-before-stop: its own node when
 * the scheduler finds room there for both copies for a moment, else wherever the scheduler puts
 * it. Asking the scheduler for the own node too keeps every dimension it knows (a host port the
 * old copy holds, say) in the answer. The choice is booked on `nodes`, so later choices in the
 * same pass see it.
 */
export function surgeNode(nodes: SchedNode[], r: ReplicaRecord, w: WorkloadRecord): SurgePlacement {
  const req = schedRequest(r, w);
  const eligible = nodes.filter((n) => n.schedulable);
  const own = eligible.filter((n) => n.name === r.node);
  let plan = own.length > 0 ? schedule(own, [req], { mode: 'online' }) : undefined;
  if (!plan?.placements.length) plan = schedule(eligible, [req], { mode: 'online' });
  const to = plan.placements[0]?.node;
  const chosen = to ? nodes.find((n) => n.name === to) : undefined;
  if (!chosen) return { reason: plan.unplaced[0]?.reason || 'no node has room for a surge copy' };
  book(chosen, r.workload, w.spec.resources, w);
  return { node: chosen.name };
}

/**
 * How many workloads have replicas to place that were not already waiting when the pass began.
 * One (an apply, a scale, replicas lost with a host) is an arrival, placed online in id order
 * the way the simulator places a row, so the simulator predicts what an apply does; replicas
 * still waiting for room ride along. New replicas of several workloads at once (applies that
 * came together, a lost host, a restart with a backlog) are planned as one batch.
 */
export function arrivals(
  pending: readonly ReplicaRecord[],
  atStart: (workload: string, id: number) => ReplicaRecord | undefined,
): number {
  const waited = (r: ReplicaRecord) => {
    const was = atStart(r.workload, r.id);
    return !!was && was.node === null && was.desired === 'run';
  };
  return new Set(pending.filter((r) => !waited(r)).map((r) => r.workload)).size;
}
