// An in-memory copy of the tables the reconciler reads on every pass.
//
// Reading and parsing a hundred thousand replica and container rows took over a second, every
// 250 ms. The SQLite store keeps this copy in step with each committed write (the database stays
// the truth: the copy is filled from it at start and only ever updated after a commit), and a
// pass reads the copy. Ordered lists are rebuilt only for what changed since the last read.
import type { ContainerRecord, NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { addInto, subtractInto, zero } from '../resources';
import type { NodeTotals, StoreChanges } from './cluster-store';

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A map's values ordered by key. */
function sortedValues<T>(map: Map<string, T>): T[] {
  return [...map.entries()].sort(([a], [b]) => byName(a, b)).map(([, v]) => v);
}

/** Field by field: every field of a container record is a plain value. */
function sameContainer(a: ContainerRecord, b: ContainerRecord): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const k in x) if (x[k] !== y[k]) return false;
  return true;
}

/** Records handed out are shared with the mirror: callers must treat them as read-only. */
export class Mirror {
  private readonly nodes = new Map<string, NodeRecord>();
  private readonly workloads = new Map<string, WorkloadRecord>();
  /** workload -> id -> replica. */
  private readonly replicas = new Map<string, Map<number, ReplicaRecord>>();
  /** node -> its containers, as the database orders them. */
  private readonly containers = new Map<string, ContainerRecord[]>();
  /** workload -> its containers on every node (a deleted workload's leftovers too). */
  private readonly containersByWorkload = new Map<string, Set<ContainerRecord>>();
  /** node -> the replicas assigned there (ListNodes shows what each holds). */
  private readonly replicasByNode = new Map<string, Set<ReplicaRecord>>();
  /**
   * node -> what its replicas ask for (every one assigned there, by its workload's spec now) and
   * how many want to run. Measured reason: ListNodes summed them over every replica per call,
   * ~10 ms of the loop at 20,000 replicas, and monitoring calls it every few seconds.
   */
  private readonly nodeTotals = new Map<string, NodeTotals>();
  /** workload -> the highest replica id it had (its map is kept in id order). */
  private readonly lastId = new Map<string, number>();
  nextEpoch = 1;
  private changes = 0;
  private changed: StoreChanges = { workloads: new Set(), nodes: true };

  // Ordered views; null (or absent, per workload) when stale.
  private nodeList: NodeRecord[] | null = null;
  /** Nodes whose liveness changed since nodeList was last read (see setLiveness). */
  private readonly livenessSince = new Set<string>();
  private workloadList: WorkloadRecord[] | null = null;
  private replicaList: ReplicaRecord[] | null = null;
  private readonly replicasSorted = new Map<string, ReplicaRecord[]>();
  private replicaOwners: string[] | null = null;
  private containerList: ContainerRecord[] | null = null;

  /** Fills the mirror from the database at start; containers come ordered by node. */
  load(rows: {
    nodes: NodeRecord[];
    workloads: WorkloadRecord[];
    replicas: ReplicaRecord[];
    containers: ContainerRecord[];
    nextEpoch: number;
  }): void {
    for (const n of rows.nodes) this.setNode(n);
    for (const w of rows.workloads) this.setWorkload(w.name, w);
    for (const r of rows.replicas) this.setReplica(r);
    let start = 0;
    for (let i = 1; i <= rows.containers.length; i++) {
      if (i < rows.containers.length && rows.containers[i].node === rows.containers[start].node) continue;
      this.setContainersOf(rows.containers[start].node, rows.containers.slice(start, i));
      start = i;
    }
    this.nextEpoch = rows.nextEpoch;
  }

  /**
   * Grows with every change but liveness: equal numbers mean the same nodes, workloads, replicas
   * and containers. What decides only from those (the rebalancer) need not decide again.
   */
  get revision(): number {
    return this.changes;
  }

  /**
   * What changed since the last call, then forgets it: the controller's incremental passes look at
   * just these workloads (and at every one after a node changed). Starts with "every node".
   */
  takeChanges(): StoreChanges {
    const out = this.changed;
    this.changed = { workloads: new Set(), nodes: false };
    return out;
  }

  setNode(n: NodeRecord): void {
    this.setLiveness(n);
    this.changes++;
    this.changed.nodes = true;
  }

