import { describe, expect, it } from 'vitest';
import { schedule } from './schedule';
import { node, req } from './test-helpers';
import type { Plan, SchedNode, SchedRequest } from './types';

const online = { mode: 'online' } as const;

function where(plan: Plan): Record<string, string> {
  return Object.fromEntries(plan.placements.map((p) => [p.id, p.node]));
}

/** A node holding running replicas (residents) that the scheduler may move. */
function holding(name: string, capacity: number, residents: SchedRequest[], extra: Partial<SchedNode> = {}): SchedNode {
  const cpu = residents.reduce((s, r) => s + r.cpuMillis, 0);
  const groupCounts: Record<string, number> = {};
  for (const r of residents) groupCounts[r.group] = (groupCounts[r.group] ?? 0) + 1;
  return node(name, capacity, 64, { allocated: { cpuMillis: cpu, memoryBytes: 0 }, groupCounts, residents, ...extra });
}

// n1 has 10 free, n2 has 30 free: a 40 fits neither. Moving the 30 from n1 into n2's gap makes
// n1 fit it exactly, and the empty n3 stays empty.
function threeNodes(b = req('b', 30), extra: Partial<SchedNode> = {}): SchedNode[] {
  return [holding('n1', 100, [req('a', 60), b]), holding('n2', 100, [req('c', 70)], extra), node('n3', 100)];
}

describe('making room (online)', () => {
  it('moves one resident into another used node instead of opening an empty one', () => {
    const plan = schedule(threeNodes(), [req('d', 40)], online);
    expect(where(plan)).toEqual({ d: 'n1' });
    expect(plan.moves).toEqual([{ id: 'b', from: 'n1', to: 'n2' }]);
  });

  it('opens the empty node when asked not to move, and in batch mode', () => {
    for (const opts of [{ mode: 'online', makeRoom: false }, { mode: 'batch' }] as const) {
      const plan = schedule(threeNodes(), [req('d', 40)], opts);
      expect(where(plan)).toEqual({ d: 'n3' });
      expect(plan.moves).toEqual([]);
    }
  });

  it('never displaces anything when a used node already fits', () => {
    const plan = schedule(threeNodes(), [req('d', 30)], online);
    expect(where(plan)).toEqual({ d: 'n2' });
    expect(plan.moves).toEqual([]);
  });

  it('does not double up the moved replica’s workload on its new node', () => {
    const nodes = threeNodes(req('web/1', 30, 0, { group: 'web' }), {});
    nodes[1] = holding('n2', 100, [req('web/0', 70, 0, { group: 'web' })]);
    const plan = schedule(nodes, [req('d', 40)], online);
    expect(where(plan)).toEqual({ d: 'n3' });
    expect(plan.moves).toEqual([]);
  });

  it('does not move a replica where its constraints forbid', () => {
    const plan = schedule(threeNodes(req('b', 30, 0, { constraints: ['node.name == n1'] })), [req('d', 40)], online);
    expect(where(plan)).toEqual({ d: 'n3' });
    expect(plan.moves).toEqual([]);
  });

  it('does not make room on a node that already holds the request’s workload', () => {
    const nodes = [
      holding('n1', 100, [req('api/0', 60, 0, { group: 'api' }), req('b', 30)]),
      holding('n2', 100, [req('c', 70)]),
      node('n3', 100),
    ];
    const plan = schedule(nodes, [req('api/1', 40, 0, { group: 'api' })], online);
    expect(where(plan)).toEqual({ 'api/1': 'n3' });
    expect(plan.moves).toEqual([]);
  });

  it('places a request that fits nowhere, even on an empty node, by making room', () => {
    const nodes = [holding('n1', 100, [req('a', 60), req('b', 30)]), holding('n2', 100, [req('c', 70)])];
    const plan = schedule(nodes, [req('d', 40)], online);
    expect(plan.unplaced).toEqual([]);
    expect(where(plan)).toEqual({ d: 'n1' });
  });

  it('moves a request placed earlier in the same call (reported, and placed at its final node)', () => {
    // a -> n1, c -> n1 (tightest), b opens n2 (20 left); d fits neither, but c fits n2's gap.
    const nodes = [node('n1', 100), node('n2', 100), node('n3', 100)];
    const plan = schedule(nodes, [req('a', 60), req('c', 15), req('b', 80), req('d', 40)], online);
    expect(where(plan)).toEqual({ a: 'n1', c: 'n2', b: 'n2', d: 'n1' });
    expect(plan.moves).toEqual([{ id: 'c', from: 'n1', to: 'n2' }]);
    const plain = schedule(nodes, [req('a', 60), req('c', 15), req('b', 80), req('d', 40)], {
      mode: 'online',
      makeRoom: false,
    });
    expect(new Set(plain.placements.map((p) => p.node)).size).toBe(3);
  });

  it('puts a moved replica only where there is room before any other replica has left', () => {
    // Moving r0 (b -> c) makes room on b for web/1; moving r1 (a -> b) would then fit b only
    // because r0 is leaving, but r1's new copy starts before r0's old one stops.
    const web = (id: number) => req(`web/${id}`, 400, 0, { group: 'web' });
    const nodes = [
      holding('a', 1000, [req('r1', 200), req('y', 500)]),
      holding('b', 1000, [req('r0', 500), req('o', 400)]),
      holding('c', 1000, [web(0)]),
      node('d', 1000),
    ];
    const plan = schedule(nodes, [web(1), web(2)], online);
    expect(plan.moves.length).toBeGreaterThan(0);
    const load = new Map(nodes.map((n) => [n.name, n.allocated.cpuMillis]));
    const size = new Map(nodes.flatMap((n) => (n.residents ?? []).map((r) => [r.id, r.cpuMillis] as const)));
    for (const m of plan.moves) load.set(m.to, load.get(m.to)! + size.get(m.id)!);
    for (const [name, cpu] of load) expect(cpu, name).toBeLessThanOrEqual(1000);
  });

  it('keeps memory in account: a move must make room in both dimensions', () => {
    const nodes = [
      holding('n1', 100, [req('a', 60, 4), req('b', 30, 1)], {
        capacity: { cpuMillis: 100, memoryBytes: 8 * 1024 ** 3 },
      }),
      holding('n2', 100, [req('c', 70)]),
      node('n3', 100),
    ];
    nodes[0].allocated.memoryBytes = 5 * 1024 ** 3;
    // d needs 4 GiB: n1 has 3 free, 4 once b's 1 GiB leaves: fits. e needs 5 GiB: no single move helps.
    expect(where(schedule(nodes, [req('d', 40, 4)], online))).toEqual({ d: 'n1' });
    expect(where(schedule(nodes, [req('e', 40, 5)], online))).toEqual({ e: 'n3' });
  });
});

