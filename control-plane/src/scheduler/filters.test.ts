import { describe, expect, it } from 'vitest';
import { Cluster } from './cluster';
import { ConstraintFilter, feasibilityFilters, ResourceFilter, SchedulableFilter } from './filters';
import { unplacedReason } from './reasons';
import { schedule } from './schedule';
import { GIB, node, req } from './test-helpers';

/** Which nodes (by name) a filter passes for a request. */
function passing(
  cluster: Cluster,
  filter: { setRequest(r: ReturnType<typeof req>): boolean; check(i: number): boolean },
  r: ReturnType<typeof req>,
) {
  filter.setRequest(r);
  return cluster.nodes.filter((_, i) => filter.check(i)).map((n) => n.name);
}

describe('filters', () => {
  const nodes = [
    node('a1', 1000, 1, { labels: { zone: 'a' } }),
    node('a2', 4000, 8, { labels: { zone: 'a' }, allocated: { cpuMillis: 3500, memoryBytes: 0 } }),
    node('b1', 8000, 8, { labels: { zone: 'b' } }),
    node('off', 8000, 8, { schedulable: false, unschedulableReason: 'cordoned' }),
  ];

  it('each decides one kind of feasibility', () => {
    const cluster = new Cluster(nodes);
    const r = req('x', 800, 2, { constraints: ['node.labels.zone == a'] });
    expect(passing(cluster, new SchedulableFilter(cluster), r)).toEqual(['a1', 'a2', 'b1']);
    expect(passing(cluster, new ConstraintFilter(cluster), r)).toEqual(['a1', 'a2']);
    expect(passing(cluster, new ResourceFilter(cluster), r)).toEqual(['b1', 'off']);
  });

  it('a filter with nothing to check for a request asks to be skipped', () => {
    const cluster = new Cluster(nodes);
    expect(new ConstraintFilter(cluster).setRequest(req('free', 100))).toBe(false);
    expect(new ConstraintFilter(cluster).setRequest(req('pinned', 100, 0, { constraints: ['node.name == a1'] }))).toBe(
      true,
    );
  });

  it('the resource filter names every short dimension and the most any rejected node had free', () => {
    const cluster = new Cluster(nodes);
    const f = new ResourceFilter(cluster);
    f.setRequest(req('big', 2000, 2));
    expect(f.check(0)).toBe(false);
    expect(f.explain(0)).toEqual(['insufficient cpu', 'insufficient memory']);
    expect(f.explain(1)).toEqual(['insufficient cpu']);
    expect(f.detail('insufficient cpu')).toBe('need 2000m cpu, most free 1000m');
    expect(f.detail('insufficient memory')).toBe('need 2Gi memory, most free 1Gi');
    expect(f.detail('constraint node.name == a1')).toBeUndefined();
  });

  it('the schedulable filter counts the known reasons of unschedulable nodes', () => {
    const cluster = new Cluster([
      node('c1', 1000, 1, { schedulable: false, unschedulableReason: 'cordoned' }),
      node('c2', 1000, 1, { schedulable: false, unschedulableReason: 'draining' }),
      node('c3', 1000, 1, { schedulable: false, unschedulableReason: 'cordoned' }),
      node('down', 1000, 1, { schedulable: false }),
    ]);
    const f = new SchedulableFilter(cluster);
    f.setRequest();
    for (let i = 0; i < cluster.n; i++) expect(f.explain(i)).toEqual(['not schedulable']);
    expect(f.detail('not schedulable')).toBe('2 cordoned, 1 draining');
  });

  it('agree with the placement path: every placed request is on a node all filters pass', () => {
    const big = [
      ...Array.from({ length: 60 }, (_, i) =>
        node(`n${i}`, 1000 + 100 * (i % 7), 1 + (i % 3), { labels: { zone: `z${i % 3}` } }),
      ),
      node('cordoned', 16000, 64, { schedulable: false }),
    ];
    const requests = Array.from({ length: 300 }, (_, i) =>
      req(`r${i}`, 100 + ((i * 37) % 900), ((i * 13) % 7) / 8, {
        group: `g${i % 11}`,
        constraints: i % 4 === 0 ? [`node.labels.zone == z${i % 3}`] : [],
      }),
    );
    for (const mode of ['online', 'batch'] as const) {
      const plan = schedule(big, requests, { mode });
      expect(plan.placements.length).toBeGreaterThan(0);
      const index = new Map(big.map((n, i) => [n.name, i]));
      const byId = new Map(requests.map((r) => [r.id, r]));
      const cluster = new Cluster(big);
      const [schedulable, constraints] = feasibilityFilters(cluster);
      for (const p of plan.placements) {
        const r = byId.get(p.id);
        const i = index.get(p.node);
        if (!r || i === undefined) throw new Error(`placement ${p.id} on ${p.node} is unknown`);
        expect(schedulable.check(i)).toBe(true);
        if (constraints.setRequest(r)) expect(constraints.check(i)).toBe(true);
      }
      // And what was placed fits on each node: the resource filter, fed the final state, passes.
      const used = new Map<string, { cpu: number; mem: number }>();
      for (const p of plan.placements) {
        const r = byId.get(p.id);
        if (!r) throw new Error(`unknown request ${p.id}`);
        const u = used.get(p.node) ?? { cpu: 0, mem: 0 };
        used.set(p.node, { cpu: u.cpu + r.cpuMillis, mem: u.mem + r.memoryBytes });
      }
      for (const n of big) {
        const u = used.get(n.name) ?? { cpu: 0, mem: 0 };
        const after = new Cluster([{ ...n, allocated: { cpuMillis: 0, memoryBytes: 0 } }]);
        const f = new ResourceFilter(after);
        f.setRequest(req('all', u.cpu, u.mem / GIB));
        expect(f.check(0)).toBe(true);
      }
    }
  });
});

