// What every node holds, kept per workload so that it can be kept up to date by workload.
//
// The scheduler's view of a node (what is allocated there, how many replicas of each workload it
// runs, which host ports are held) was summed over every replica for every placement: ~100 ms
// per pass at 100,000 replicas, however small the change. The controller keeps a NodeLoad and
// replaces one workload's share when that workload changes; a pass adds only what it changed
// itself on top (LoadView). Pure data, no I/O.
import type { ReplicaRecord, WorkloadRecord } from '../model';
import { addInto, subtractInto, zero, type ResourceVector } from '../resources';
import { heldPorts } from './ports';

/** What one workload's replicas hold on one node. */
export interface NodeShare {
  /** Every replica assigned there, stopping ones too (their containers still hold it). */
  allocated: ResourceVector;
  /** Replicas that want to run there: the scheduler's group count. */
  wanted: number;
  /** Fixed host ports held (as long as the row is: a stopping container still listens). */
  ports: number[];
  /** Dynamic ports asked for and not yet numbered. */
  unallocated: number;
  /** Replicas there being stopped, or being replaced by a copy elsewhere: room is being freed. */
  freeing: number;
}

/** A node's sum over every workload. */
export interface NodeTotal {
  allocated: ResourceVector;
  /** Workload -> wanted replicas (a prototype-free object: a pass's copy inherits from it). */
  groups: Record<string, number>;
  /** Host port -> how many replicas hold it. */
  ports: Map<number, number>;
  unallocated: number;
  freeing: number;
}

/** One workload's share of each node it has replicas on. A deleted workload's resources are free at once. */
export function workloadShares(
  replicas: Iterable<ReplicaRecord>,
  w: WorkloadRecord | undefined,
): Map<string, NodeShare> {
  const out = new Map<string, NodeShare>();
  const share = (node: string): NodeShare => {
    let sh = out.get(node);
    if (!sh) out.set(node, (sh = { allocated: zero(), wanted: 0, ports: [], unallocated: 0, freeing: 0 }));
    return sh;
  };
  const list = [...replicas];
  const byId = new Map(list.map((r) => [r.id, r]));
  for (const r of list) {
    if (!r.node) continue;
    const sh = share(r.node);
    const res = w?.spec.resources;
    if (res) addInto(sh.allocated, res);
    if (r.desired === 'run') sh.wanted++;
    else sh.freeing++;
    const held = heldPorts(r, w);
    for (const p of held.fixed) sh.ports.push(p);
    sh.unallocated += held.unallocated;
    // A moving copy (not retiring itself) frees its old replica's node once it runs.
    if (r.replaces !== null && r.desired === 'run') {
      const old = byId.get(r.replaces);
      if (old?.node) share(old.node).freeing++;
    }
  }
  return out;
}

function emptyTotal(): NodeTotal {
  return {
    allocated: zero(),
    groups: Object.create(null) as Record<string, number>,
    ports: new Map(),
    unallocated: 0,
    freeing: 0,
  };
}

/** Sums of shares per node, signed: a LoadView's delta is one too. */
export class NodeLoad {
  private readonly sharesByWorkload = new Map<string, Map<string, NodeShare>>();
  private readonly totals = new Map<string, NodeTotal>();

  /** Built from every replica at once. */
  static of(replicas: Iterable<ReplicaRecord>, workloads: ReadonlyMap<string, WorkloadRecord>): NodeLoad {
    const byWorkload = new Map<string, ReplicaRecord[]>();
    for (const r of replicas) {
      const list = byWorkload.get(r.workload);
      if (list) list.push(r);
      else byWorkload.set(r.workload, [r]);
    }
    const load = new NodeLoad();
    for (const [name, rs] of byWorkload) load.set(name, rs, workloads.get(name));
    return load;
  }

  /** Replaces what the workload holds by what these replicas (all of its replicas now) hold. */
  set(workload: string, replicas: Iterable<ReplicaRecord>, w: WorkloadRecord | undefined): void {
    const old = this.sharesByWorkload.get(workload);
    if (old) for (const [node, sh] of old) this.add(node, workload, sh, -1);
    const next = workloadShares(replicas, w);
    if (next.size > 0) this.sharesByWorkload.set(workload, next);
    else this.sharesByWorkload.delete(workload);
    for (const [node, sh] of next) this.add(node, workload, sh, 1);
  }

  /** Every workload anew (after a pass that looked at everything). */
  reset(): void {
    this.sharesByWorkload.clear();
    this.totals.clear();
  }

