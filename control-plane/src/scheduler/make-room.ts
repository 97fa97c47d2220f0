// Making room: before an online request opens an empty node, one replica already placed on a used
// node may move to another used node so that the request fits where it packs tightly. Best fit
// alone ends 5-6 % above the optimum on uniform sizes because every gap it leaves is final; one
// move per opened node, when it saves that node, recovers about half of that.

import {
  fits as fitsExport,
  needsPorts,
  NodeVectors,
  raiseInto as raiseIntoExport,
  zero,
  type ResourceVector,
} from '../resources';
import type { Cluster } from './cluster';
import type { ConstraintClass, Placer } from './placer';
import type { Move, Residents, SchedNode, SchedRequest } from './types';

// Bound once: the package index re-exports through getters, a call each on every visited item.
const fits = fitsExport;
const raiseInto = raiseIntoExport;

/** Bounds on one attempt, so a large cluster pays a constant per node it would open. */
const MAX_NODE_VISITS = 256;
const MAX_ITEM_CHECKS = 1024;
const MAX_TARGET_SEARCHES = 64;

interface Candidate {
  item: number;
  from: number;
  to: number;
  score: number;
}

export class RoomMaker {
  /**
   * What sits on each node and may move: i >= 0 is request i of this call, i < 0 is resident ~i
   * (placed before the call). Numbers, not objects: every request of a large call lands here.
   */
  private readonly items: number[][];
  private readonly residents: SchedRequest[] = [];
  /** Largest movable request per dimension: a node with less free than (request - this) cannot help. */
  private readonly maxMovable: ResourceVector = zero();
  /** Per node, bounds on its largest movable request (they only grow), to skip a node at a glance. */
  private readonly nodeMax: NodeVectors;
  /**
   * Per node, what residents moving away will free. A resident's new copy starts at once (only
   * then does the old one stop), so it may only land where there is room without these.
   */
  private readonly leaving: NodeVectors;
  /**
   * Per constraint class and group, the smallest replica for which no other used node had room.
   * Valid while used nodes only fill up: dropped when a node opens or a move frees room.
   */
  private readonly misses = new Map<ConstraintClass, Map<string, ResourceVector>>();
  private missesAt = -1;
  /** Every move made, in order: of residents and of requests placed earlier in the call. */
  readonly log: Move[] = [];
  /** Per node: 1 once its residents are among its items. */
  private readonly loaded: Uint8Array;
  /** Per node: 0 not yet asked, 1 takes moves, 2 does not. */
  private readonly takes: Uint8Array;
  private readonly residentsOf: (node: SchedNode) => readonly SchedRequest[];
  private readonly takesMovesOf: (node: SchedNode) => boolean;

  constructor(
    private readonly cluster: Cluster,
    private readonly placer: Placer,
    private readonly requests: readonly SchedRequest[],
    private readonly assign: Int32Array,
    lazy?: Residents,
  ) {
    this.items = Array.from({ length: cluster.n }, () => []);
    this.nodeMax = new NodeVectors(cluster.n);
    this.leaving = new NodeVectors(cluster.n);
    this.loaded = new Uint8Array(cluster.n);
    this.takes = new Uint8Array(cluster.n);
    this.residentsOf = lazy ? (n) => lazy.of(n) : (n) => n.residents ?? [];
    this.takesMovesOf = lazy ? (n) => lazy.takesMoves(n) : (n) => n.takesMoves !== false;
    // Given lazily, a node's residents join its items when the search first reaches it, and the
    // bound stands in for the largest of them until then; otherwise all are known now.
    if (lazy) raiseInto(this.maxMovable, lazy.bound);
    else for (let i = 0; i < cluster.n; i++) this.load(i);
  }

  /** Adds the node's residents to its items, ahead of requests of this call placed there. */
  private load(node: number): void {
    if (this.loaded[node]) return;
    this.loaded[node] = 1;
    const placed = this.items[node];
    this.items[node] = [];
    for (const req of this.residentsOf(this.cluster.nodes[node])) {
      this.residents.push(req);
      this.add(node, ~(this.residents.length - 1));
    }
    for (const item of placed) this.items[node].push(item);
  }

  private takesMoves(node: number): boolean {
    if (this.takes[node] === 0) this.takes[node] = this.takesMovesOf(this.cluster.nodes[node]) ? 1 : 2;
    return this.takes[node] === 1;
  }

  /** Records request `r` of this call as placed on `node`, movable by later requests. */
  placed(node: number, r: number): void {
    this.add(node, r);
  }

