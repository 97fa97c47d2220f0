// Batch improvement: repeatedly try to close the emptiest hosts of a plan.
//
// The items of the least-filled host(s) become a free pool. Each remaining host then tries to
// swap up to two of its items for up to two pool items that fill it more (bigger items go in,
// smaller ones come out, and small items are easier to fit elsewhere). A pool that empties means
// a host fewer; otherwise the pool is repacked best-fit and the next attempt starts from that
// perturbed plan. Only this plan's items move; anti-affinity and constraints are kept per move.

import {
  addInto as addIntoExport,
  clearInto as clearIntoExport,
  compareDescending,
  zero,
  type ResourceColumns,
} from '../resources';
import type { SchedRequest } from './types';

// Bound once: the package index re-exports through getters, and a getter per call in this loop
// measured twice the batch run time.
const addInto = addIntoExport;
const clearInto = clearIntoExport;

export interface ImproveInput {
  n: number;
  /** Capacity, and free amounts before any of this plan's items. */
  base: ResourceColumns;
  preUsed: Uint8Array;
  schedulable: Uint8Array;
  rank: Int32Array;
  requests: readonly SchedRequest[];
  /** Constraint-class membership per request (null: any schedulable node). */
  masks: (Uint8Array | null)[];
  /** Group id per request, -1 when the group needs no spreading bookkeeping. */
  groupOf: Int32Array;
  /** Replicas per node that existed before this plan, per tracked group. */
  baseCounts: Map<number, number>[];
  /** Abstract unit of work: bounds run time deterministically. */
  budget: number;
}

const EPS = 1e-9;
const MAX_FAILS = 300;

export function improve(input: ImproveInput, start: Int32Array): Int32Array {
  const s = new Search(input);
  s.load(start);
  let best = start.slice();
  let bestBins = s.planBins();
  let fails = 0;
  while (fails < MAX_FAILS && s.work < input.budget) {
    const targets = s.targets(fails);
    if (targets.length === 0) break;
    const ok = s.attempt(targets);
    const bins = s.planBins();
    if (ok && bins < bestBins) {
      bestBins = bins;
      best = s.assign.slice();
      fails = 0;
    } else {
      fails++;
      if (!ok || bins > bestBins) s.load(best);
    }
  }
  return best;
}

class Search {
  readonly amounts: ResourceColumns;
  items: number[][] = [];
  counts: Map<number, number>[] = [];
  assign: Int32Array = new Int32Array(0);
  work = 0;

  constructor(private readonly in_: ImproveInput) {
    this.amounts = in_.base.clone();
  }

  load(assign: Int32Array): void {
    const I = this.in_;
    this.assign = assign.slice();
    this.amounts.copyFreeFrom(I.base);
    this.items = Array.from({ length: I.n }, () => []);
    this.counts = I.baseCounts.map((m) => new Map(m));
    for (let r = 0; r < assign.length; r++) if (assign[r] >= 0) this.add(r, assign[r]);
  }

  planBins(): number {
    let bins = 0;
    for (let i = 0; i < this.in_.n; i++) if (!this.in_.preUsed[i] && this.items[i].length > 0) bins++;
    return bins;
  }

  /**
   * The emptiest host opened by this plan, plus, after failures, a few pseudo-random others: their
   * items widen the pool so the swaps can reach packings the emptiest host alone cannot.
   */
  targets(fails: number): number[] {
    const I = this.in_;
    const bins: number[] = [];
    for (let i = 0; i < I.n; i++) if (!I.preUsed[i] && this.items[i].length > 0) bins.push(i);
    if (bins.length === 0) return [];
    bins.sort((a, b) => this.amounts.fillSum(a) - this.amounts.fillSum(b) || a - b);
    const out = [bins[0]];
    const extra = Math.min(fails % 4, bins.length - 1);
    while (out.length < 1 + extra) {
      const pick = bins[1 + Math.floor(this.random() * (bins.length - 1))];
      if (!out.includes(pick)) out.push(pick);
    }
    return out;
  }

