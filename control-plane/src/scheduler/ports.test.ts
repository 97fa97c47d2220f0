// Host ports and networks as the scheduler sees them: fixed ports never collide on a node, dynamic
// ones are counted against each node's range, and a node without the network is never chosen.
import { describe, expect, it } from 'vitest';
import { schedule } from './schedule';
import { node, req } from './test-helpers';
import type { SchedRequest } from './types';

function withPorts(r: SchedRequest, extra: Partial<SchedRequest>): SchedRequest {
  return { ...r, ...extra };
}

describe('host ports', () => {
  it('places a fixed port once per node and leaves the rest pending naming the port', () => {
    const nodes = [node('a', 8000), node('b', 8000), node('c', 8000)];
    const requests = [0, 1, 2, 3, 4].map((i) =>
      withPorts(req(`web/${i}`, 100, 0, { group: 'web' }), { hostPorts: [8080] }),
    );
    for (const mode of ['online', 'batch'] as const) {
      const plan = schedule(nodes, requests, { mode });
      expect(new Set(plan.placements.map((p) => p.node)).size).toBe(3);
      expect(plan.placements).toHaveLength(3);
      expect(plan.unplaced.map((u) => u.reason)).toEqual([
        '0/3 nodes available: 3 port 8080 in use',
        '0/3 nodes available: 3 port 8080 in use',
      ]);
    }
  });

  it('never lands beside a port another workload holds', () => {
    const nodes = [
      node('a', 8000, 64, { usedPorts: [8080] }),
      node('b', 8000),
      node('c', 8000, 64, { usedPorts: [8080] }),
    ];
    const plan = schedule(nodes, [withPorts(req('other/0', 100), { hostPorts: [8080] })], { mode: 'online' });
    expect(plan.placements).toEqual([{ id: 'other/0', node: 'b' }]);
  });

  it('counts dynamic ports against the range, including fixed ports inside it and unallocated ones', () => {
    const range = { low: 20000, high: 20002 };
    const nodes = [node('a', 8000, 64, { dynamicPorts: range, usedPorts: [20001], unallocatedPorts: 1 })];
    const one = withPorts(req('w/0', 10), { dynamicPorts: 1 });
    expect(schedule(nodes, [one], { mode: 'online' }).placements).toHaveLength(1);
    const two = [one, withPorts(req('w/1', 10), { dynamicPorts: 1 })];
    const plan = schedule(nodes, two, { mode: 'online' });
    expect(plan.placements).toHaveLength(1);
    expect(plan.unplaced[0].reason).toBe('0/1 nodes available: 1 no free dynamic port');
  });

  it('keeps placement unchanged for requests without ports', () => {
    const nodes = [node('a', 4000), node('b', 4000)];
    const requests = [req('x', 1000), req('y', 3000), req('z', 1000)];
    const plain = schedule(nodes, requests, { mode: 'batch' });
    const tagged = schedule(
      nodes.map((n) => ({ ...n, usedPorts: [8080] })),
      requests,
      { mode: 'batch' },
    );
    expect(tagged).toEqual(plain);
  });

  it('reports a port taken on some nodes and resources short on others', () => {
    const nodes = [node('a', 100), node('b', 8000, 64, { usedPorts: [9000] })];
    const plan = schedule(nodes, [withPorts(req('w/0', 500), { hostPorts: [9000] })], { mode: 'online' });
    expect(plan.unplaced[0].reason).toBe(
      '0/2 nodes available: 1 insufficient cpu (need 500m cpu, most free 100m), 1 port 9000 in use',
    );
  });
});

describe('networks', () => {
  it('places a replica only where its network exists', () => {
    const nodes = [
      node('a', 8000, 64, { networks: ['host', 'none'] }),
      node('b', 8000, 64, { networks: ['bridge', 'host', 'none'] }),
    ];
    const plan = schedule(nodes, [withPorts(req('w/0', 100), { network: 'bridge' })], { mode: 'online' });
    expect(plan.placements).toEqual([{ id: 'w/0', node: 'b' }]);
  });

  it('says which network is missing', () => {
    const nodes = ['a', 'b', 'c'].map((n) => node(n, 8000, 64, { networks: ['host', 'none'] }));
    for (const mode of ['online', 'batch'] as const) {
      const plan = schedule(nodes, [withPorts(req('w/0', 100), { network: 'bridge' })], { mode });
      expect(plan.unplaced[0].reason).toBe('0/3 nodes available: 3 no bridge network');
    }
  });
});
