// A set of replicas grouped by workload: what one reconciler pass works on and writes back.
//
// A pass touches every replica and every container. Keying them by a "workload/id" string made
// each pass build and hash a few hundred thousand strings; two-level maps need none, and let a
// loop look a workload up once for all its replicas. Over the store's own maps the table is an
// overlay: a workload is copied only when the pass writes to it, so a pass that looks at a few
// workloads costs nothing for the other hundred thousand replicas.
import type { ReplicaRecord } from '../model';
import { replicaKey } from './placement';

/** Replicas by workload and id, read-only (the store's mirror keeps one). */
export type ReplicaIndex = ReadonlyMap<string, ReadonlyMap<number, ReplicaRecord>>;

/** Groups rows by workload and id. */
export function indexReplicas(rows: Iterable<ReplicaRecord>): Map<string, Map<number, ReplicaRecord>> {
  const out = new Map<string, Map<number, ReplicaRecord>>();
  for (const r of rows) {
    let of = out.get(r.workload);
    if (!of) out.set(r.workload, (of = new Map()));
    of.set(r.id, r);
  }
  return out;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class ReplicaTable {
  private readonly base: ReplicaIndex;
  /**
   * An index given in place is walked in name order (a pass's order must not depend on the
   * order in which the store happened to learn of workloads); computed on first walk.
   */
  private readonly sortBase: boolean;
  private baseNames: string[] | undefined;
  /** Workloads this pass changed, copied from the base on their first change. */
  private readonly own = new Map<string, Map<number, ReplicaRecord>>();
  /** Replicas written by this pass, by key, in their latest form. */
  readonly dirty = new Map<string, ReplicaRecord>();
  /** Grows with every write and removal: views computed from the table are current while it stays. */
  version = 0;
  /** Replicas removed by this pass and not written again since, by key. */
  private readonly removed = new Map<string, { workload: string; id: number }>();

  /** Rows are grouped here; an index is read in place and never changed. */
  constructor(rows: Iterable<ReplicaRecord> | ReplicaIndex) {
    this.sortBase = rows instanceof Map;
    this.base = rows instanceof Map ? (rows as ReplicaIndex) : indexReplicas(rows as Iterable<ReplicaRecord>);
  }

  get(workload: string, id: number): ReplicaRecord | undefined {
    return this.of(workload)?.get(id);
  }

  /** One workload's replicas (a live view: do not change the table while iterating it). */
  of(workload: string): ReadonlyMap<number, ReplicaRecord> | undefined {
    const of = this.own.get(workload) ?? this.base.get(workload);
    return of && of.size > 0 ? of : undefined;
  }

  *workloads(): IterableIterator<[string, ReadonlyMap<number, ReplicaRecord>]> {
    this.baseNames ??= this.sortBase ? [...this.base.keys()].sort(byName) : [...this.base.keys()];
    for (const name of this.baseNames) {
      const of = this.of(name);
      if (of) yield [name, of];
    }
    for (const [name, of] of this.own) if (!this.base.has(name) && of.size > 0) yield [name, of];
  }

  /** The workloads this pass wrote to or removed from, with their replicas now. */
  *changed(): IterableIterator<[string, Iterable<ReplicaRecord>]> {
    for (const [name, of] of this.own) yield [name, of.values()];
  }

  /** Whether this pass wrote to or removed from the workload's replicas. */
  wrote(workload: string): boolean {
    return this.own.has(workload);
  }

  /** Every replica, as a list that stays valid while the table changes. */
  all(): ReplicaRecord[] {
    const out: ReplicaRecord[] = [];
    for (const [, of] of this.workloads()) for (const r of of.values()) out.push(r);
    return out;
  }

  *values(): IterableIterator<ReplicaRecord> {
    for (const [, of] of this.workloads()) yield* of.values();
  }

  /**
   * The rows to delete. A slot removed and then taken again in the same pass (a retired
   * replica forgotten, its id given to a move's new copy) is written, not deleted: the store
   * applies the deletes after the writes, and would lose the new row.
   */
  get deleted(): { workload: string; id: number }[] {
    return [...this.removed.values()];
  }

  /** Writes a new or changed replica. */
  write(r: ReplicaRecord): ReplicaRecord {
    this.version++;
    this.owned(r.workload).set(r.id, r);
    const key = replicaKey(r.workload, r.id);
    this.dirty.set(key, r);
    this.removed.delete(key);
    return r;
  }

  remove(r: ReplicaRecord): void {
    this.version++;
    this.owned(r.workload).delete(r.id);
    const key = replicaKey(r.workload, r.id);
    this.dirty.delete(key);
    this.removed.set(key, { workload: r.workload, id: r.id });
  }

  private owned(workload: string): Map<number, ReplicaRecord> {
    let of = this.own.get(workload);
    if (!of) this.own.set(workload, (of = new Map(this.base.get(workload) ?? [])));
    return of;
  }
}