describe('making room with residents given lazily', () => {
  // 400 used nodes, 800-960 of 1000 taken by residents of assorted sizes, and 20 empty ones.
  function cluster(): { nodes: SchedNode[]; byNode: Map<string, SchedRequest[]> } {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const nodes: SchedNode[] = [];
    const byNode = new Map<string, SchedRequest[]>();
    for (let i = 0; i < 400; i++) {
      const residents: SchedRequest[] = [];
      const target = 800 + Math.floor(next() * 160);
      let used = 0;
      for (let k = 0; used < target; k++) {
        const size = Math.min(target - used, 20 + Math.floor(next() * 200));
        residents.push(req(`r${i}-${k}`, size));
        used += size;
      }
      byNode.set(`n${i}`, residents);
      nodes.push(holding(`n${i}`, 1000, residents, i % 9 === 0 ? { takesMoves: false } : {}));
    }
    for (let i = 0; i < 20; i++) nodes.push(node(`e${i}`, 1000));
    return { nodes, byNode };
  }

  it('plans what it plans with them on the nodes, and asks only for the nodes its search reaches', () => {
    const requests = [req('x', 260), req('y', 240), req('z', 230)];
    const eager = schedule(cluster().nodes, requests, online);
    expect(eager.moves.length).toBeGreaterThan(0);

    const { nodes, byNode } = cluster();
    const asked = new Set<string>();
    const refused = new Set(nodes.filter((n) => n.takesMoves === false).map((n) => n.name));
    for (const n of nodes) {
      delete n.residents;
      delete n.takesMoves;
    }
    const lazy = schedule(nodes, requests, {
      ...online,
      residents: {
        bound: { cpuMillis: 220, memoryBytes: 0 },
        of: (n) => {
          asked.add(n.name);
          return byNode.get(n.name) ?? [];
        },
        takesMoves: (n) => !refused.has(n.name),
      },
    });
    expect(where(lazy)).toEqual(where(eager));
    expect(lazy.moves).toEqual(eager.moves);
    expect(asked.size).toBeGreaterThan(0);
    expect(asked.size).toBeLessThan(nodes.length);
  });
});
