// Free-capacity index over a set of nodes, so a placement looks at a handful of candidates
// instead of every node.
//
// Used nodes sit in buckets keyed by their free amount in the key dimension (CPU); a max-tree over
// the buckets holds the largest free amount of the bound dimension (memory) in each, so "the first
// bucket at or above this CPU that may have this much memory" is a tree descent. Both are
// prefilters: the resource columns' `fits` decides, so every dimension is checked. Best fit is then the tightest node in the first bucket with a feasible node.
// Empty nodes are kept apart, in opening order, because opening a host is a different decision
// (which host to add) from packing one (which used host is tightest).

import type { ResourceVector } from '../resources';
import type { Cluster, NodeObserver } from './cluster';

const TARGET_BUCKETS = 4096;

/** Optional per-node veto: nodes already holding the group (soft anti-affinity), or a move's source. */
export type Exclusion = { has(node: number): boolean } | null;

export class NodeIndex implements NodeObserver {
  private readonly quantum: number;
  private readonly leaves: number;
  private readonly tree: Float64Array;
  private readonly buckets: number[][];
  private readonly bucketOf: Int32Array;
  private readonly posOf: Int32Array;
  private readonly empties: Int32Array;
  private head = 0;

  constructor(
    private readonly cluster: Cluster,
    members: ArrayLike<number>,
    rank: Int32Array,
  ) {
    let maxKey = 1;
    for (let i = 0; i < members.length; i++) maxKey = Math.max(maxKey, cluster.amounts.capacityKey(members[i]));
    this.quantum = Math.max(1, Math.ceil(maxKey / TARGET_BUCKETS));
    const nb = Math.floor(maxKey / this.quantum) + 1;
    let leaves = 1;
    while (leaves < nb) leaves <<= 1;
    this.leaves = leaves;
    this.tree = new Float64Array(2 * leaves).fill(-Infinity);
    this.buckets = Array.from({ length: nb }, () => []);
    this.bucketOf = new Int32Array(cluster.n).fill(-1);
    this.posOf = new Int32Array(cluster.n);
    const empties: number[] = [];
    for (let i = 0; i < members.length; i++) {
      const node = members[i];
      if (!cluster.schedulable[node]) continue;
      cluster.observe(node, this);
      if (cluster.used[node]) this.insert(node);
      else empties.push(node);
    }
    empties.sort((a, b) => rank[a] - rank[b]);
    this.empties = Int32Array.from(empties);
  }

  nodeChanged(node: number, wasEmpty: boolean): void {
    if (!wasEmpty) this.remove(node);
    this.insert(node);
  }

  /** Best node for the request: the tightest used node, else the first empty one in opening order. */
  best(need: ResourceVector, exclude: Exclusion): number {
    const used = this.bestUsed(need, exclude);
    return used >= 0 ? used : this.firstEmpty(need, exclude);
  }

  bestUsed(need: ResourceVector, exclude: Exclusion): number {
    const { amounts } = this.cluster;
    const bound = amounts.needBound(need);
    let b = Math.max(0, Math.floor(amounts.needKey(need) / this.quantum));
    while (b < this.buckets.length) {
      b = this.nextBucket(b, bound);
      if (b < 0) return -1;
      const bucket = this.buckets[b];
      let best = -1;
      let bestScore = Infinity;
      let maxBound = -Infinity;
      for (let i = 0; i < bucket.length; i++) {
        const node = bucket[i];
        const fb = amounts.freeBound(node);
        if (fb > maxBound) maxBound = fb;
        if (!amounts.fits(node, need)) continue;
        if (exclude !== null && exclude.has(node)) continue;
        const score = amounts.leftover(node, need);
        if (score < bestScore || (score === bestScore && node < best)) {
          bestScore = score;
          best = node;
        }
      }
      // Scanning gave the bucket's exact bound maximum; removals only ever left an upper bound.
      this.setLeaf(b, maxBound);
      if (best >= 0) return best;
      b++;
    }
    return -1;
  }

  /** Visits used nodes from the most free key amount (CPU) down until `visit` returns false. */
  visitUsedByFreeKey(visit: (node: number) => boolean): void {
    for (let b = this.buckets.length - 1; b >= 0; b--) {
      const bucket = this.buckets[b];
      for (let i = 0; i < bucket.length; i++) if (!visit(bucket[i])) return;
    }
  }

  firstEmpty(need: ResourceVector, exclude: Exclusion): number {
    const { used, amounts } = this.cluster;
    const e = this.empties;
    while (this.head < e.length && used[e[this.head]]) this.head++;
    for (let i = this.head; i < e.length; i++) {
      const node = e[i];
      if (used[node] || !amounts.fits(node, need)) continue;
      if (exclude !== null && exclude.has(node)) continue;
      return node;
    }
    return -1;
  }

  private insert(node: number): void {
    const { amounts } = this.cluster;
    const b = Math.min(this.buckets.length - 1, Math.max(0, Math.floor(amounts.freeKey(node) / this.quantum)));
    const bucket = this.buckets[b];
    this.bucketOf[node] = b;
    this.posOf[node] = bucket.length;
    bucket.push(node);
    const bound = amounts.freeBound(node);
    let i = b + this.leaves;
    while (i >= 1 && this.tree[i] < bound) {
      this.tree[i] = bound;
      i >>= 1;
    }
  }

  private remove(node: number): void {
    const b = this.bucketOf[node];
    if (b < 0) return;
    const bucket = this.buckets[b];
    const pos = this.posOf[node];
    const last = bucket.pop();
    if (last === undefined) throw new Error(`node index: bucket ${b} of node ${node} is empty`);
    if (last !== node) {
      bucket[pos] = last;
      this.posOf[last] = pos;
    }
    this.bucketOf[node] = -1;
  }

  private setLeaf(b: number, value: number): void {
    let i = b + this.leaves;
    if (this.tree[i] === value) return;
    this.tree[i] = value;
    for (i >>= 1; i >= 1; i >>= 1) {
      const v = Math.max(this.tree[2 * i], this.tree[2 * i + 1]);
      if (this.tree[i] === v) break;
      this.tree[i] = v;
    }
  }

  /** Smallest bucket >= from whose bound maximum reaches `bound`, or -1. */
  private nextBucket(from: number, bound: number): number {
    const t = this.tree;
    let i = from + this.leaves;
    for (;;) {
      if (t[i] >= bound) break;
      while (i & 1) i >>= 1;
      if (i === 0) return -1;
      i++;
    }
    while (i < this.leaves) {
      i <<= 1;
      if (t[i] < bound) i++;
    }
    return i - this.leaves;
  }
}
