// Batch improvement: repeatedly try to close the emptiest hosts of a plan.
//
// The items of the least-filled host(s) become a free pool. Each remaining host then tries to
// swap up to two of its items for up to two pool items that fill it more (bigger items go in,
// smaller ones come out, and small items are easier to fit elsewhere). A pool that empties means
// a host fewer; otherwise the pool is repacked best-fit and the next attempt starts from that
// perturbed plan. Only this plan's items move; anti-affinity and constraints are kept per move.

import type { SchedRequest } from './types';

export interface ImproveInput {
  n: number;
  capCpu: Float64Array;
  capMem: Float64Array;
  /** Free capacity before any of this plan's items. */
  baseCpu: Float64Array;
  baseMem: Float64Array;
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
  readonly freeCpu: Float64Array;
  readonly freeMem: Float64Array;
  items: number[][] = [];
  counts: Map<number, number>[] = [];
  assign: Int32Array = new Int32Array(0);
  work = 0;

  constructor(private readonly in_: ImproveInput) {
    this.freeCpu = new Float64Array(in_.n);
    this.freeMem = new Float64Array(in_.n);
  }

  load(assign: Int32Array): void {
    const I = this.in_;
    this.assign = assign.slice();
    this.freeCpu.set(I.baseCpu);
    this.freeMem.set(I.baseMem);
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
    bins.sort((a, b) => this.fill(a) - this.fill(b) || a - b);
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

  private fill(node: number): number {
    const I = this.in_;
    const c = I.capCpu[node] > 0 ? 1 - this.freeCpu[node] / I.capCpu[node] : 0;
    const m = I.capMem[node] > 0 ? 1 - this.freeMem[node] / I.capMem[node] : 0;
    return c + m;
  }

  private weight(r: number, node: number): number {
    const I = this.in_;
    const q = I.requests[r];
    return (
      (I.capCpu[node] > 0 ? q.cpuMillis / I.capCpu[node] : 0) +
      (I.capMem[node] > 0 ? q.memoryBytes / I.capMem[node] : 0)
    );
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
    let bestGain = EPS;
    let bestOut: number[] | null = null;
    let bestIn: number[] | null = null;
    for (const out of outs) {
      let oc = 0,
        om = 0,
        ow = 0;
      for (const o of out) {
        oc += reqs[o].cpuMillis;
        om += reqs[o].memoryBytes;
        ow += this.weight(o, h);
      }
      const fc = this.freeCpu[h] + oc;
      const fm = this.freeMem[h] + om;
      for (const inn of ins) {
        this.work++;
        let ic = 0,
          im = 0,
          iw = 0;
        for (const p of inn) {
          ic += reqs[p].cpuMillis;
          im += reqs[p].memoryBytes;
          iw += this.weight(p, h);
        }
        if (ic > fc || im > fm || iw - ow <= bestGain) continue;
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
    pool.sort((a, b) => reqs[b].cpuMillis - reqs[a].cpuMillis || reqs[b].memoryBytes - reqs[a].memoryBytes || a - b);
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
      if (this.freeCpu[h] < q.cpuMillis || this.freeMem[h] < q.memoryBytes || !this.allowed(r, h, [], spread)) continue;
      const used = this.items[h].length > 0 || I.preUsed[h];
      // Used hosts by how full they end up; empty ones after all of them, in opening order.
      const key = used ? -this.fill(h) - this.weight(r, h) : 10 + I.rank[h] / I.n;
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
    this.freeCpu[node] -= q.cpuMillis;
    this.freeMem[node] -= q.memoryBytes;
    const g = this.in_.groupOf[r];
    if (g >= 0) this.counts[g].set(node, (this.counts[g].get(node) ?? 0) + 1);
  }

  private remove(r: number): void {
    const node = this.assign[r];
    const q = this.in_.requests[r];
    const list = this.items[node];
    list.splice(list.indexOf(r), 1);
    this.freeCpu[node] += q.cpuMillis;
    this.freeMem[node] += q.memoryBytes;
    this.assign[r] = -1;
    const g = this.in_.groupOf[r];
    if (g >= 0) this.counts[g].set(node, (this.counts[g].get(node) ?? 0) - 1);
  }
}