  share(workload: string): ReadonlyMap<string, NodeShare> | undefined {
    return this.sharesByWorkload.get(workload);
  }

  /** Every workload's share, by workload (read-only). */
  shares(): ReadonlyMap<string, ReadonlyMap<string, NodeShare>> {
    return this.sharesByWorkload;
  }

  total(node: string): Readonly<NodeTotal> | undefined {
    return this.totals.get(node);
  }

  /** Adds (sign 1) or takes away (-1) one workload's share of a node. */
  add(node: string, workload: string, sh: NodeShare, sign: 1 | -1): void {
    let t = this.totals.get(node);
    if (!t) this.totals.set(node, (t = emptyTotal()));
    if (sign > 0) addInto(t.allocated, sh.allocated);
    else subtractInto(t.allocated, sh.allocated);
    if (sh.wanted !== 0) {
      const n = (t.groups[workload] ?? 0) + sign * sh.wanted;
      if (n === 0) delete t.groups[workload];
      else t.groups[workload] = n;
    }
    for (const p of sh.ports) {
      const n = (t.ports.get(p) ?? 0) + sign;
      if (n === 0) t.ports.delete(p);
      else t.ports.set(p, n);
    }
    t.unallocated += sign * sh.unallocated;
    t.freeing += sign * sh.freeing;
  }
}

/** A node as a pass sees it: the load it started from, plus what the pass itself changed. */
export interface NodeView {
  allocated: ResourceVector;
  /** Wanted replicas by workload; a fresh object the caller may write to (it inherits the rest). */
  groups: Record<string, number>;
  ports: number[];
  unallocated: number;
  freeing: number;
}

/**
 * The load at a pass's start with the pass's own changes on top. `changed` lists each workload
 * the pass wrote to, with all of its replicas as they are now.
 */
export class LoadView {
  private readonly delta = new NodeLoad();
  /** The shares of the workloads the pass changed, as they are now. */
  private readonly changedShares = new Map<string, Map<string, NodeShare>>();

  constructor(
    private readonly base: NodeLoad,
    changed: Iterable<[string, Iterable<ReplicaRecord>]>,
    workloads: ReadonlyMap<string, WorkloadRecord>,
  ) {
    for (const [name, replicas] of changed) {
      for (const [node, sh] of base.share(name) ?? []) this.delta.add(node, name, sh, -1);
      const shares = workloadShares(replicas, workloads.get(name));
      this.changedShares.set(name, shares);
      for (const [node, sh] of shares) this.delta.add(node, name, sh, 1);
    }
  }

  /** Workloads with two or more replicas that want to run on one node. */
  crowded(): string[] {
    const out: string[] = [];
    const doubled = (shares: Iterable<NodeShare>) => {
      for (const sh of shares) if (sh.wanted > 1) return true;
      return false;
    };
    for (const [name, shares] of this.base.shares())
      if (!this.changedShares.has(name) && doubled(shares.values())) out.push(name);
    for (const [name, shares] of this.changedShares) if (doubled(shares.values())) out.push(name);
    return out;
  }

  /** Node -> the workload's replicas that want to run there (the scheduler's group counts). */
  wanted(workload: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const [node, sh] of this.changedShares.get(workload) ?? this.base.share(workload) ?? [])
      if (sh.wanted > 0) out.set(node, sh.wanted);
    return out;
  }

  /** Host port -> how many replicas on the node hold it. */
  portCounts(name: string): Map<number, number> {
    const counts = new Map(this.base.total(name)?.ports ?? []);
    for (const [p, n] of this.delta.total(name)?.ports ?? []) counts.set(p, (counts.get(p) ?? 0) + n);
    for (const [p, n] of counts) if (n <= 0) counts.delete(p);
    return counts;
  }

  node(name: string): NodeView {
    const t = this.base.total(name);
    const d = this.delta.total(name);
    const allocated = zero();
    if (t) addInto(allocated, t.allocated);
    if (d) addInto(allocated, d.allocated);
    const groups = Object.create(t?.groups ?? null) as Record<string, number>;
    if (d) for (const g in d.groups) groups[g] = (t?.groups[g] ?? 0) + (d.groups[g] ?? 0);
    const ports = !d || d.ports.size === 0 ? [...(t?.ports.keys() ?? [])] : [...this.portCounts(name).keys()];
    return {
      allocated,
      groups,
      ports,
      unallocated: (t?.unallocated ?? 0) + (d?.unallocated ?? 0),
      freeing: (t?.freeing ?? 0) + (d?.freeing ?? 0),
    };
  }
}
