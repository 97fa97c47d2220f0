// The load kept workload by workload must equal the load summed afresh, whatever changed.
import { describe, expect, it } from 'vitest';
import type { ReplicaRecord } from '../model';
import { node, replica, workload } from './test-helpers';
import { LoadView, NodeLoad, schedNodes, schedNodesOf } from '../replica';

const ported = workload('web', 2, { ports: [{ name: 'http', containerPort: 80, hostPort: 8080, publish: 0 }] });
const workloads = new Map([
  ['web', ported],
  ['api', workload('api', 3, { resources: { cpuMillis: 300, memoryBytes: 1 << 20 } })],
]);
const nodes = ['a', 'b', 'c'].map((n) => node(n));

/** What schedNodes shows of each node, as plain data (inherited counts included). */
function shown(list: ReturnType<typeof schedNodes>) {
  return list.map((n) => {
    const groups: Record<string, number> = {};
    for (const g in n.groupCounts) if ((n.groupCounts[g] ?? 0) > 0) groups[g] = n.groupCounts[g];
    return {
      name: n.name,
      allocated: n.allocated,
      groups,
      ports: [...(n.usedPorts ?? [])].sort(),
      free: n.unallocatedPorts ?? 0,
    };
  });
}

describe('NodeLoad', () => {
  const before: ReplicaRecord[] = [
    replica('web', 0, 'a', 1),
    replica('web', 1, 'b', 2),
    replica('api', 0, 'a', 3),
    replica('api', 1, 'c', 4),
    replica('api', 2, 'c', 5, { desired: 'stop' }),
  ];
  const after: ReplicaRecord[] = [
    replica('web', 0, 'a', 1),
    replica('web', 1, 'b', 2, { desired: 'stop' }),
    replica('web', 2, 'c', 6, { replaces: 1, moveStartedAt: 1 }),
    replica('api', 0, 'b', 3),
    replica('api', 1, 'c', 4),
  ];
  const of = (rs: ReplicaRecord[], w: string) => rs.filter((r) => r.workload === w);

  it('kept by workload equals summed afresh', () => {
    const kept = NodeLoad.of(before, workloads);
    for (const w of ['web', 'api']) kept.set(w, of(after, w), workloads.get(w));
    const fresh = schedNodes(nodes, () => true, after, workloads);
    expect(shown(schedNodesOf(nodes, () => true, new LoadView(kept, [], workloads)))).toEqual(shown(fresh));
    expect(shown(fresh).find((n) => n.name === 'c')?.ports).toEqual([8080]);
  });

  it('with a pass’s own changes on top equals the load of the state they make', () => {
    const start = NodeLoad.of(before, workloads);
    const view = new LoadView(
      start,
      [
        ['web', of(after, 'web')],
        ['api', of(after, 'api')],
      ],
      workloads,
    );
    expect(shown(schedNodesOf(nodes, () => true, view))).toEqual(
      shown(schedNodes(nodes, () => true, after, workloads)),
    );
    // b's web copy stops and is replaced from c: room is being freed on b, none on a.
    expect(view.node('b').freeing).toBeGreaterThan(0);
    expect(view.node('a').freeing).toBe(0);
    expect(view.portCounts('b')).toEqual(new Map([[8080, 1]]));
  });

  it('frees a deleted workload’s resources at once but keeps its ports held', () => {
    const load = NodeLoad.of(before, workloads);
    load.set('web', of(before, 'web'), undefined);
    const a = new LoadView(load, [], workloads).node('a');
    expect(a.allocated).toEqual(workloads.get('api')?.spec.resources);
    expect(a.groups.web).toBe(1);
  });
});