  /** A node's lastSeen and usage, which every heartbeat changes: not a change of the revision. */
  setLiveness(n: NodeRecord): void {
    const known = this.nodes.has(n.name);
    this.nodes.set(n.name, n);
    // A heartbeat changes no name: the ordered list keeps its order, and its next read puts the
    // new records in place (re-sorting 2,000 nodes for every pass after any heartbeat cost ~1 ms).
    if (known && this.nodeList) this.livenessSince.add(n.name);
    else this.nodeList = null;
  }

  deleteNode(name: string): void {
    this.nodes.delete(name);
    this.nodeList = null;
    this.changes++;
    this.changed.nodes = true;
  }

  getNode(name: string): NodeRecord | undefined {
    return this.nodes.get(name);
  }

  setWorkload(name: string, w: WorkloadRecord | undefined): void {
    // Its replicas count by the spec they are summed with: out by the old one, in by the new.
    const placed = [...(this.replicas.get(name)?.values() ?? [])].filter((r) => r.node);
    for (const r of placed) this.count(r, -1);
    if (w) this.workloads.set(name, w);
    else this.workloads.delete(name);
    for (const r of placed) this.count(r, 1);
    this.workloadList = null;
    this.changes++;
    this.changed.workloads.add(name);
  }

  setReplica(r: ReplicaRecord): void {
    let of = this.replicas.get(r.workload);
    if (!of) {
      of = new Map();
      this.replicas.set(r.workload, of);
      this.replicaOwners = null;
    }
    const was = of.get(r.id);
    if (was) this.unplace(was);
    this.place(r);
    const last = this.lastId.get(r.workload) ?? -1;
    if (r.id < last && !of.has(r.id)) {
      // A freed id taken again: the map is rebuilt so it stays in id order (passes walk it so).
      const rows = [...of.values(), r].sort((a, b) => a.id - b.id);
      of.clear();
      for (const x of rows) of.set(x.id, x);
    } else of.set(r.id, r);
    if (r.id > last) this.lastId.set(r.workload, r.id);
    this.replicaChanged(r.workload);
  }

  deleteReplica(workload: string, id: number): void {
    const of = this.replicas.get(workload);
    const was = of?.get(id);
    if (!of || !was) return;
    of.delete(id);
    this.unplace(was);
    if (of.size === 0) {
      this.replicas.delete(workload);
      this.lastId.delete(workload);
      this.replicaOwners = null;
    }
    this.replicaChanged(workload);
  }

  /** Replaces everything known of one workload's replicas. */
  setReplicasOf(workload: string, rows: ReplicaRecord[]): void {
    for (const id of [...(this.replicas.get(workload)?.keys() ?? [])]) this.deleteReplica(workload, id);
    for (const r of rows) this.setReplica(r);
  }

  /** Replaces everything known of one node's containers. */
  setContainersOf(node: string, rows: ContainerRecord[]): void {
    const old = this.containers.get(node) ?? [];
    const before = new Map(old.map((c) => [c.containerId, c]));
    let changed = false;
    for (const c of rows) {
      const was = before.get(c.containerId);
      before.delete(c.containerId);
      if (was && sameContainer(was, c)) continue;
      changed = true;
      this.changed.workloads.add(c.workload);
    }
    for (const gone of before.values()) {
      changed = true;
      this.changed.workloads.add(gone.workload);
    }
    // A periodic full report that changed nothing leaves the revision, and the lists, as they were.
    if (!changed) return;
    for (const c of old) this.unindex(c);
    for (const c of rows) this.indexContainer(c);
    this.changes++;
    if (rows.length > 0) this.containers.set(node, rows);
    else this.containers.delete(node);
    this.containerList = null;
  }

  /** One node's containers, by id. */
  containersOn(node: string): readonly ContainerRecord[] {
    return this.containers.get(node) ?? [];
  }

  /** One workload's containers on every node. */
  containersOf(workload: string): ContainerRecord[] {
    return [...(this.containersByWorkload.get(workload) ?? [])];
  }

  /** Replicas by workload and id, each workload's in id order (read-only: the mirror's own maps). */
  replicaIndex(): ReadonlyMap<string, ReadonlyMap<number, ReplicaRecord>> {
    return this.replicas;
  }

