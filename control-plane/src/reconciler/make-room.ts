// Carrying out the scheduler's make-room moves: which running replicas may be moved, which moves
// touch running replicas, and when a replica placed on a node that is being made room on may start.
import type { NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import type { Capacity, Move, Residents, SchedNode, SchedRequest } from '../scheduler';
import { fits, raiseInto } from '../resources';
import { lastMoveAt, schedRequest, type LoadView, type ReplicaTable } from '../replica';
import type { PassView } from './pass-view';

/** What a replica placed where room is still being made shows as its reason (waitingForRoom is set). */
export const WAITING_FOR_ROOM = 'waiting for room: ';
/** A replica whose move was given up is not moved to make room again for this long. */
const ROOM_RETRY_MS = 30_000;

/**
 * The running replicas the scheduler may move, node by node as it asks: only of workloads that
 * are settled (all replicas placed, running and of the current generation, none moving), never of
 * at-most-one workloads (a move runs two copies for a moment), and not again soon after a move of
 * theirs failed. Moves land only on settled nodes (see replica/settled).
 */
export class RoomResidents implements Residents {
  readonly bound: Capacity = { cpuMillis: 0, memoryBytes: 0 };
  /** Every resident handed to the scheduler, by request id. */
  readonly byId = new Map<string, ReplicaRecord>();

  constructor(
    private readonly now: number,
    private readonly workloads: ReadonlyMap<string, WorkloadRecord>,
    private readonly replicas: ReplicaTable,
    private readonly load: LoadView,
    private readonly view: PassView,
  ) {
    for (const w of workloads.values()) if (w.spec.disconnect !== 'stop') raiseInto(this.bound, w.spec.resources);
  }

  of(node: SchedNode): SchedRequest[] {
    const out: SchedRequest[] = [];
    const groups = this.load.node(node.name).groups;
    // for-in: the groups inherit the counts of the load the pass started from.
    for (const name in groups) {
      const w = this.workloads.get(name);
      if (!w || !(groups[name] > 0) || w.spec.disconnect === 'stop' || !this.view.settledAt(name, w.generation))
        continue;
      for (const r of this.replicas.of(name)?.values() ?? []) {
        if (r.node !== node.name || this.now - lastMoveAt(r) < ROOM_RETRY_MS) continue;
        const request = schedRequest(r, w);
        this.byId.set(request.id, r);
        out.push(request);
      }
    }
    return out;
  }

  takesMoves(node: SchedNode): boolean {
    return this.view.takesMoves(node.name);
  }
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
