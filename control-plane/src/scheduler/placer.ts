// Chooses a node for one request: constraints narrow the nodes, soft anti-affinity prefers nodes
// with the fewest replicas of the group, best fit picks among those.

import { fits as fitsExport, needsPorts, type ResourceVector } from '../resources';
import type { Cluster } from './cluster';
import { constraintSetKey } from './constraints';
import { ConstraintFilter, NetworkFilter, SchedulableFilter } from './filters';
import { NodeIndex } from './node-index';
import type { SchedRequest } from './types';

// Bound once: the package index re-exports through getters, which cost a call each time in the
// placement path (measured: improvement ran at half speed until its imports were bound like this).
const fits = fitsExport;

/** Below this many matching nodes a constraint class is scanned directly rather than indexed. */
const SMALL_CLASS = 48;

/** The nodes satisfying one set of constraints (the empty set: all schedulable nodes). */
export interface ConstraintClass {
  key: string;
  members: Int32Array;
  /** 1 for members; lets batch improvement check a move in O(1). */
  mask: Uint8Array;
  index: NodeIndex | null;
}

/** Replica counts of one group per node, with a memo of failed "a node without one" searches. */
export interface GroupState {
  counts: Map<number, number>;
  /** Smallest request (per constraint class) for which no node free of this group was feasible. */
  noFreshNode: Map<string, ResourceVector>;
}

/**
 * Up to this many groups asked for in one call, a group's counts are read from the nodes when it
 * is first asked about, not every group's up front: a call placing one workload on a large cluster
 * read every (node, group) pair, as many as the cluster has replicas.
 */
const LAZY_GROUPS = 16;

export class Placer {
  private readonly classes = new Map<string, ConstraintClass>();
  /** Groups read so far (all of them when read up front); absent from the cluster: none here. */
  private readonly groups = new Map<string, GroupState | null>();
  private readonly lazy: boolean;

