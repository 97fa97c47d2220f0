// A returning host is trusted gradually, through the pure reconciler: no voluntary move (drain,
// spread, compact, make-room) lands on a node back from DOWN until it has been READY for the
// settle time and rid of its stale copies; replacements after a loss go there at once.
import { describe, expect, it } from 'vitest';
import type { NodeRecord, ReplicaRecord } from '../model';
import type { ReconcileInput } from './types';
import { NOW, Passes, container, node, replica, run, starts, stops, workload } from './test-helpers';

const SETTLE = 10_000;
const JUST_BACK = { readySince: NOW - 2000 };
const STEADY = { readySince: NOW - SETTLE };

/** web: 4 replicas, two on a and two on b; c holds none. */
const crowded = () => [
  replica('web', 0, 'a', 1),
  replica('web', 1, 'a', 2),
  replica('web', 2, 'b', 3),
  replica('web', 3, 'b', 4),
];
const running = (rs: ReplicaRecord[]) => rs.map((r) => container(r.node ?? '', r.workload, r.id, r.epoch));

function spreadPass(c: NodeRecord, extra: Partial<ReconcileInput> = {}) {
  const replicas = crowded();
  return run({
    nodes: [node('a', STEADY), node('b', STEADY), c],
    workloads: [workload('web', 4)],
    replicas,
    containers: running(replicas),
    maxMoves: 2,
    settleMs: SETTLE,
    staleStopTimeoutMs: 1000,
    ...extra,
  });
}

const targets = (p: { moves: { to: string }[] }) => p.moves.map((m) => m.to);

describe('a returning host receives no voluntary move until settled', () => {
  const cases: { name: string; c: NodeRecord; extra?: Partial<ReconcileInput>; moves: string[] }[] = [
    { name: 'steady for the settle time: the spread lands there', c: node('c', STEADY), moves: ['c'] },
    { name: 'back for 2 s of 10: no spread', c: node('c', JUST_BACK), moves: [] },
    { name: 'no settle time: the spread lands at once', c: node('c', JUST_BACK), extra: { settleMs: 0 }, moves: ['c'] },
    {
      name: 'its engine down: no spread',
      c: node('c', { ...STEADY, conditions: [{ type: 'ENGINE_DOWN', message: 'no answer', since: NOW }] }),
      moves: [],
    },
  ];
  it.each(cases)('$name', ({ c, extra, moves }) => {
    expect(targets(spreadPass(c, extra))).toEqual(moves);
  });

  it('a stale copy still on it: the copy is stopped with the short grace, and nothing moves there yet', () => {
    const p = spreadPass(node('c', STEADY), { containers: [...running(crowded()), container('c', 'web', 0, 0)] });
    expect(targets(p)).toEqual([]);
    expect(stops(p)).toMatchObject([{ node: 'c', containerId: 'c-c-web-0-0', graceMs: 1000 }]);
    // Once it is gone, the spread lands there.
    expect(targets(spreadPass(node('c', STEADY)))).toEqual(['c']);
  });

  it('a drain does not target it either, while the settled node gets what fits', () => {
    const replicas = [replica('web', 0, 'a', 1)];
    const base = {
      workloads: [workload('web', 1)],
      replicas,
      containers: running(replicas),
      maxMoves: 1,
      settleMs: SETTLE,
    };
    const draining = node('a', { ...STEADY, draining: true, cordoned: true });
    expect(targets(run({ ...base, nodes: [draining, node('b', JUST_BACK)] }))).toEqual([]);
    expect(targets(run({ ...base, nodes: [draining, node('b', JUST_BACK), node('c', STEADY)] }))).toEqual(['c']);
  });

  it('compact does not empty a node onto it', () => {
    // web on a, other on b: compact would move the lighter one beside the other.
    const replicas = [replica('web', 0, 'a', 1), replica('other', 0, 'b', 2)];
    const base = {
      workloads: [workload('web', 1, { resources: { cpuMillis: 300, memoryBytes: 64 << 20 } }), workload('other', 1)],
      replicas,
      containers: running(replicas),
      maxMoves: 1,
      moveReasons: ['compact' as const],
      settleMs: SETTLE,
    };
    expect(run({ ...base, nodes: [node('a', STEADY), node('b', STEADY)] }).moves).toMatchObject([
      { from: 'b', to: 'a', reason: 'compact' },
    ]);
    expect(run({ ...base, nodes: [node('a', JUST_BACK), node('b', STEADY)] }).moves).toEqual([]);
  });

  it('make-room moves nothing onto it, while the new replica itself may go there', () => {
    const cpu = (cpuMillis: number) => ({ resources: { cpuMillis, memoryBytes: 64 << 20 } });
    // As in make-room.test: fresh fits a only if small moves into b's gap; c is empty.
    const workloads = [
      workload('big', 1, cpu(600)),
      workload('small', 1, cpu(300)),
      workload('mid', 1, cpu(700)),
      workload('fresh', 1, cpu(400)),
    ];
    const placed = [replica('big', 0, 'a', 1), replica('small', 0, 'a', 2), replica('mid', 0, 'b', 3)];
    const pass = (b: NodeRecord) =>
      new Passes(
        { nodes: [node('a', STEADY), b, node('c', STEADY)], workloads, makeRoom: true, settleMs: SETTLE },
        { replicas: placed, containers: running(placed) },
      );
    const steady = pass(node('b', STEADY));
    expect(steady.run().moves).toMatchObject([{ workload: 'small', to: 'b', reason: 'make-room' }]);
    const back = pass(node('b', JUST_BACK));
    const p = back.run();
    expect(p.moves).toEqual([]);
    expect(back.find('fresh').node).toBe('c');
  });
});

describe('replacements after a loss are not delayed', () => {
  it('a lost replica is re-placed on the node that just came back when that is where it fits best', () => {
    // web/4 ran on d, now silent; a and b hold two each, c is back but not settled.
    const replicas = [...crowded(), replica('web', 4, 'd', 5)];
    const h = new Passes(
      {
        nodes: [node('a', STEADY), node('b', STEADY), node('c', JUST_BACK), node('d', { lastSeen: NOW - 10_000 })],
        workloads: [workload('web', 5)],
        maxMoves: 2,
        settleMs: SETTLE,
      },
      { replicas, containers: running(replicas) },
    );
    const p = h.run();
    expect(h.find('web', 4).node).toBe('c');
    expect(starts(p)).toMatchObject([{ node: 'c', workload: 'web', replica: 4 }]);
    expect(p.moves).toEqual([]);
  });

  it('a new replica goes there too', () => {
    const replicas = crowded();
    const p = run({
      nodes: [node('a', STEADY), node('b', STEADY), node('c', JUST_BACK)],
      workloads: [workload('web', 5)],
      replicas,
      containers: running(replicas),
      settleMs: SETTLE,
    });
    expect(starts(p)).toMatchObject([{ node: 'c', replica: 4 }]);
  });
});
