// The rebalancer: pure planning of voluntary moves (drain, spread, compact). No I/O.
import type { NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { book, groupCount, nodeOf, replicaKey, schedNodes, schedRequest, unsettledWorkloads } from '../replica';
import { fullness } from '../resources';
import { holdsAny, schedule, type SchedNode } from '../scheduler';

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
  /**
   * Nodes no move may land on yet (back from DOWN and not yet settled: see replica/settled);
   * absent: none. Moves away from them are fine.
   */
  unsettled?: ReadonlySet<string>;
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
  // Every movable replica is of a settled, hence known, workload and placed on a live node.
  const workloadOf = (name: string): WorkloadRecord => {
    const w = workloads.get(name);
    if (!w) throw new Error(`rebalancer: workload ${name} of a movable replica is unknown`);
    return w;
  };
  const nodeNamed = (name: string): SchedNode => {
    const n = byName.get(name);
    if (!n) throw new Error(`rebalancer: node ${name} is not a live node`);
    return n;
  };
  const moves: MovePlan[] = [];
  const moved = new Set<string>();

  const wanted = new Set(input.reasons ?? ALL_MOVE_REASONS);
  // An at-most-one replica moves stop-before-start, with a gap: only a drain is worth that.
  const atMostOne = (name: string) => workloads.get(name)?.spec.disconnect === 'stop';
  const tryMove = (r: ReplicaRecord, candidates: SchedNode[], reason: MoveReason): boolean => {
    if (!wanted.has(reason) || moves.length >= input.maxMoves || moved.has(r.workload)) return false;
    if (reason !== 'drain' && atMostOne(r.workload)) return false;
    const w = workloadOf(r.workload);
    const plan = schedule(candidates, [schedRequest(r, w)], { mode: 'online' });
    const to = plan.placements[0]?.node;
    if (!to) return false;
    book(nodeNamed(to), r.workload, w.spec.resources, w);
    moves.push({ workload: r.workload, replica: r.id, from: nodeOf(r), to, reason });
    moved.add(r.workload);
    return true;
  };

  const unsettled = input.unsettled ?? new Set<string>();
  const takesMoves = (n: SchedNode) => n.schedulable && !unsettled.has(n.name);
  const candidates = (exclude: string) => nodes.filter((n) => takesMoves(n) && n.name !== exclude);
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
    const n = r.node === null ? undefined : byName.get(r.node);
    if (n && draining.has(n.name)) tryMove(r, candidates(n.name), 'drain');
  }

  // 2. Spread: a workload with two or more replicas on a node, where a node with fewer has room.
  for (const w of input.workloads) {
    if (!settled.has(w.name) || moved.has(w.name)) continue;
    const mine = movableOf.get(w.name) ?? [];
    let crowded: SchedNode | undefined;
    for (const r of mine) {
      const n = nodeNamed(nodeOf(r));
      if (cordoned.has(n.name)) continue;
      if (!crowded || groupCount(n, w.name) > groupCount(crowded, w.name)) crowded = n;
    }
    if (!crowded) continue;
    const from = crowded;
    const most = groupCount(from, w.name);
    if (most < 2) continue;
    const emptier = candidates(from.name).filter((n) => groupCount(n, w.name) <= most - 2);
    const victim = mine.find((r) => r.node === from.name);
    if (victim) tryMove(victim, emptier, 'spread');
  }
  if (moves.length > 0 || !wanted.has('compact')) return moves;

  // 3. Compact: empty the least-used node when its replicas fit on the other used nodes without
  // doubling any workload up.
  const used = nodes.filter((n) => holdsAny(n.groupCounts));
  used.sort((a, b) => load(a) - load(b) || (a.name < b.name ? -1 : 1));
  const source = used.find((n) => !cordoned.has(n.name));
  if (!source || used.length < 2) return moves;
  const onSource = movable.filter((r) => r.node === source.name);
  const all = input.replicas.filter((r) => r.node === source.name);
  if (onSource.length === 0 || onSource.length !== all.length || onSource.some((r) => atMostOne(r.workload)))
    return moves;
  const targets = used.filter((n) => n !== source && takesMoves(n));
  const plan = schedule(
    targets,
    onSource.map((r) => schedRequest(r, workloadOf(r.workload))),
    { mode: 'batch' },
  );
  if (plan.unplaced.length > 0) return moves;
  const landing = new Map(plan.placements.map((p) => [p.id, p.node]));
  const landingOf = (r: ReplicaRecord): string => {
    const to = landing.get(replicaKey(r.workload, r.id));
    if (!to) throw new Error(`rebalancer: compact plan placed nothing for ${replicaKey(r.workload, r.id)}`);
    return to;
  };
  const perTarget = new Map<string, number>();
  for (const r of onSource) {
    const to = landingOf(r);
    const k = `${to}/${r.workload}`;
    const arriving = (perTarget.get(k) ?? 0) + 1;
    perTarget.set(k, arriving);
    if (groupCount(nodeNamed(to), r.workload) + arriving > 1) return moves;
  }
  for (const r of onSource) {
    if (moves.length >= input.maxMoves || moved.has(r.workload)) continue;
    const to = landingOf(r);
    book(nodeNamed(to), r.workload, workloadOf(r.workload).spec.resources, workloadOf(r.workload));
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
  // Settled replicas are placed: the test sees a node.
  const unsettled = unsettledWorkloads(input.replicas, input.running, (r) => r.node !== null && live.has(r.node));
  return new Set([...workloads.keys()].filter((w) => !unsettled.has(w)));
}

function load(n: SchedNode): number {
  return fullness(n.allocated, n.capacity);
}
