// Host ports through reconciler passes: numbers given at placement, distinct per node, kept across
// restarts, given up when the replica leaves its node, and sent in the start command.
import type { PortSpec } from '@coxswain/shared';
import { describe, expect, it } from 'vitest';
import { NOW, Passes, container, node, replica, run, starts, workload } from './test-helpers';

const dynamic: PortSpec = { name: 'http', hostPort: 0, containerPort: 0, publish: 0 };
const fixed: PortSpec = { name: 'web', hostPort: 8080, containerPort: 8080, publish: 0 };

describe('reconcile: host ports', () => {
  it('gives every replica on a node its own dynamic port and sends it in the start command', () => {
    const nodes = [node('a', { cpuMillis: 10_000, dynamicPortLow: 21000, dynamicPortHigh: 21009 })];
    const p = run({ nodes, workloads: [workload('web', 4, { ports: [dynamic] })] });
    const ports = starts(p).map((c) => (c.kind === 'start' ? c.ports[0].hostPort : 0));
    expect(ports.sort()).toEqual([21000, 21001, 21002, 21003]);
    expect(p.changes.upsertReplicas!.map((r) => r.ports?.[0]?.name)).toEqual(['http', 'http', 'http', 'http']);
  });

  it('skips numbers held on the node by other workloads, fixed or dynamic', () => {
    const nodes = [node('a', { cpuMillis: 10_000, dynamicPortLow: 21000, dynamicPortHigh: 21009 })];
    const other = workload('other', 2, { ports: [{ ...dynamic, name: 'x' }] });
    const held = [
      replica('other', 0, 'a', 5, { ports: [{ name: 'x', hostPort: 21000, containerPort: 0 }] }),
      replica('other', 1, 'a', 6, { ports: [{ name: 'x', hostPort: 21002, containerPort: 0 }] }),
    ];
    const p = run({
      nodes,
      workloads: [other, workload('web', 2, { ports: [dynamic] })],
      replicas: held,
      containers: [container('a', 'other', 0, 5), container('a', 'other', 1, 6)],
    });
    const web = p.changes.upsertReplicas!.filter((r) => r.workload === 'web');
    expect(web.map((r) => r.ports?.[0].hostPort).sort()).toEqual([21001, 21003]);
  });

  it('places a fixed port once per node and leaves the rest pending with the port named', () => {
    const p = run({
      nodes: [node('a'), node('b'), node('c')],
      workloads: [workload('web', 5, { ports: [fixed] })],
    });
    const rows = p.changes.upsertReplicas!;
    expect(new Set(rows.filter((r) => r.node).map((r) => r.node)).size).toBe(3);
    expect(rows.filter((r) => !r.node).map((r) => r.reason)).toEqual([
      '0/3 nodes available: 3 port 8080 in use',
      '0/3 nodes available: 3 port 8080 in use',
    ]);
  });

  it('keeps the port across a restart and gives it up when the node is lost', () => {
    const nodes = [node('a'), node('b')];
    const passes = new Passes({ nodes, workloads: [workload('web', 1, { ports: [dynamic] })] });
    passes.runAndReport();
    const first = passes.find('web');
    const port = first.ports![0].hostPort;
    // The container exits; the restart keeps the replica's port.
    passes.containers = passes.containers.map((c) => ({
      ...c,
      state: 'exited',
      exitCode: 1,
      finishedAt: NOW - 5000,
      changedAt: NOW - 5000,
    }));
    const again = passes.run();
    const restart = starts(again)[0];
    expect(restart.kind === 'start' && restart.ports[0].hostPort).toBe(port);
    // Its node goes silent: the replica is placed anew, on the other node, with ports of that node.
    const lost = passes.run({
      now: NOW + 60_000,
      nodes: nodes.map((n) => ({ ...n, lastSeen: n.name === first.node ? 0 : NOW + 60_000 })),
    });
    const moved = lost.changes.upsertReplicas!.find((r) => r.workload === 'web' && r.node !== null);
    expect(moved?.node).not.toBe(first.node);
    expect(moved?.ports).toHaveLength(1);
  });

  it('gives up ports when the spec no longer has any', () => {
    const r = replica('web', 0, 'a', 5, { ports: [{ name: 'http', hostPort: 20000, containerPort: 0 }] });
    const p = run({
      nodes: [node('a')],
      workloads: [workload('web', 1)],
      replicas: [r],
      containers: [],
    });
    const start = starts(p)[0];
    expect(start.kind === 'start' && start.ports).toEqual([]);
    expect(p.changes.upsertReplicas!.find((x) => x.id === 0)?.ports).toBeUndefined();
  });
  it('does not start a replica whose fixed port is held on its node, and says why', () => {
    const holder = replica('old', 0, 'a', 5, { ports: [{ name: 'web', hostPort: 8080, containerPort: 8080 }] });
    const late = replica('web', 0, 'a', 6);
    const p = run({
      nodes: [node('a')],
      workloads: [workload('old', 1, { ports: [fixed] }), workload('web', 1, { ports: [fixed] })],
      replicas: [holder, late],
      containers: [container('a', 'old', 0, 5)],
    });
    expect(starts(p).filter((c) => c.workload === 'web')).toEqual([]);
    expect(p.changes.upsertReplicas!.find((r) => r.workload === 'web')?.reason).toBe(
      'waiting for ports on a: port 8080 in use',
    );
  });
});