  /** The replicas assigned to one node. */
  replicasOn(node: string): ReplicaRecord[] {
    return [...(this.replicasByNode.get(node) ?? [])];
  }

  /** What the replicas assigned to the node ask for, and how many of them want to run. */
  totalsOn(node: string): Readonly<NodeTotals> {
    return this.nodeTotals.get(node) ?? { allocated: zero(), running: 0, replicas: 0 };
  }

  private place(r: ReplicaRecord): void {
    if (!r.node) return;
    let on = this.replicasByNode.get(r.node);
    if (!on) this.replicasByNode.set(r.node, (on = new Set()));
    on.add(r);
    this.count(r, 1);
  }

  private unplace(r: ReplicaRecord): void {
    if (!r.node) return;
    const on = this.replicasByNode.get(r.node);
    if (on?.delete(r) && on.size === 0) this.replicasByNode.delete(r.node);
    this.count(r, -1);
  }

  private count(r: ReplicaRecord, sign: 1 | -1): void {
    if (!r.node) return;
    let t = this.nodeTotals.get(r.node);
    if (!t) this.nodeTotals.set(r.node, (t = { allocated: zero(), running: 0, replicas: 0 }));
    const res = this.workloads.get(r.workload)?.spec.resources;
    if (res) (sign > 0 ? addInto : subtractInto)(t.allocated, res);
    if (r.desired === 'run') t.running += sign;
    t.replicas += sign;
    if (t.replicas === 0) this.nodeTotals.delete(r.node);
  }

  private indexContainer(c: ContainerRecord): void {
    let of = this.containersByWorkload.get(c.workload);
    if (!of) this.containersByWorkload.set(c.workload, (of = new Set()));
    of.add(c);
  }

  private unindex(c: ContainerRecord): void {
    const of = this.containersByWorkload.get(c.workload);
    if (of?.delete(c) && of.size === 0) this.containersByWorkload.delete(c.workload);
  }

  /** Every node by name, read-only to callers. */
  get nodesByName(): ReadonlyMap<string, NodeRecord> {
    return this.nodes;
  }

  /** Every workload by name, read-only to callers. */
  get workloadsByName(): ReadonlyMap<string, WorkloadRecord> {
    return this.workloads;
  }

  /** Nodes by name. */
  listNodes(): NodeRecord[] {
    if (this.nodeList && this.livenessSince.size > 0) {
      // A fresh list: a caller may still hold the one handed out before.
      const list = this.nodeList.slice();
      for (let i = 0; i < list.length; i++)
        if (this.livenessSince.has(list[i].name)) list[i] = this.nodes.get(list[i].name) ?? list[i];
      this.nodeList = list;
    }
    this.livenessSince.clear();
    this.nodeList ??= sortedValues(this.nodes);
    return this.nodeList;
  }

  getWorkload(name: string): WorkloadRecord | undefined {
    return this.workloads.get(name);
  }

  /** Workloads by name. */
  listWorkloads(): WorkloadRecord[] {
    this.workloadList ??= sortedValues(this.workloads);
    return this.workloadList;
  }

  /** Replicas by workload, then id. */
  listReplicas(): ReplicaRecord[] {
    if (this.replicaList) return this.replicaList;
    this.replicaOwners ??= [...this.replicas.keys()].sort(byName);
    const out: ReplicaRecord[] = [];
    for (const w of this.replicaOwners) for (const r of this.replicasOf(w)) out.push(r);
    this.replicaList = out;
    return out;
  }

  /** One workload's replicas by id. */
  replicasOf(workload: string): ReplicaRecord[] {
    let list = this.replicasSorted.get(workload);
    if (!list) {
      list = [...(this.replicas.get(workload)?.values() ?? [])].sort((a, b) => a.id - b.id);
      this.replicasSorted.set(workload, list);
    }
    return list;
  }

  /** Containers by node. */
  listContainers(): ContainerRecord[] {
    if (!this.containerList) {
      const out: ContainerRecord[] = [];
      for (const rows of sortedValues(this.containers)) for (const c of rows) out.push(c);
      this.containerList = out;
    }
    return this.containerList;
  }

  private replicaChanged(workload: string): void {
    this.replicasSorted.delete(workload);
    this.replicaList = null;
    this.changes++;
    this.changed.workloads.add(workload);
  }
}
