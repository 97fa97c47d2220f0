// The replica table's write-back: what a pass upserts and what it deletes.
import { describe, expect, it } from 'vitest';
import type { WorkloadRecord } from '../model';
import { newReplica } from './new-replica';
import { ReplicaTable } from './table';

const w = { name: 'web', generation: 1 } as WorkloadRecord;

describe('ReplicaTable', () => {
  it('deletes a removed slot, but not one taken again in the same pass', () => {
    const old = newReplica(w, 5, { node: 'h3', epoch: 6, desired: 'stop' });
    const gone = newReplica(w, 7, { node: 'h2', epoch: 8, desired: 'stop' });
    const t = new ReplicaTable([old, gone]);
    t.remove(old);
    t.remove(gone);
    const copy = t.write(newReplica(w, 5, { node: 'h1', epoch: 10, replaces: 4 }));
    expect(t.deleted).toEqual([{ workload: 'web', id: 7 }]);
    expect([...t.dirty.values()]).toEqual([copy]);
    expect(t.get('web', 5)).toBe(copy);
  });
});