  constructor(
    readonly cluster: Cluster,
    private readonly rank: Int32Array,
    /** Groups that can have more than one replica in play; the rest need no bookkeeping. */
    private readonly trackedGroups: ReadonlySet<string>,
    /** Every group the call's requests belong to, when the caller knows them (see LAZY_GROUPS). */
    asked?: ReadonlySet<string>,
    /** See ScheduleOptions.groupCounts. */
    private readonly groupCounts?: (group: string) => ReadonlyMap<string, number>,
  ) {
    this.lazy = asked !== undefined && asked.size <= LAZY_GROUPS;
    if (this.lazy) return;
    const nodes = cluster.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const gc = nodes[i].groupCounts;
      if (!gc) continue;
      // In, not Object.entries: a node's counts may be inherited from a shared base object.
      for (const g in gc) if (gc[g] > 0) this.group(g).counts.set(i, gc[g]);
    }
  }

  /** The group's counts, or undefined when no node holds one and none was placed in this call. */
  existing(name: string): GroupState | undefined {
    let g = this.groups.get(name);
    if (g === undefined && this.lazy) {
      const counts = new Map<number, number>();
      if (this.groupCounts) {
        for (const [node, c] of this.groupCounts(name)) {
          const i = this.cluster.indexOf(node);
          if (c > 0 && i >= 0) counts.set(i, c);
        }
      } else {
        const nodes = this.cluster.nodes;
        for (let i = 0; i < nodes.length; i++) {
          const c = nodes[i].groupCounts?.[name] ?? 0;
          if (c > 0) counts.set(i, c);
        }
      }
      g = counts.size > 0 ? { counts, noFreshNode: new Map() } : null;
      this.groups.set(name, g);
    }
    return g ?? undefined;
  }

  /** Replicas of one workload may share their constraints array: one key computation for all. */
  private readonly classByConstraints = new WeakMap<readonly unknown[], Map<string, ConstraintClass>>();
  /** Per network ("" for none asked), the class of requests without constraints. */
  private readonly unconstrained = new Map<string, ConstraintClass>();

  /** The nodes a request may go to at all: schedulable, its constraints met, its network there. */
  classOf(req: SchedRequest): ConstraintClass {
    const network = req.network ?? '';
    let byNetwork = req.constraints.length === 0 ? this.unconstrained : this.classByConstraints.get(req.constraints);
    if (!byNetwork) this.classByConstraints.set(req.constraints, (byNetwork = new Map()));
    let cls = byNetwork.get(network);
    if (!cls) byNetwork.set(network, (cls = this.classFor(req)));
    return cls;
  }

  private classFor(req: SchedRequest): ConstraintClass {
    const key = `${constraintSetKey(req.constraints)}|${req.network ?? ''}`;
    let cls = this.classes.get(key);
    if (!cls) {
      const { cluster } = this;
      const members: number[] = [];
      const mask = new Uint8Array(cluster.n);
      // The same filters that explain a pending request decide the class, so the two agree.
      const schedulable = new SchedulableFilter(cluster);
      const constraints = new ConstraintFilter(cluster);
      const constrained = constraints.setRequest(req);
      const network = new NetworkFilter(cluster);
      const networked = network.setRequest(req);
      for (let i = 0; i < cluster.n; i++) {
        if (!schedulable.check(i)) continue;
        if ((!constrained || constraints.check(i)) && (!networked || network.check(i))) {
          members.push(i);
          mask[i] = 1;
        }
      }
      const index = members.length > SMALL_CLASS ? new NodeIndex(cluster, members, this.rank) : null;
      cls = { key, members: Int32Array.from(members), mask, index };
      this.classes.set(key, cls);
    }
    return cls;
  }

  group(name: string): GroupState {
    let g = this.existing(name);
    if (!g) {
      g = { counts: new Map(), noFreshNode: new Map() };
      this.groups.set(name, g);
    }
    return g;
  }

  /** Picks a node and commits the placement; -1 when nothing fits. */
  place(req: SchedRequest): number {
    const node = this.choose(req);
    if (node >= 0) this.commit(req, node);
    return node;
  }

  commit(req: SchedRequest, node: number): void {
    this.cluster.place(node, req);
    if (this.trackedGroups.has(req.group) || this.existing(req.group)) {
      const counts = this.group(req.group).counts;
      counts.set(node, (counts.get(node) ?? 0) + 1);
    }
  }

  /** Takes a placed request off its node (it is being moved). */
  uncommit(req: SchedRequest, node: number): void {
    this.cluster.unplace(node, req);
    const g = this.existing(req.group);
    if (g) {
      const left = (g.counts.get(node) ?? 0) - 1;
      if (left > 0) g.counts.set(node, left);
      else g.counts.delete(node);
    }
    // The memo relies on capacity only shrinking and groups only growing; a move breaks both.
    for (const state of this.groups.values()) state?.noFreshNode.clear();
  }

  choose(req: SchedRequest): number {
    const cls = this.classOf(req);
    const g = this.existing(req.group);
    // The free-capacity index knows amounts, not ports: a request with ports scans its class,
    // where every node is judged by the cluster's full fit.
    if (!cls.index || needsPorts(req)) return this.scan(cls.members, req, g);
    if (!g || g.counts.size === 0) return cls.index.best(req, null);
    // Capacity only shrinks and groups only grow during a call, so once no fresh node fits a
    // request of this size, none fits a larger one: skip the futile search.
    const memo = g.noFreshNode.get(cls.key);
    if (!memo || !fits(memo, req)) {
      const node = cls.index.best(req, g.counts);
      if (node >= 0) return node;
      g.noFreshNode.set(cls.key, req);
    }
    return this.leastLoaded(g, cls.mask, req);
  }

  /** Every feasible node holds the group already: the fewest replicas, then the tightest fit. */
  private leastLoaded(g: GroupState, mask: Uint8Array, need: ResourceVector): number {
    let best = -1;
    let bestCount = Infinity;
    let bestScore = Infinity;
    for (const [node, count] of g.counts) {
      if (!mask[node] || !this.cluster.fits(node, need) || count > bestCount) continue;
      const score = this.cluster.amounts.leftover(node, need);
      if (count < bestCount || score < bestScore || (score === bestScore && node < best)) {
        best = node;
        bestCount = count;
        bestScore = score;
      }
    }
    return best;
  }

  /** Direct scan of a small constraint class with the same preferences as the index. */
  private scan(members: Int32Array, need: ResourceVector, g: GroupState | undefined): number {
    const { cluster } = this;
    let best = -1;
    let bestKey: [number, number, number] = [Infinity, Infinity, Infinity];
    for (let i = 0; i < members.length; i++) {
      const node = members[i];
      if (!cluster.fits(node, need)) continue;
      const count = g?.counts.get(node) ?? 0;
      // Used nodes by tightness; empty ones after them, by opening order.
      const second = cluster.used[node] ? cluster.amounts.leftover(node, need) : Infinity;
      const third = cluster.used[node] ? node : this.rank[node];
      const key: [number, number, number] = [count, second, third];
      if (
        key[0] < bestKey[0] ||
        (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] < bestKey[2])))
      ) {
        best = node;
        bestKey = key;
      }
    }
    return best;
  }
}
