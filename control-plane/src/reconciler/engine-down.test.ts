// A node whose engine does not answer (ENGINE_DOWN), table-style: unschedulable at once, stops
// still sent there, its replicas re-placed after the node timeout, at-most-one ones only once
// their stop was confirmed or the at-most-one fence has run out.
import { describe, expect, it } from 'vitest';
import type { NodeCondition } from '../model';
import { container, node, NOW, replica, run, starts, stops, workload } from './test-helpers';

const engineDown = (since: number): NodeCondition[] => [
  { type: 'ENGINE_DOWN', message: 'ping timed out after 2000 ms', since },
];
/** Node timeout 3 s, margin 1.5 s (test-helpers); the at-most-one fence as by default. */
const FENCE = { singletonFenceMs: 15_000 };

describe('a node whose engine does not answer', () => {
  it('takes no new replica and no start, but still gets the stops of stale copies', () => {
    const nodes = [node('a', { conditions: engineDown(NOW - 1000) }), node('b')];
    const p = run({
      nodes,
      workloads: [workload('web', 2), workload('new', 1)],
      replicas: [replica('web', 0, 'a', 5), replica('web', 1, 'b', 6)],
      containers: [
        container('a', 'web', 0, 5, { state: 'exited', exitCode: 1, finishedAt: NOW - 500, changedAt: NOW - 500 }),
        container('a', 'web', 1, 2),
        container('b', 'web', 1, 6),
      ],
      ...FENCE,
    });
    // The new workload goes to b; web/0 is neither restarted on a nor (yet) moved.
    expect(p.changes.upsertReplicas!.find((r) => r.workload === 'new')).toMatchObject({ node: 'b' });
    expect(starts(p).map((s) => `${s.workload}/${s.replica}@${s.node}`)).toEqual(['new/0@b']);
    expect(stops(p)).toMatchObject([{ node: 'a', containerId: 'c-a-web-1-2' }]);
    expect(p.changes.events!.filter((e) => e.type === 'replica.lost')).toEqual([]);
  });

  it('has its replicas re-placed once the condition has lasted the node timeout, the old copy stopped', () => {
    const nodes = [node('a', { conditions: engineDown(NOW - 3000) }), node('b')];
    const p = run({
      nodes,
      workloads: [workload('web', 1)],
      replicas: [replica('web', 0, 'a', 5)],
      containers: [container('a', 'web', 0, 5)],
      ...FENCE,
    });
    expect(p.changes.events).toContainEqual(
      expect.objectContaining({
        type: 'replica.lost',
        node: 'a',
        message: 'engine on node a does not answer (ping timed out after 2000 ms)',
      }),
    );
    expect(starts(p)).toMatchObject([{ node: 'b', workload: 'web', replica: 0, epoch: 100 }]);
    expect(stops(p)).toMatchObject([{ node: 'a', containerId: 'c-a-web-0-5' }]);
    expect(stops(p)[0].reason).toMatch(/stale copy/);
  });

  it('stops an at-most-one replica there first and re-places it only once that stop is confirmed', () => {
    const nodes = [node('a', { conditions: engineDown(NOW - 3000) }), node('b')];
    const input = {
      nodes,
      workloads: [workload('db', 1, { disconnect: 'stop' })],
      replicas: [replica('db', 0, 'a', 5)],
      ...FENCE,
    };
    const waiting = run({ ...input, containers: [container('a', 'db', 0, 5)] });
    expect(starts(waiting)).toEqual([]);
    expect(stops(waiting)).toMatchObject([{ node: 'a', containerId: 'c-a-db-0-5' }]);
    expect(stops(waiting)[0].reason).toBe(
      'engine on node a does not answer (ping timed out after 2000 ms): stopped before it is re-placed (at-most-one)',
    );
    expect(waiting.changes.upsertReplicas![0]).toMatchObject({ node: 'a', reason: expect.stringMatching(/killed/) });

    // The agent acked the stop: the dispatcher recorded the container as exited.
    const killed = container('a', 'db', 0, 5, { state: 'exited', exitCode: 137, finishedAt: NOW });
    const moved = run({ ...input, containers: [killed] });
    expect(moved.changes.upsertReplicas![0]).toMatchObject({ node: 'b', epoch: 100 });
    expect(starts(moved)).toMatchObject([{ node: 'b', workload: 'db', replica: 0, epoch: 100 }]);
  });

  it('re-places an unconfirmed at-most-one replica after the fence and margin, never before', () => {
    const since = NOW - 3000;
    const input = {
      nodes: [node('a', { conditions: engineDown(since) }), node('b')],
      workloads: [workload('db', 1, { disconnect: 'stop' })],
      replicas: [replica('db', 0, 'a', 5)],
      containers: [container('a', 'db', 0, 5)],
      ...FENCE,
    };
    // The agent keeps heartbeating throughout: the node never goes DOWN.
    const at = (now: number) => ({
      ...input,
      now,
      nodes: [node('a', { conditions: engineDown(since), lastSeen: now }), node('b', { lastSeen: now })],
    });
    const justBefore = run(at(since + 15_000 + 1500 - 1));
    expect(starts(justBefore)).toEqual([]);
    const after = run(at(since + 15_000 + 1500));
    expect(starts(after)).toMatchObject([{ node: 'b', epoch: 100 }]);
  });

  it('never starts a re-placed at-most-one replica while its old copy may still run there', () => {
    // Re-placed on b (epoch 7) by an earlier pass; the copy on a is still reported running.
    const since = NOW - 5000;
    const input = {
      nodes: [node('a', { conditions: engineDown(since) }), node('b')],
      workloads: [workload('db', 1, { disconnect: 'stop' })],
      replicas: [replica('db', 0, 'b', 7)],
      containers: [container('a', 'db', 0, 5)],
      ...FENCE,
    };
    const held = run(input);
    expect(starts(held)).toEqual([]);
    expect(stops(held)).toMatchObject([{ node: 'a', containerId: 'c-a-db-0-5' }]);
    const now = since + 16_500;
    const nodes = [node('a', { conditions: engineDown(since), lastSeen: now }), node('b', { lastSeen: now })];
    expect(starts(run({ ...input, nodes, now }))).toMatchObject([{ node: 'b', epoch: 7 }]);
  });

  it('is a normal node again once the condition clears: its stale copies stopped, its own restarted', () => {
    const p = run({
      nodes: [node('a', { conditions: [] }), node('b')],
      workloads: [workload('web', 2)],
      replicas: [replica('web', 0, 'b', 8), replica('web', 1, 'a', 6)],
      containers: [
        container('a', 'web', 0, 5, { state: 'exited', finishedAt: NOW - 9000, changedAt: NOW - 9000 }),
        container('a', 'web', 1, 6, { state: 'exited', finishedAt: NOW - 9000, changedAt: NOW - 9000 }),
        container('b', 'web', 0, 8),
      ],
      ...FENCE,
    });
    expect(stops(p)).toMatchObject([{ node: 'a', containerId: 'c-a-web-0-5' }]);
    expect(starts(p)).toMatchObject([{ node: 'a', workload: 'web', replica: 1 }]);
  });
});
