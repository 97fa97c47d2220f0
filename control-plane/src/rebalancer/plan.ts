// The rebalancer: pure planning of voluntary moves (drain, spread, compact). No I/O.
import type { NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { replicaKey, schedNodes, schedRequest, unsettledWorkloads } from '../replica';
import { schedule, type SchedNode } from '../scheduler';

/** make-room moves are the scheduler's, made while placing a new replica; the rest are the rebalancer's. */
export type MoveReason = 'drain' | 'spread' | 'compact' | 'make-room';

export interface MovePlan {
  workload: string;
  replica: number;
  from: string;
  to: string;
  reason: MoveReason;
}

export interface RebalanceInput {
  nodes: NodeRecord[];
  workloads: WorkloadRecord[];
  replicas: ReplicaRecord[];
  /** Keys (workload/id) of replicas whose current container runs. */
  running: ReadonlySet<string>;
  /** How many moves may start now. */
  maxMoves: number;
  /** Which kinds of move to plan (default: all). */
  reasons?: readonly MoveReason[];
}

export const ALL_MOVE_REASONS: readonly MoveReason[] = ['drain', 'spread', 'compact'];

/**
 * Plans at most one move per workload, and only for workloads that are settled (every replica
 * placed and running, nothing being moved or retired), so a move never takes a workload below
 * its running count and never races a failover. Moves are planned in order of urgency: replicas
 * on draining nodes, then replicas doubled up on a node while another node has room, then the
 * replicas of the least-used node when all of them fit on other nodes already in use.
 */
export function planMoves(input: RebalanceInput): MovePlan[] {
  if (input.maxMoves <= 0) return [];
  const workloads = new Map(input.workloads.map((w) => [w.name, w]));
  const live = new Set(input.nodes.filter((n) => n.state === 'READY').map((n) => n.name));
  const settled = settledWorkloads(input, workloads, live);
  const nodes = schedNodes(input.nodes, (n) => live.has(n), input.replicas, workloads);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const moves: MovePlan[] = [];
  const moved = new Set<string>();

  const wanted = new Set(input.reasons ?? ALL_MOVE_REASONS);
  // An at-most-one replica moves stop-before-start, with a gap: only a drain is worth that.
  const atMostOne = (name: string) => workloads.get(name)?.spec.disconnect === 'stop';
  const tryMove = (r: ReplicaRecord, candidates: SchedNode[], reason: MoveReason): boolean => {
    if (!wanted.has(reason) || moves.length >= input.maxMoves || moved.has(r.workload)) return false;
    if (reason !== 'drain' && atMostOne(r.workload)) return false;
    const plan = schedule(candidates, [schedRequest(r, workloads.get(r.workload)!)], { mode: 'online' });
    const to = plan.placements[0]?.node;
    if (!to) return false;
    commit(byName.get(to)!, r, workloads.get(r.workload)!);
    moves.push({ workload: r.workload, replica: r.id, from: r.node!, to, reason });
    moved.add(r.workload);
    return true;
  };

  const candidates = (exclude: string) => nodes.filter((n) => n.schedulable && n.name !== exclude);
  const movable = input.replicas
    .filter((r) => r.desired === 'run' && r.node && settled.has(r.workload))
    .sort((a, b) => (a.workload < b.workload ? -1 : a.workload > b.workload ? 1 : b.id - a.id));
  // Looked up per replica and per workload below: indexed once, not searched each time.
  const draining = new Set(input.nodes.filter((n) => n.draining).map((n) => n.name));
  // A cordon keeps what runs on the node where it is: only a drain moves things off it.
  const cordoned = new Set(input.nodes.filter((n) => n.cordoned && !n.draining).map((n) => n.name));
  const movableOf = new Map<string, ReplicaRecord[]>();
  for (const r of movable) {
    const list = movableOf.get(r.workload);
    if (list) list.push(r);
    else movableOf.set(r.workload, [r]);
  }

  // 1. Drain.
  for (const r of movable) {
    const n = byName.get(r.node!);
    if (n && draining.has(n.name)) tryMove(r, candidates(n.name), 'drain');
  }

  // 2. Spread: a workload with two or more replicas on a node, where a node with fewer has room.
  for (const w of input.workloads) {
    if (!settled.has(w.name) || moved.has(w.name)) continue;
    const mine = movableOf.get(w.name) ?? [];
    let crowded: SchedNode | undefined;
    for (const r of mine) {
      const n = byName.get(r.node!)!;
      if (cordoned.has(n.name)) continue;
      if (!crowded || (n.groupCounts![w.name] ?? 0) > (crowded.groupCounts![w.name] ?? 0)) crowded = n;
    }
    const most = crowded ? (crowded.groupCounts![w.name] ?? 0) : 0;
    if (!crowded || most < 2) continue;
    const emptier = candidates(crowded.name).filter((n) => (n.groupCounts![w.name] ?? 0) <= most - 2);
    const victim = mine.find((r) => r.node === crowded!.name)!;
    tryMove(victim, emptier, 'spread');
  }
  if (moves.length > 0 || !wanted.has('compact')) return moves;

  // 3. Compact: empty the least-used node when its replicas fit on the other used nodes without
  // doubling any workload up.
  const used = nodes.filter((n) => Object.values(n.groupCounts!).some((c) => c > 0));
  used.sort((a, b) => load(a) - load(b) || (a.name < b.name ? -1 : 1));
  const source = used.find((n) => !cordoned.has(n.name));
  if (!source || used.length < 2) return moves;
  const onSource = movable.filter((r) => r.node === source.name);
  const all = input.replicas.filter((r) => r.node === source.name);
  if (onSource.length === 0 || onSource.length !== all.length || onSource.some((r) => atMostOne(r.workload)))
    return moves;
  const targets = used.filter((n) => n !== source && n.schedulable);
  const plan = schedule(
    targets,
    onSource.map((r) => schedRequest(r, workloads.get(r.workload)!)),
    { mode: 'batch' },
  );
  if (plan.unplaced.length > 0) return moves;
  const landing = new Map(plan.placements.map((p) => [p.id, p.node]));
  const perTarget = new Map<string, number>();
  for (const r of onSource) {
    const to = landing.get(replicaKey(r.workload, r.id))!;
    const k = `${to}/${r.workload}`;
    perTarget.set(k, (perTarget.get(k) ?? 0) + 1);
    if ((byName.get(to)!.groupCounts![r.workload] ?? 0) + perTarget.get(k)! > 1) return moves;
  }
  for (const r of onSource) {
    if (moves.length >= input.maxMoves || moved.has(r.workload)) continue;
    const to = landing.get(replicaKey(r.workload, r.id))!;
    commit(byName.get(to)!, r, workloads.get(r.workload)!);
    moves.push({ workload: r.workload, replica: r.id, from: source.name, to, reason: 'compact' });
    moved.add(r.workload);
  }
  return moves;
}

function settledWorkloads(
  input: RebalanceInput,
  workloads: Map<string, WorkloadRecord>,
  live: Set<string>,
): Set<string> {
  const unsettled = unsettledWorkloads(input.replicas, input.running, (r) => live.has(r.node!));
  return new Set([...workloads.keys()].filter((w) => !unsettled.has(w)));
}

function load(n: SchedNode): number {
  const cpu = n.capacity.cpuMillis > 0 ? n.allocated.cpuMillis / n.capacity.cpuMillis : 1;
  const mem = n.capacity.memoryBytes > 0 ? n.allocated.memoryBytes / n.capacity.memoryBytes : 1;
  return Math.max(cpu, mem);
}

/** Books a planned move on its target so later moves in the same round see it. */
function commit(target: SchedNode, r: ReplicaRecord, w: WorkloadRecord): void {
  target.allocated.cpuMillis += w.spec.resources.cpuMillis;
  target.allocated.memoryBytes += w.spec.resources.memoryBytes;
  target.groupCounts![r.workload] = (target.groupCounts![r.workload] ?? 0) + 1;
}
