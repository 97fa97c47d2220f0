import { describe, expect, it } from 'vitest';
import { NOW, Passes, container, node, replica, run, stops, workload } from './test-helpers';

describe('the drain delay', () => {
  const base = (replicas: number) => ({
    nodes: [node('a', { cpuMillis: 4000 })],
    workloads: [workload('web', replicas)],
    drainDelayMs: 2000,
  });

  it('stops a replica scaled away only once it has been out of the endpoints for the delay', () => {
    const h = new Passes(base(1), {
      replicas: [replica('web', 0, 'a', 10), replica('web', 1, 'a', 11)],
      containers: [container('a', 'web', 0, 10), container('a', 'web', 1, 11)],
    });
    const first = h.run();
    expect(h.find('web', 1)).toMatchObject({ desired: 'stop', drainStartedAt: NOW });
    expect(stops(first)).toEqual([]);
    expect(stops(h.run({ now: NOW + 1999 }))).toEqual([]);
    expect(stops(h.run({ now: NOW + 2000 }))).toMatchObject([{ replica: 1, reason: 'replica retired' }]);
  });

  it('holds a deleted workload’s replicas too, counting from the pass that first sees them retiring', () => {
    const h = new Passes(
      { nodes: [node('a')], workloads: [], drainDelayMs: 2000 },
      { replicas: [replica('web', 0, 'a', 10, { desired: 'stop' })], containers: [container('a', 'web', 0, 10)] },
    );
    expect(stops(h.run({ now: NOW + 500 }))).toEqual([]);
    expect(h.find('web', 0).drainStartedAt).toBe(NOW + 500);
    expect(stops(h.run({ now: NOW + 2400 }))).toEqual([]);
    expect(stops(h.run({ now: NOW + 2500 }))).toHaveLength(1);
  });

  it('does not delay the stop of a stale copy, which is no replica’s own container', () => {
    const p = run({
      ...base(1),
      replicas: [replica('web', 0, 'a', 12)],
      containers: [container('a', 'web', 0, 12), container('a', 'web', 0, 9)],
    });
    expect(stops(p)).toMatchObject([{ epoch: 9 }]);
  });

  it('stops at once without a delay', () => {
    const p = run({
      ...base(1),
      drainDelayMs: 0,
      replicas: [replica('web', 0, 'a', 10), replica('web', 1, 'a', 11)],
      containers: [container('a', 'web', 0, 10), container('a', 'web', 1, 11)],
    });
    expect(stops(p)).toMatchObject([{ replica: 1 }]);
  });
});

describe('the drain of a published workload waits for every mesh', () => {
  const published = workload('web', 1, { ports: [{ name: 'http', hostPort: 0, containerPort: 0, publish: 30080 }] });
  const start = (extra: { meshSyncedAt?: number; meshAckTimeoutMs?: number } = {}) =>
    new Passes(
      { nodes: [node('a', { cpuMillis: 4000 })], workloads: [published], drainDelayMs: 2000, ...extra },
      {
        replicas: [replica('web', 0, 'a', 10), replica('web', 1, 'a', 11)],
        containers: [container('a', 'web', 0, 10), container('a', 'web', 1, 11)],
      },
    );

  it('stops the retired replica once every mesh served a table from after its drain began, not after the delay', () => {
    const h = start({ meshSyncedAt: NOW, meshAckTimeoutMs: 5000 });
    expect(stops(h.run())).toEqual([]);
    expect(h.find('web', 1).drainStartedAt).toBe(NOW);
    // Synced in the same millisecond: that table may predate the retirement.
    expect(stops(h.run({ now: NOW + 50, meshSyncedAt: NOW }))).toEqual([]);
    expect(stops(h.run({ now: NOW + 60, meshSyncedAt: NOW + 40 }))).toMatchObject([{ replica: 1 }]);
  });

  it('waits past the drain delay while a mesh has not caught up, and gives up at the ack timeout', () => {
    const h = start({ meshSyncedAt: NOW - 100, meshAckTimeoutMs: 2500 });
    h.run();
    expect(stops(h.run({ now: NOW + 2000, meshSyncedAt: NOW - 100 }))).toEqual([]);
    expect(stops(h.run({ now: NOW + 2499, meshSyncedAt: NOW - 100 }))).toEqual([]);
    expect(stops(h.run({ now: NOW + 2500, meshSyncedAt: NOW - 100 }))).toMatchObject([{ replica: 1 }]);
  });

  it('keeps the drain delay for a workload that publishes nothing, mesh or not', () => {
    const h = new Passes(
      { nodes: [node('a', { cpuMillis: 4000 })], workloads: [workload('web', 1)], drainDelayMs: 2000 },
      {
        replicas: [replica('web', 0, 'a', 10), replica('web', 1, 'a', 11)],
        containers: [container('a', 'web', 0, 10), container('a', 'web', 1, 11)],
      },
    );
    h.run();
    expect(stops(h.run({ now: NOW + 100, meshSyncedAt: NOW + 90 }))).toEqual([]);
    expect(stops(h.run({ now: NOW + 2000, meshSyncedAt: NOW + 90 }))).toMatchObject([{ replica: 1 }]);
  });
});
