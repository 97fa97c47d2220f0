// The at-most-one fence: a copy on a silent node is re-placed only once its agent has surely
// stopped it (the singleton fence plus the margin), and a restarted control plane judges no
// node DOWN before its agent could reconnect.
import { describe, expect, it } from 'vitest';
import { firstLeaseEnd } from '../model';
import { NOW, container, node, replica, run, starts, workload } from './test-helpers';

const FENCE = 15_000;
const MARGIN = 1500;

describe('singleton fence', () => {
  const once = workload('db', 1, { disconnect: 'stop' });
  const down = (silentMs: number) => [node('a', { state: 'DOWN', lastSeen: NOW - silentMs }), node('b')];

  it('re-places an at-most-one replica of a DOWN node only after the fence and margin', () => {
    const at = (silentMs: number) =>
      run({ nodes: down(silentMs), workloads: [once], replicas: [replica('db', 0, 'a', 5)], singletonFenceMs: FENCE });
    // Past the node lease and its margin, far from the fence: it waits, with a reason.
    const waiting = at(3000 + MARGIN + 1);
    expect(waiting.changes.upsertReplicas![0]).toMatchObject({ node: 'a' });
    expect(waiting.changes.upsertReplicas![0].reason).toMatch(/at-most-one/);
    expect(waiting.changes.events!.map((e) => e.type)).not.toContain('replica.lost');
    expect(at(FENCE + MARGIN - 1).changes.upsertReplicas?.[0]?.node ?? 'a').toBe('a');
    const moved = at(FENCE + MARGIN);
    expect(moved.changes.upsertReplicas![0].node).toBe('b');
    expect(moved.changes.events!.map((e) => e.type)).toContain('replica.lost');
    // Other workloads are re-placed at once, as before.
    const keep = run({
      nodes: down(3001),
      workloads: [workload('web', 1)],
      replicas: [replica('web', 0, 'a', 5)],
      singletonFenceMs: FENCE,
    });
    expect(keep.changes.upsertReplicas![0].node).toBe('b');
  });

  it('without a fence given uses the node timeout, as before', () => {
    const p = run({ nodes: down(3000 + MARGIN), workloads: [once], replicas: [replica('db', 0, 'a', 5)] });
    expect(p.changes.upsertReplicas![0].node).toBe('b');
  });

  it('starts no new copy while an old one on a DOWN node may run within the fence', () => {
    // Re-placed on b (e.g. drained) while a's old copy is still reported from before a went silent.
    const input = (silentMs: number) => ({
      nodes: down(silentMs),
      workloads: [once],
      replicas: [replica('db', 0, 'b', 100)],
      containers: [container('a', 'db', 0, 5)],
      connected: new Set(['b']),
      singletonFenceMs: FENCE,
    });
    expect(starts(run(input(3000 + MARGIN + 1)))).toEqual([]);
    expect(starts(run(input(FENCE + MARGIN - 1)))).toEqual([]);
    expect(starts(run(input(FENCE + MARGIN))).map((c) => c.node)).toEqual(['b']);
  });
});

describe('first lease after a control-plane start', () => {
  it('keeps silent READY nodes READY until their agents could reconnect, then judges them', () => {
    const startedAt = NOW - 4000;
    const until = firstLeaseEnd(startedAt, 3000);
    const input = (now: number) => ({
      now,
      nodes: [node('a', { lastSeen: startedAt })],
      connected: new Set<string>(),
      workloads: [workload('web', 1)],
      replicas: [replica('web', 0, 'a', 5)],
      containers: [container('a', 'web', 0, 5)],
      leasesHoldUntil: until,
    });
    const early = run(input(NOW));
    expect(early.changes.nodeStates).toEqual([]);
    expect(early.changes.upsertReplicas ?? []).toEqual([]);
    expect(early.commands).toEqual([]);
    expect(run(input(until + 1)).changes.nodeStates).toEqual([{ name: 'a', state: 'DOWN' }]);
  });

  it('drives nothing anew once an agent is back, before its full report: the containers were kept', () => {
    const once = workload('db', 1, { disconnect: 'stop' });
    const p = run({
      nodes: [node('a'), node('b')],
      connected: new Set(['a']),
      workloads: [workload('web', 2), once],
      replicas: [replica('web', 0, 'a', 5), replica('web', 1, 'b', 6), replica('db', 0, 'a', 7)],
      containers: [container('a', 'web', 0, 5), container('b', 'web', 1, 6), container('a', 'db', 0, 7)],
      leasesHoldUntil: firstLeaseEnd(NOW - 1000, 3000),
    });
    expect(p.commands).toEqual([]);
    expect(p.changes.upsertReplicas ?? []).toEqual([]);
    expect(p.changes.events ?? []).toEqual([]);
  });
});
