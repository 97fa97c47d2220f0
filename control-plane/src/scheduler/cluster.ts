// Mutable per-call scheduling state in flat typed arrays: the hot loop touches numbers, not objects.

import {
  anyPositive,
  DEFAULT_DYNAMIC_PORTS,
  HostPorts,
  needsPorts,
  ResourceColumns,
  type PortNeed,
  type ResourceVector,
} from '../resources';
import type { SchedNode } from './types';

/** Something that must hear about every capacity change on a node (the free-capacity indexes). */
export interface NodeObserver {
  nodeChanged(node: number, wasEmpty: boolean): void;
}

export class Cluster {
  readonly n: number;
  /** Capacity and free amounts per node: every fit, score and fullness comes from here. */
  readonly amounts: ResourceColumns;
  /** 1 when the node holds anything (before or during this plan); empty nodes are "opened" on use. */
  readonly used: Uint8Array;
  /** 1 when the node was used before this plan: its load cannot be moved by batch improvement. */
  readonly preUsed: Uint8Array;
  readonly schedulable: Uint8Array;
  /** Host ports per node; only requests that ask for ports look at them. */
  readonly ports: HostPorts;
  /** Bumped whenever an empty node gets its first request; lets callers keep "nothing fits" memos. */
  openings = 0;
  private readonly observers: NodeObserver[][];

  constructor(readonly nodes: readonly SchedNode[]) {
    const n = nodes.length;
    this.n = n;
    this.amounts = new ResourceColumns(n);
    this.used = new Uint8Array(n);
    this.preUsed = new Uint8Array(n);
    this.schedulable = new Uint8Array(n);
    this.ports = new HostPorts(n);
    this.observers = new Array(n);
    for (let i = 0; i < n; i++) {
      const node = nodes[i];
      this.amounts.setNode(i, node.capacity, node.allocated);
      const hasGroups = holdsAny(node.groupCounts);
      const busy = anyPositive(node.allocated) || hasGroups;
      this.used[i] = this.preUsed[i] = busy ? 1 : 0;
      this.schedulable[i] = node.schedulable ? 1 : 0;
      this.ports.setNode(i, node.dynamicPorts ?? DEFAULT_DYNAMIC_PORTS, node.usedPorts ?? [], node.unallocatedPorts);
      this.observers[i] = [];
    }
  }

  private byName: Map<string, number> | undefined;

  /** The node's index in this call, -1 when it is not one of its nodes. */
  indexOf(name: string): number {
    if (!this.byName) {
      this.byName = new Map();
      for (let i = 0; i < this.n; i++) this.byName.set(this.nodes[i].name, i);
    }
    return this.byName.get(name) ?? -1;
  }

  observe(node: number, observer: NodeObserver): void {
    this.observers[node].push(observer);
  }

  fits(node: number, need: ResourceVector & PortNeed): boolean {
    return this.amounts.fits(node, need) && (!needsPorts(need) || this.ports.fits(node, need));
  }

  place(node: number, need: ResourceVector & PortNeed): void {
    const wasEmpty = this.used[node] === 0;
    this.amounts.place(node, need);
    if (needsPorts(need)) this.ports.place(node, need);
    this.used[node] = 1;
    if (wasEmpty) this.openings++;
    const obs = this.observers[node];
    for (let i = 0; i < obs.length; i++) obs[i].nodeChanged(node, wasEmpty);
  }

  /** Gives a moved replica's resources back; the node stays "used" (something is about to land there). */
  unplace(node: number, need: ResourceVector & PortNeed): void {
    this.amounts.unplace(node, need);
    if (needsPorts(need)) this.ports.unplace(node, need);
    const obs = this.observers[node];
    for (let i = 0; i < obs.length; i++) obs[i].nodeChanged(node, false);
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
  const { amounts } = cluster;
  order.sort((a, b) => amounts.compareCapacityDescending(a, b) || a - b);
  if (reserveLargest && n > 1) {
    const largest = amounts.largestCapacity((i) => cluster.schedulable[i] === 1);
    const top = order.filter((i) => cluster.schedulable[i] && amounts.isLargestInSome(i, largest));
    const reserve = new Set(top.slice(top.length - Math.floor(top.length / 4)));
    const front = order.filter((i) => !reserve.has(i));
    order.length = 0;
    order.push(...front, ...top.filter((i) => reserve.has(i)));
  }
  const rank = new Int32Array(n);
  for (let r = 0; r < n; r++) rank[order[r]] = r;
  return rank;
}

/** In, not Object.values: a node's counts may be inherited from a shared base object. */
export function holdsAny(counts: Readonly<Record<string, number>> | undefined): boolean {
  for (const g in counts) if ((counts[g] ?? 0) > 0) return true;
  return false;
}