  /**
   * Moves one placed replica so `req` fits on a used node and returns that node (the caller
   * commits the request there), or -1 when no single move helps.
   */
  makeRoomFor(req: SchedRequest, cls: ConstraintClass): number {
    const best = this.search(req, cls);
    if (!best) return -1;
    const { item, from, to } = best;
    const moved = this.req(item);
    this.placer.uncommit(moved, from);
    const list = this.items[from];
    list.splice(list.indexOf(item), 1);
    this.placer.commit(moved, to);
    this.add(to, item);
    if (item >= 0) this.assign[item] = to;
    else this.leaving.add(from, moved);
    this.misses.clear();
    this.log.push({ id: moved.id, from: this.cluster.nodes[from].name, to: this.cluster.nodes[to].name });
    return from;
  }

  private req(item: number): SchedRequest {
    return item >= 0 ? this.requests[item] : this.residents[~item];
  }

  private add(node: number, item: number): void {
    const x = this.req(item);
    // A replica holding host ports stays where it is: its ports are what it was placed by, and a
    // move would have to find them free on the target too.
    if (needsPorts(x)) return;
    this.items[node].push(item);
    raiseInto(this.maxMovable, x);
    this.nodeMax.raise(node, x);
  }

  private search(req: SchedRequest, cls: ConstraintClass): Candidate | null {
    const { cluster, placer } = this;
    const { amounts } = cluster;
    const group = placer.existing(req.group);
    let best: Candidate | null = null;
    let visits = 0;
    let checks = 0;
    let searches = 0;
    // Indexed nodes come freest first: the likeliest to need only a small move.
    const visit = (from: number): boolean => {
      if (amounts.keyShort(from, this.maxMovable, req)) return cls.index === null;
      if (!cluster.used[from] || !cls.mask[from]) return true;
      if (++visits > MAX_NODE_VISITS) return false;
      this.load(from);
      if (!amounts.fitsFreeingAt(from, this.nodeMax, req)) return true;
      // The request keeps its spread: its node must hold none of its group once the move is done.
      const here = group?.counts.get(from) ?? 0;
      if (here > 1) return true;
      for (const item of this.items[from]) {
        if (++checks > MAX_ITEM_CHECKS) return false;
        const x = this.req(item);
        if (!amounts.fitsFreeing(from, x, req)) continue;
        if (here > 0 && x.group !== req.group) continue;
        if (++searches > MAX_TARGET_SEARCHES) return false;
        const to = this.target(x, from, item < 0);
        if (to < 0) continue;
        const score = amounts.leftoverFreeing(from, x, req) + amounts.leftover(to, x);
        if (!best || score < best.score) best = { item, from, to, score };
      }
      return true;
    };
    if (cls.index) cls.index.visitUsedByFreeKey(visit);
    else for (const node of cls.members) if (!visit(node)) break;
    return best;
  }

  /** The tightest other used node that takes the replica without doubling up its group. */
  private target(x: SchedRequest, from: number, resident: boolean): number {
    const cls = this.placer.classOf(x);
    if (this.missesAt !== this.cluster.openings) {
      this.misses.clear();
      this.missesAt = this.cluster.openings;
    }
    let byGroup = this.misses.get(cls);
    if (!byGroup) this.misses.set(cls, (byGroup = new Map()));
    // A miss excluded its source node, so reusing it may skip a move onto that node: a lost
    // chance, never a wrong move.
    const miss = byGroup.get(x.group);
    if (miss && fits(miss, x)) return -1;
    const found = this.findTarget(x, from, cls, resident);
    if (found < 0 && (!miss || fits(x, miss))) byGroup.set(x.group, x);
    return found;
  }

  private findTarget(x: SchedRequest, from: number, cls: ConstraintClass, resident: boolean): number {
    const { cluster, placer, leaving } = this;
    const { amounts } = cluster;
    const counts = placer.existing(x.group)?.counts;
    // A resident's new copy starts at once: only where it fits beside what is still leaving, and
    // only on a node that takes moves.
    const barred = (node: number) => resident && (!this.takesMoves(node) || !amounts.fitsHolding(node, leaving, x));
    const exclude = { has: (node: number) => node === from || (counts?.has(node) ?? false) || barred(node) };
    if (cls.index) return cls.index.bestUsed(x, exclude);
    let best = -1;
    let bestScore = Infinity;
    for (const node of cls.members) {
      if (!cluster.used[node] || exclude.has(node) || !cluster.fits(node, x)) continue;
      const score = amounts.leftover(node, x);
      if (score < bestScore) {
        best = node;
        bestScore = score;
      }
    }
    return best;
  }
}