describe('the pending reason', () => {
  it('names per filter how many nodes it rejected and why', () => {
    const cluster = new Cluster([
      node('a1', 1000, 1, { labels: { zone: 'a' } }),
      node('a2', 4000, 1, { labels: { zone: 'a' } }),
      node('a3', 4000, 8, { labels: { zone: 'a' }, schedulable: false, unschedulableReason: 'draining' }),
      node('b1', 8000, 8, { labels: { zone: 'b' } }),
    ]);
    expect(unplacedReason(cluster, req('big', 2000, 2, { constraints: ['node.labels.zone == a'] }))).toBe(
      '0/4 nodes available: 2 insufficient memory (need 2Gi memory, most free 1Gi), ' +
        '1 constraint node.labels.zone == a, 1 insufficient cpu (need 2000m cpu, most free 1000m), ' +
        '1 not schedulable (1 draining)',
    );
  });

  it('keeps the count-only form where a filter has nothing to add', () => {
    const cluster = new Cluster([
      node('h1', 1000, 1, { labels: { zone: 'b' } }),
      node('h2', 1000, 1, { schedulable: false }),
    ]);
    expect(unplacedReason(cluster, req('pinned', 100, 0, { constraints: ['node.labels.zone == a'] }))).toBe(
      '0/2 nodes available: 1 constraint node.labels.zone == a, 1 not schedulable',
    );
  });

  it('shows memory in binary units and the most free of the rejected nodes only', () => {
    const mib = 1024 * 1024;
    const cluster = new Cluster([
      node('m1', 4000, 0, { capacity: { cpuMillis: 4000, memoryBytes: 256 * mib } }),
      node('m2', 4000, 0, { capacity: { cpuMillis: 4000, memoryBytes: 128 * mib } }),
      node('m3', 4000, 0, { capacity: { cpuMillis: 4000, memoryBytes: 64 * mib } }),
    ]);
    const r = { ...req('db', 500), memoryBytes: 512 * mib };
    expect(unplacedReason(cluster, r)).toBe(
      '0/3 nodes available: 3 insufficient memory (need 512Mi memory, most free 256Mi)',
    );
  });

  it('is what schedule reports for an unplaced request', () => {
    const nodes = [node('n1', 1000), node('n2', 1500, 64, { schedulable: false, unschedulableReason: 'cordoned' })];
    const plan = schedule(nodes, [req('x', 2000)], { mode: 'online' });
    expect(plan.unplaced).toEqual([
      {
        id: 'x',
        reason:
          '0/2 nodes available: 1 insufficient cpu (need 2000m cpu, most free 1000m), 1 not schedulable (1 cordoned)',
      },
    ]);
  });
});
