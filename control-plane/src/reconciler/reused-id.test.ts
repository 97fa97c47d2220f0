// A pass that forgets a retired replica and gives its id to a move's new copy must keep the copy:
// the store applies the pass's deletes after its writes.
import { describe, expect, it } from 'vitest';
import { container, node, replica, run, starts, workload } from './test-helpers';

describe('a replica id freed and taken again in one pass', () => {
  it('is written, not deleted', () => {
    // web/3 was retired and its container is gone; a spread move from a to c starts in the same pass.
    const replicas = [
      replica('web', 0, 'a', 1),
      replica('web', 1, 'a', 2),
      replica('web', 2, 'b', 3),
      replica('web', 3, 'c', 4, { desired: 'stop' }),
    ];
    const p = run({
      nodes: [node('a'), node('b'), node('c')],
      workloads: [workload('web', 3)],
      replicas,
      containers: replicas.filter((r) => r.desired === 'run').map((r) => container(r.node!, 'web', r.id, r.epoch)),
      maxMoves: 1,
    });
    expect(p.moves).toMatchObject([{ workload: 'web', from: 'a', to: 'c', reason: 'spread' }]);
    const copy = p.changes.upsertReplicas!.find((r) => r.replaces !== null);
    expect(copy).toMatchObject({ id: 3, node: 'c', desired: 'run' });
    expect(p.changes.deleteReplicas).toEqual([]);
    expect(starts(p)).toMatchObject([{ node: 'c', replica: 3 }]);
  });
});
