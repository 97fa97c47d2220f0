import { describe, expect, it } from 'vitest';
import { schedule } from './schedule';
import { node, req } from './test-helpers';
import type { Plan, SchedNode, SchedRequest } from './types';

const online = { mode: 'online' } as const;
const batch = { mode: 'batch' } as const;

function where(plan: Plan): Record<string, string> {
  return Object.fromEntries(plan.placements.map((p) => [p.id, p.node]));
}

function perNode(plan: Plan): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of plan.placements) out[p.node] = (out[p.node] ?? 0) + 1;
  return out;
}

describe.each([online, batch])('schedule ($mode)', (opts) => {
  it('best fit: the tightest node that fits', () => {
    const nodes = [node('big', 4000), node('snug', 1000), node('mid', 2000)];
    nodes.forEach((n) => (n.allocated = { cpuMillis: 500, memoryBytes: 0 }));
    expect(where(schedule(nodes, [req('a', 400)], opts))).toEqual({ a: 'snug' });
  });

  it('packs different groups tightly: four 400m requests on three 1000m nodes use two', () => {
    const nodes = [node('n1', 1000), node('n2', 1000), node('n3', 1000)];
    const plan = schedule(
      nodes,
      ['a', 'b', 'c', 'd'].map((id) => req(id, 400)),
      opts,
    );
    expect(plan.unplaced).toEqual([]);
    expect(Object.keys(perNode(plan))).toHaveLength(2);
  });

  it('spreads replicas of one group: six on three equal nodes is two each', () => {
    const nodes = [node('n1', 8000), node('n2', 8000), node('n3', 8000)];
    const plan = schedule(
      nodes,
      [0, 1, 2, 3, 4, 5].map((i) => req(`web/${i}`, 500, 1, { group: 'web' })),
      opts,
    );
    expect(perNode(plan)).toEqual({ n1: 2, n2: 2, n3: 2 });
  });

  it('counts replicas already running when spreading', () => {
    const nodes = [
      node('n1', 8000, 64, { groupCounts: { web: 2 }, allocated: { cpuMillis: 1000, memoryBytes: 0 } }),
      node('n2', 8000),
    ];
    const plan = schedule(
      nodes,
      [req('web/3', 500, 0, { group: 'web' }), req('web/4', 500, 0, { group: 'web' })],
      opts,
    );
    expect(perNode(plan)).toEqual({ n2: 2 });
  });

  it('doubles up a group once every feasible node holds one', () => {
    const nodes = [node('n1', 1000), node('n2', 2000, 64, { labels: { zone: 'b' } })];
    const plan = schedule(
      nodes,
      [0, 1, 2].map((i) => req(`w/${i}`, 500, 0, { group: 'w', constraints: ['node.labels.zone != b'] })),
      opts,
    );
    expect(plan.placements).toHaveLength(2);
    expect(perNode(plan)).toEqual({ n1: 2 });
    expect(plan.unplaced[0].reason).toBe(
      '0/2 nodes available: 1 constraint node.labels.zone != b, 1 insufficient cpu (need 500m cpu, most free 0m)',
    );
  });

  it('honours == and != constraints on names and labels', () => {
    const nodes = [
      node('h1', 4000, 8, { labels: { zone: 'a' } }),
      node('h2', 4000, 8, { labels: { zone: 'b' } }),
      node('h3', 4000, 8),
    ];
    const plan = schedule(
      nodes,
      [
        req('name-eq', 100, 0, { constraints: ['node.name == h2'] }),
        req('label-eq', 100, 0, { constraints: ['node.labels.zone == b'] }),
        req('name-ne', 100, 0, { constraints: ['node.name != h1', 'node.name != h2'] }),
        req('label-ne', 100, 0, { constraints: ['node.labels.zone != a', 'node.labels.zone != b'] }),
      ],
      opts,
    );
    expect(where(plan)).toEqual({ 'name-eq': 'h2', 'label-eq': 'h2', 'name-ne': 'h3', 'label-ne': 'h3' });
  });

  it('never places on unschedulable nodes', () => {
    const nodes = [node('down', 8000, 64, { schedulable: false }), node('up', 1000)];
    const plan = schedule(nodes, [req('a', 800), req('b', 800)], opts);
    expect(where(plan)).toEqual({ a: 'up' });
    expect(plan.unplaced).toEqual([
      { id: 'b', reason: '0/2 nodes available: 1 insufficient cpu (need 800m cpu, most free 200m), 1 not schedulable' },
    ]);
  });

  it('explains unplaced requests kubectl-style', () => {
    const nodes = [
      node('a1', 1000, 1, { labels: { zone: 'a' } }),
      node('a2', 4000, 1, { labels: { zone: 'a' } }),
      node('b1', 8000, 8, { labels: { zone: 'b' } }),
    ];
    const plan = schedule(nodes, [req('big', 2000, 2, { constraints: ['node.labels.zone == a'] })], opts);
    expect(plan.unplaced).toEqual([
      {
        id: 'big',
        reason:
          '0/3 nodes available: 2 insufficient memory (need 2Gi memory, most free 1Gi), 1 constraint node.labels.zone == a, ' +
          '1 insufficient cpu (need 2000m cpu, most free 1000m)',
      },
    ]);
    const cpuOnly = schedule([node('n1', 1000), node('n2', 1000), node('n3', 1000)], [req('x', 2000)], opts);
    expect(cpuOnly.unplaced[0].reason).toBe(
      '0/3 nodes available: 3 insufficient cpu (need 2000m cpu, most free 1000m)',
    );
  });

  it('places every request exactly once, within capacity', () => {
    const nodes: SchedNode[] = Array.from({ length: 20 }, (_, i) => node(`n${i}`, 2000 + 1000 * (i % 5), 4 + (i % 3)));
    const requests: SchedRequest[] = Array.from({ length: 120 }, (_, i) =>
      req(`r${i}`, 100 + ((i * 37) % 900), ((i * 13) % 4) / 4, { group: `g${i % 7}` }),
    );
    const plan = schedule(nodes, requests, opts);
    expect(plan.placements.length + plan.unplaced.length).toBe(requests.length);
    const used = new Map<string, { c: number; m: number }>();
    const byId = new Map(requests.map((r) => [r.id, r]));
    for (const p of plan.placements) {
      const u = used.get(p.node) ?? { c: 0, m: 0 };
      u.c += byId.get(p.id)!.cpuMillis;
      u.m += byId.get(p.id)!.memoryBytes;
      used.set(p.node, u);
    }
    for (const n of nodes) {
      const u = used.get(n.name);
      if (!u) continue;
      expect(u.c).toBeLessThanOrEqual(n.capacity.cpuMillis);
      expect(u.m).toBeLessThanOrEqual(n.capacity.memoryBytes);
    }
  });

  it('is deterministic', () => {
    const nodes = Array.from({ length: 30 }, (_, i) => node(`n${i}`, 4000 + 500 * (i % 4), 16));
    const requests = Array.from({ length: 200 }, (_, i) =>
      req(`r${i}`, 50 + ((i * 71) % 700), ((i * 7) % 5) / 8, { group: `g${i % 11}` }),
    );
    expect(schedule(nodes, requests, opts)).toEqual(schedule(nodes, requests, opts));
  });
});

