// Carrying out the scheduler's make-room moves: which running replicas may be moved, which moves
// touch running replicas, and when a replica placed on a node that is being made room on may start.
import type { NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import type { Move, Plan, SchedNode, SchedRequest } from '../scheduler';
import { replicaKey, schedRequest } from './placement';

/** Reason on a replica placed where room is still being made; it starts once the room is there. */
export const WAITING_FOR_ROOM = 'waiting for room: ';
/** A replica whose move was given up is not moved to make room again for this long. */
const ROOM_RETRY_MS = 30_000;

export function isWaitingForRoom(r: ReplicaRecord): boolean {
  return r.reason.startsWith(WAITING_FOR_ROOM);
}

/**
 * Running replicas the scheduler may move, by node: only of workloads that are settled (all
 * replicas placed, running and of the current generation, none moving), never of at-most-one workloads (a move runs two
 * copies for a moment), and not again soon after a move of theirs failed.
 */
export function movableResidents(
  replicas: readonly ReplicaRecord[],
  workloads: ReadonlyMap<string, WorkloadRecord>,
  running: ReadonlySet<string>,
  now: number,
): Map<string, SchedRequest[]> {
  const unsettled = new Set<string>();
  for (const r of replicas) {
    // A replica of an older generation is waiting for its rollout: a move would update it early.
    const stale = r.generation !== workloads.get(r.workload)?.generation;
    if (r.desired !== 'run' || r.replaces !== null || r.node === null || stale || !running.has(replicaKey(r.workload, r.id))) unsettled.add(r.workload);
  }
  const out = new Map<string, SchedRequest[]>();
  for (const r of replicas) {
    const w = workloads.get(r.workload);
    if (!w || unsettled.has(r.workload) || w.spec.disconnect === 'stop' || now - r.movedAt < ROOM_RETRY_MS) continue;
    const list = out.get(r.node!);
    if (list) list.push(schedRequest(r, w));
    else out.set(r.node!, [schedRequest(r, w)]);
  }
  return out;
}

/** Gives each scheduler node its movable residents; returns their ids. */
export function attachResidents(
  nodes: SchedNode[],
  replicas: readonly ReplicaRecord[],
  workloads: ReadonlyMap<string, WorkloadRecord>,
  running: ReadonlySet<string>,
  now: number,
): Set<string> {
  const movable = movableResidents(replicas, workloads, running, now);
  const ids = new Set<string>();
  for (const n of nodes) {
    n.residents = movable.get(n.name) ?? [];
    for (const q of n.residents) ids.add(q.id);
  }
  return ids;
}

/** Some placement lands on a node that held nothing before. */
export function opensHost(nodes: readonly SchedNode[], plan: Plan): boolean {
  const empty = new Set(nodes.filter((n) => n.allocated.cpuMillis === 0 && n.allocated.memoryBytes === 0).map((n) => n.name));
  return plan.placements.some((p) => empty.has(p.node));
}

/** The scheduler's moves of residents, one per replica (from where it is to where it ends). */
export function residentMoves(moves: readonly Move[], residents: ReadonlySet<string>): Move[] {
  const byId = new Map<string, Move>();
  for (const m of moves) {
    if (!residents.has(m.id)) continue;
    const seen = byId.get(m.id);
    if (seen) seen.to = m.to;
    else byId.set(m.id, { ...m });
  }
  return [...byId.values()].filter((m) => m.from !== m.to);
}

/** What each node has promised (every replica assigned there) and whether room is being freed. */
export class NodeRoom {
  private readonly cpu = new Map<string, number>();
  private readonly mem = new Map<string, number>();
  private readonly freeing = new Set<string>();

  constructor(
    private readonly nodes: ReadonlyMap<string, NodeRecord>,
    replicas: readonly ReplicaRecord[],
    workloads: ReadonlyMap<string, WorkloadRecord>,
  ) {
    const byKey = new Map(replicas.map((r) => [replicaKey(r.workload, r.id), r]));
    for (const r of replicas) {
      if (!r.node) continue;
      const res = workloads.get(r.workload)?.spec.resources;
      if (res) {
        this.cpu.set(r.node, (this.cpu.get(r.node) ?? 0) + res.cpuMillis);
        this.mem.set(r.node, (this.mem.get(r.node) ?? 0) + res.memoryBytes);
      }
      if (r.desired === 'stop') this.freeing.add(r.node);
      if (r.replaces !== null && r.desired === 'run') {
        const old = byKey.get(replicaKey(r.workload, r.replaces));
        if (old?.node) this.freeing.add(old.node);
      }
    }
  }

  /** Everything assigned to the node fits it. */
  fits(node: string): boolean {
    const n = this.nodes.get(node);
    return !!n && (this.cpu.get(node) ?? 0) <= n.cpuMillis && (this.mem.get(node) ?? 0) <= n.memoryBytes;
  }

  /** Something on the node is being stopped or moved away. */
  isFreeing(node: string): boolean {
    return this.freeing.has(node);
  }
}
