// Carrying out the scheduler's make-room moves: which running replicas may be moved, which moves
// touch running replicas, and when a replica placed on a node that is being made room on may start.
import type { NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import type { Move, Plan, SchedNode, SchedRequest } from '../scheduler';
import { fits, isZero } from '../resources';
import { lastMoveAt, schedRequest, unsettledWorkloads, type LoadView } from '../replica';

/** What a replica placed where room is still being made shows as its reason (waitingForRoom is set). */
export const WAITING_FOR_ROOM = 'waiting for room: ';
/** A replica whose move was given up is not moved to make room again for this long. */
const ROOM_RETRY_MS = 30_000;

/**
 * Running replicas the scheduler may move, by node: only of workloads that are settled (all
 * replicas placed, running and of the current generation, none moving), never of at-most-one workloads (a move runs two
 * copies for a moment), and not again soon after a move of theirs failed.
 */
function movableResidents(
  replicas: readonly ReplicaRecord[],
  workloads: ReadonlyMap<string, WorkloadRecord>,
  running: ReadonlySet<string>,
  now: number,
): Map<string, { replica: ReplicaRecord; request: SchedRequest }[]> {
  // A replica of an older generation is waiting for its rollout: a move would update it early.
  const unsettled = unsettledWorkloads(
    replicas,
    running,
    (r) => r.generation === workloads.get(r.workload)?.generation,
  );
  const out = new Map<string, { replica: ReplicaRecord; request: SchedRequest }[]>();
  for (const r of replicas) {
    const w = workloads.get(r.workload);
    // Every replica of a settled workload is placed; the node check is for the type.
    if (!w || r.node === null || unsettled.has(r.workload) || w.spec.disconnect === 'stop') continue;
    if (now - lastMoveAt(r) < ROOM_RETRY_MS) continue;
    const entry = { replica: r, request: schedRequest(r, w) };
    const list = out.get(r.node);
    if (list) list.push(entry);
    else out.set(r.node, [entry]);
  }
  return out;
}

/** Gives each scheduler node its movable residents; returns their replicas by request id. */
export function attachResidents(
  nodes: SchedNode[],
  replicas: readonly ReplicaRecord[],
  workloads: ReadonlyMap<string, WorkloadRecord>,
  running: ReadonlySet<string>,
  now: number,
): Map<string, ReplicaRecord> {
  const movable = movableResidents(replicas, workloads, running, now);
  const byId = new Map<string, ReplicaRecord>();
  for (const n of nodes) {
    const here = movable.get(n.name) ?? [];
    n.residents = here.map((m) => m.request);
    for (const m of here) byId.set(m.request.id, m.replica);
  }
  return byId;
}

/** Some placement lands on a node that held nothing before. */
export function opensHost(nodes: readonly SchedNode[], plan: Plan): boolean {
  const empty = new Set(nodes.filter((n) => isZero(n.allocated)).map((n) => n.name));
  return plan.placements.some((p) => empty.has(p.node));
}

/** The scheduler's moves of residents, one per replica (from where it is to where it ends). */
export function residentMoves(moves: readonly Move[], residents: { has(id: string): boolean }): Move[] {
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
  constructor(
    private readonly nodes: ReadonlyMap<string, NodeRecord>,
    private readonly load: LoadView,
  ) {}

  /** Everything assigned to the node fits it. */
  fits(node: string): boolean {
    const n = this.nodes.get(node);
    if (!n) return false;
    return fits(this.load.node(node).allocated, { cpuMillis: n.cpuMillis, memoryBytes: n.memoryBytes });
  }

  /** Something on the node is being stopped or moved away. */
  isFreeing(node: string): boolean {
    return this.load.node(node).freeing > 0;
  }
}