describe('batch versus online', () => {
  it('batch looks ahead where online cannot', () => {
    // Online puts the 30s together first and then needs a host per 70; batch pairs each 70 with a 30.
    const nodes = Array.from({ length: 6 }, (_, i) => node(`n${i}`, 100));
    const requests = [...[0, 1, 2].map((i) => req(`s${i}`, 30)), ...[0, 1, 2].map((i) => req(`l${i}`, 70))];
    const on = schedule(nodes, requests, online);
    const ba = schedule(nodes, requests, batch);
    expect(new Set(on.placements.map((p) => p.node)).size).toBe(4);
    expect(new Set(ba.placements.map((p) => p.node)).size).toBe(3);
  });

  it('online keeps the largest hosts back for requests only they can take', () => {
    const nodes = [
      node('huge-1', 16000, 64),
      node('huge-2', 16000, 64),
      node('huge-3', 16000, 64),
      node('huge-4', 16000, 64),
      node('small', 4000, 16),
    ];
    const plan = schedule(
      nodes,
      [...Array.from({ length: 9 }, (_, i) => req(`s${i}`, 3500)), req('giant', 15000)],
      online,
    );
    expect(plan.unplaced).toEqual([]);
  });

  it('handles memory as a second dimension', () => {
    const nodes = [node('cpu-heavy', 16000, 4), node('mem-heavy', 4000, 64)];
    const plan = schedule(nodes, [req('db', 1000, 32), req('calc', 8000, 2)], online);
    expect(where(plan)).toEqual({ db: 'mem-heavy', calc: 'cpu-heavy' });
  });
});
