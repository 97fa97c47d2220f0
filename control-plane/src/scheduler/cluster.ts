// Mutable per-call scheduling state in flat typed arrays: the hot loop touches numbers, not objects.

import type { SchedNode } from './types';

/** Something that must hear about every capacity change on a node (the free-capacity indexes). */
export interface NodeObserver {
  nodeChanged(node: number, wasEmpty: boolean): void;
}

export class Cluster {
  readonly n: number;
  readonly capCpu: Float64Array;
  readonly capMem: Float64Array;
  readonly freeCpu: Float64Array;
  readonly freeMem: Float64Array;
  /** 1 when the node holds anything (before or during this plan); empty nodes are "opened" on use. */
  readonly used: Uint8Array;
  /** 1 when the node was used before this plan: its load cannot be moved by batch improvement. */
  readonly preUsed: Uint8Array;
  readonly schedulable: Uint8Array;
  /** Bumped whenever an empty node gets its first request; lets callers keep "nothing fits" memos. */
  openings = 0;
  private readonly observers: NodeObserver[][];

  constructor(readonly nodes: readonly SchedNode[]) {
    const n = nodes.length;
    this.n = n;
    this.capCpu = new Float64Array(n);
    this.capMem = new Float64Array(n);
    this.freeCpu = new Float64Array(n);
    this.freeMem = new Float64Array(n);
    this.used = new Uint8Array(n);
    this.preUsed = new Uint8Array(n);
    this.schedulable = new Uint8Array(n);
    this.observers = new Array(n);
    for (let i = 0; i < n; i++) {
      const node = nodes[i];
      this.capCpu[i] = node.capacity.cpuMillis;
      this.capMem[i] = node.capacity.memoryBytes;
      this.freeCpu[i] = node.capacity.cpuMillis - node.allocated.cpuMillis;
      this.freeMem[i] = node.capacity.memoryBytes - node.allocated.memoryBytes;
      const hasGroups = node.groupCounts ? Object.values(node.groupCounts).some((c) => c > 0) : false;
      const busy = node.allocated.cpuMillis > 0 || node.allocated.memoryBytes > 0 || hasGroups;
      this.used[i] = this.preUsed[i] = busy ? 1 : 0;
      this.schedulable[i] = node.schedulable ? 1 : 0;
      this.observers[i] = [];
    }
  }

  observe(node: number, observer: NodeObserver): void {
    this.observers[node].push(observer);
  }

  fits(node: number, cpu: number, mem: number): boolean {
    return this.freeCpu[node] >= cpu && this.freeMem[node] >= mem;
  }

  place(node: number, cpu: number, mem: number): void {
    const wasEmpty = this.used[node] === 0;
    this.freeCpu[node] -= cpu;
    this.freeMem[node] -= mem;
    this.used[node] = 1;
    if (wasEmpty) this.openings++;
    const obs = this.observers[node];
    for (let i = 0; i < obs.length; i++) obs[i].nodeChanged(node, wasEmpty);
  }

  /** Gives a moved replica's resources back; the node stays "used" (something is about to land there). */
  unplace(node: number, cpu: number, mem: number): void {
    this.freeCpu[node] += cpu;
    this.freeMem[node] += mem;
    const obs = this.observers[node];
    for (let i = 0; i < obs.length; i++) obs[i].nodeChanged(node, false);
  }

  /** Fraction of the node in use, by its fuller dimension; used to pick bins worth emptying. */
  fill(node: number): number {
    const c = this.capCpu[node] > 0 ? 1 - this.freeCpu[node] / this.capCpu[node] : 0;
    const m = this.capMem[node] > 0 ? 1 - this.freeMem[node] / this.capMem[node] : 0;
    return c > m ? c : m;
  }
}

/**
 * Order in which empty nodes are opened: largest first, so the host count stays low. A quarter of
 * the largest-capacity nodes goes last: they are the only ones that can take the largest requests,
 * and opening them all for small requests early would strand a large one that arrives later.
 */
export function openRanks(cluster: Cluster, reserveLargest: boolean): Int32Array {
  const n = cluster.n;
  const order = Array.from({ length: n }, (_, i) => i);
  const { capCpu, capMem } = cluster;
  order.sort((a, b) => capCpu[b] - capCpu[a] || capMem[b] - capMem[a] || a - b);
  if (reserveLargest && n > 1) {
    let maxCpu = 0;
    let maxMem = 0;
    for (let i = 0; i < n; i++) {
      if (!cluster.schedulable[i]) continue;
      if (capCpu[i] > maxCpu) maxCpu = capCpu[i];
      if (capMem[i] > maxMem) maxMem = capMem[i];
    }
    const top = order.filter((i) => cluster.schedulable[i] && (capCpu[i] === maxCpu || capMem[i] === maxMem));
    const reserve = new Set(top.slice(top.length - Math.floor(top.length / 4)));
    const front = order.filter((i) => !reserve.has(i));
    order.length = 0;
    order.push(...front, ...top.filter((i) => reserve.has(i)));
  }
  const rank = new Int32Array(n);
  for (let r = 0; r < n; r++) rank[order[r]] = r;
  return rank;
}
