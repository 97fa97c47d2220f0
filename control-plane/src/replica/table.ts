// A set of replicas grouped by workload: what one reconciler pass works on and writes back.
//
// A pass touches every replica and every container. Keying them by a "workload/id" string made
// each pass build and hash a few hundred thousand strings; two-level maps need none, and let a
// loop look a workload up once for all its replicas.
import type { ReplicaRecord } from '../model';
import { replicaKey } from './placement';

export class ReplicaTable {
  private readonly byWorkload = new Map<string, Map<number, ReplicaRecord>>();
  /** Replicas written by this pass, by key, in their latest form. */
  readonly dirty = new Map<string, ReplicaRecord>();
  /** Replicas removed by this pass and not written again since, by key. */
  private readonly removed = new Map<string, { workload: string; id: number }>();

  constructor(rows: Iterable<ReplicaRecord>) {
    for (const r of rows) this.put(r);
  }

  get(workload: string, id: number): ReplicaRecord | undefined {
    return this.byWorkload.get(workload)?.get(id);
  }

  /** One workload's replicas (a live view: do not change the table while iterating it). */
  of(workload: string): ReadonlyMap<number, ReplicaRecord> | undefined {
    return this.byWorkload.get(workload);
  }

  workloads(): IterableIterator<[string, ReadonlyMap<number, ReplicaRecord>]> {
    return this.byWorkload.entries();
  }

  /** Every replica, as a list that stays valid while the table changes. */
  all(): ReplicaRecord[] {
    const out: ReplicaRecord[] = [];
    for (const of of this.byWorkload.values()) for (const r of of.values()) out.push(r);
    return out;
  }

  *values(): IterableIterator<ReplicaRecord> {
    for (const of of this.byWorkload.values()) yield* of.values();
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
    this.put(r);
    const key = replicaKey(r.workload, r.id);
    this.dirty.set(key, r);
    this.removed.delete(key);
    return r;
  }

  remove(r: ReplicaRecord): void {
    const of = this.byWorkload.get(r.workload);
    if (of?.delete(r.id) && of.size === 0) this.byWorkload.delete(r.workload);
    const key = replicaKey(r.workload, r.id);
    this.dirty.delete(key);
    this.removed.set(key, { workload: r.workload, id: r.id });
  }

  private put(r: ReplicaRecord): void {
    let of = this.byWorkload.get(r.workload);
    if (!of) this.byWorkload.set(r.workload, (of = new Map()));
    of.set(r.id, r);
  }
}