  /** Seeded, so batch plans are reproducible. */
  private seed = 0x9e3779b9;
  private random(): number {
    this.seed = (Math.imul(this.seed ^ (this.seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return ((this.seed ^ (this.seed >>> 13)) >>> 0) / 4294967296;
  }

  attempt(targets: number[]): boolean {
    const closed = new Set(targets);
    const pool: number[] = [];
    for (const t of targets) {
      for (const r of [...this.items[t]]) {
        this.remove(r);
        pool.push(r);
      }
    }
    const hosts: number[] = [];
    for (let i = 0; i < this.in_.n; i++) if (this.items[i].length > 0 || this.in_.preUsed[i]) hosts.push(i);
    let progress = true;
    while (progress && pool.length > 0 && this.work < this.in_.budget) {
      progress = false;
      for (const h of hosts) {
        if (closed.has(h) || !this.in_.schedulable[h]) continue;
        if (this.improveHost(h, pool)) progress = true;
        if (pool.length === 0) break;
      }
    }
    return this.repack(pool);
  }

  private weight(r: number, node: number): number {
    return this.amounts.weight(node, this.in_.requests[r]);
  }

  /** Whether request r may join node once the `out` items have left it. */
  private allowed(r: number, node: number, out: number[], spread = true): boolean {
    const I = this.in_;
    const mask = I.masks[r];
    if (mask && !mask[node]) return false;
    if (mask === null && !I.schedulable[node]) return false;
    const g = I.groupOf[r];
    if (g < 0 || !spread) return true;
    let c = this.counts[g].get(node) ?? 0;
    for (const o of out) if (I.groupOf[o] === g) c--;
    return c <= 0;
  }

  /** Applies the best swap of <=2 host items for <=2 pool items that fills the host more. */
  private improveHost(h: number, pool: number[]): boolean {
    const I = this.in_;
    const reqs = I.requests;
    const mine = this.items[h];
    const outs: number[][] = [[]];
    for (let i = 0; i < mine.length; i++) outs.push([mine[i]]);
    if (mine.length <= 12)
      for (let i = 0; i < mine.length; i++) for (let j = i + 1; j < mine.length; j++) outs.push([mine[i], mine[j]]);
    const ins: number[][] = [];
    for (let i = 0; i < pool.length; i++) ins.push([pool[i]]);
    if (pool.length <= 24)
      for (let i = 0; i < pool.length; i++) for (let j = i + 1; j < pool.length; j++) ins.push([pool[i], pool[j]]);
    // Accumulators reused across the candidates: this loop is the batch mode's inner loop.
    const freed = zero();
    const taken = zero();
    const { amounts } = this;
    let bestGain = EPS;
    let bestOut: number[] | null = null;
    let bestIn: number[] | null = null;
    for (const out of outs) {
      clearInto(freed);
      let ow = 0;
      for (const o of out) {
        addInto(freed, reqs[o]);
        ow += this.weight(o, h);
      }
      for (const inn of ins) {
        this.work++;
        clearInto(taken);
        let iw = 0;
        for (const p of inn) {
          addInto(taken, reqs[p]);
          iw += this.weight(p, h);
        }
        if (!amounts.fitsFreeing(h, freed, taken) || iw - ow <= bestGain) continue;
        if (!inn.every((p) => this.allowed(p, h, out))) continue;
        if (inn.length === 2 && I.groupOf[inn[0]] >= 0 && I.groupOf[inn[0]] === I.groupOf[inn[1]]) continue;
        bestGain = iw - ow;
        bestOut = out;
        bestIn = inn;
      }
    }
    if (!bestIn || !bestOut) return false;
    for (const o of bestOut) {
      this.remove(o);
      pool.push(o);
    }
    for (const p of bestIn) {
      pool.splice(pool.indexOf(p), 1);
      this.add(p, h);
    }
    return true;
  }

  /** Puts leftover pool items back, largest first: tightest allowed used host, else open one. */
  private repack(pool: number[]): boolean {
    const I = this.in_;
    const reqs = I.requests;
    pool.sort((a, b) => compareDescending(reqs[a], reqs[b]) || a - b);
    for (const r of pool) {
      // A group that already covers every feasible host may double up rather than fail.
      const node = this.bestHost(r, true);
      const chosen = node >= 0 ? node : this.bestHost(r, false);
      if (chosen < 0) return false;
      this.add(r, chosen);
    }
    return true;
  }

  private bestHost(r: number, spread: boolean): number {
    const I = this.in_;
    const q = I.requests[r];
    let best = -1;
    let bestKey = Infinity;
    for (let h = 0; h < I.n; h++) {
      this.work++;
      if (!this.amounts.fits(h, q) || !this.allowed(r, h, [], spread)) continue;
      const used = this.items[h].length > 0 || I.preUsed[h];
      // Used hosts by how full they end up; empty ones after all of them, in opening order.
      const key = used ? -this.amounts.fillSum(h) - this.weight(r, h) : 10 + I.rank[h] / I.n;
      if (key < bestKey) {
        bestKey = key;
        best = h;
      }
    }
    return best;
  }

  private add(r: number, node: number): void {
    const q = this.in_.requests[r];
    this.assign[r] = node;
    this.items[node].push(r);
    this.amounts.place(node, q);
    const g = this.in_.groupOf[r];
    if (g >= 0) this.counts[g].set(node, (this.counts[g].get(node) ?? 0) + 1);
  }

  private remove(r: number): void {
    const node = this.assign[r];
    const q = this.in_.requests[r];
    const list = this.items[node];
    list.splice(list.indexOf(r), 1);
    this.amounts.unplace(node, q);
    this.assign[r] = -1;
    const g = this.in_.groupOf[r];
    if (g >= 0) this.counts[g].set(node, (this.counts[g].get(node) ?? 0) - 1);
  }
}
