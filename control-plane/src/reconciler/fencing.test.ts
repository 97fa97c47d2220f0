// Table tests of the stops fencing makes: a stale copy (already replaced after a loss) gets the
// short --stale-stop-timeout grace; every stop made by choice keeps its workload's own grace.
import { describe, expect, it } from 'vitest';
import type { ContainerRecord, NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { NOW, Passes, container, node, replica, run, stops, workload } from './test-helpers';

const STALE_MS = 1000;

interface Case {
  name: string;
  nodes?: NodeRecord[];
  workloads: WorkloadRecord[];
  replicas: ReplicaRecord[];
  containers: ContainerRecord[];
  /** The stopped container's id and the grace its stop carries (undefined: the workload's own). */
  want: { containerId: string; graceMs: number | undefined; reason: RegExp };
}

const cases: Case[] = [
  {
    name: 'a copy left on a host that came back, its replica re-placed elsewhere',
    workloads: [workload('web', 1)],
    replicas: [replica('web', 0, 'b', 7)],
    containers: [container('a', 'web', 0, 5), container('b', 'web', 0, 7)],
    want: { containerId: 'c-a-web-0-5', graceMs: STALE_MS, reason: /^stale copy/ },
  },
  {
    name: 'a copy left on a host that came back, its replica still pending',
    workloads: [workload('web', 1, { resources: { cpuMillis: 5000, memoryBytes: 1 << 20 } })],
    replicas: [replica('web', 0, null, 7)],
    containers: [container('a', 'web', 0, 4)],
    want: { containerId: 'c-a-web-0-4', graceMs: STALE_MS, reason: /^stale copy/ },
  },
  {
    name: 'a copy left on a host that came back, its replica placed anew on that same host',
    workloads: [workload('web', 1)],
    replicas: [replica('web', 0, 'a', 7)],
    containers: [container('a', 'web', 0, 5), container('a', 'web', 0, 7)],
    want: { containerId: 'c-a-web-0-5', graceMs: STALE_MS, reason: /^stale copy/ },
  },
  {
    name: 'scale-down: the replica is retired',
    workloads: [workload('web', 1)],
    replicas: [replica('web', 0, 'a', 5), replica('web', 1, 'b', 6, { desired: 'stop' })],
    containers: [container('a', 'web', 0, 5), container('b', 'web', 1, 6)],
    want: { containerId: 'c-b-web-1-6', graceMs: undefined, reason: /^replica retired/ },
  },
  {
    name: 'the workload was deleted',
    workloads: [],
    replicas: [],
    containers: [container('a', 'gone', 0, 3)],
    want: { containerId: 'c-a-gone-0-3', graceMs: undefined, reason: /^replica no longer exists/ },
  },
  {
    name: 'an in-place rollout: the old generation’s copy on the replica’s own node',
    workloads: [workload('web', 1, {}, 2)],
    replicas: [replica('web', 0, 'a', 8, { generation: 2 })],
    containers: [container('a', 'web', 0, 5), container('a', 'web', 0, 8, { generation: 2 })],
    want: { containerId: 'c-a-web-0-5', graceMs: undefined, reason: /^replaced copy/ },
  },
  {
    name: 'an at-most-one replica drained off its node (stop-before-start)',
    nodes: [node('a', { draining: true, cordoned: true }), node('b')],
    workloads: [workload('one', 1, { disconnect: 'stop' })],
    replicas: [replica('one', 0, 'b', 8)],
    containers: [container('a', 'one', 0, 5)],
    want: { containerId: 'c-a-one-0-5', graceMs: undefined, reason: /^replaced copy/ },
  },
];

describe('fencing: the grace of a stop', () => {
  it.each(cases)('$name', (c) => {
    const p = run({
      nodes: c.nodes ?? [node('a'), node('b')],
      workloads: c.workloads,
      replicas: c.replicas,
      containers: c.containers,
      staleStopTimeoutMs: STALE_MS,
    });
    const stop = stops(p).find((s) => s.containerId === c.want.containerId);
    expect(stop, `stops: ${JSON.stringify(stops(p))}`).toBeDefined();
    expect(stop?.graceMs).toBe(c.want.graceMs);
    expect(stop?.reason).toMatch(c.want.reason);
  });

  it('sends no grace of its own when the flag is not given', () => {
    const p = run({
      nodes: [node('a'), node('b')],
      workloads: [workload('web', 1)],
      replicas: [replica('web', 0, 'b', 7)],
      containers: [container('a', 'web', 0, 5), container('b', 'web', 0, 7)],
    });
    expect(stops(p)).toHaveLength(1);
    expect(stops(p)[0].graceMs).toBeUndefined();
  });

  it('a host lost and back: its copy is stopped with the short grace, a voluntary move’s with the full one', () => {
    const nodes = [node('a'), node('b'), node('c')];
    const passes = new Passes(
      { nodes, workloads: [workload('web', 2)], staleStopTimeoutMs: STALE_MS },
      { replicas: [replica('web', 0, 'a', 5), replica('web', 1, 'b', 6)] },
    );
    passes.containers = [container('a', 'web', 0, 5), container('b', 'web', 1, 6)];
    // a goes silent: its replica is re-placed, its copy keeps running there.
    const lost = passes.runAndReport({
      nodes: [node('a', { state: 'DOWN', lastSeen: NOW - 10_000 }), node('b'), node('c')],
      connected: new Set(['b', 'c']),
    });
    expect(stops(lost)).toEqual([]);
    const moved = passes.find('web', 0);
    expect(moved.node).not.toBe('a');
    // a is back: the copy there is stale.
    const back = passes.runAndReport();
    expect(stops(back)).toMatchObject([{ node: 'a', containerId: 'c-a-web-0-5', graceMs: STALE_MS }]);
  });
});
