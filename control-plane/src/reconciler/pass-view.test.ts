// What voluntary moves read of a pass: a node's replicas with the pass's own writes on top,
// settledness from a workload's own replicas and containers, and which nodes may take a move.
import { describe, expect, it } from 'vitest';
import { NodeLoad, LoadView, ReplicaTable } from '../replica';
import type { ContainerRecord, NodeRecord, ReplicaRecord } from '../model';
import { PassView } from './pass-view';
import { NOW, container, node, replica, workload } from './test-helpers';

function view(
  nodes: NodeRecord[],
  replicas: ReplicaRecord[],
  containers: ContainerRecord[],
  table = new ReplicaTable(replicas),
) {
  const workloads = new Map([['web', workload('web', 2)]]);
  return new PassView({
    now: NOW,
    settleMs: 10_000,
    nodes: new Map(nodes.map((n) => [n.name, n])),
    replicas: table,
    load: () => new LoadView(NodeLoad.of(replicas, workloads), table.changed(), workloads),
    schedNodes: () => [],
    containersOf: (w) => containers.filter((c) => c.workload === w),
    containersOn: (n) => containers.filter((c) => c.node === n),
    replicasOn: (n) => replicas.filter((r) => r.node === n),
  });
}

describe('PassView', () => {
  const nodes = [node('a'), node('b'), node('c', { readySince: NOW - 1000 })];
  const replicas = [replica('web', 0, 'a', 1), replica('web', 1, 'a', 2)];
  const running = [container('a', 'web', 0, 1), container('a', 'web', 1, 2)];

  it('calls a workload settled only when every replica runs its current container on a live node', () => {
    expect(view(nodes, replicas, running).settled('web')).toBe(true);
    expect(view(nodes, replicas, running.slice(0, 1)).settled('web')).toBe(false);
    expect(view([node('a', { state: 'DOWN' })], replicas, running).settled('web')).toBe(false);
    expect(view(nodes, replicas, running).settledAt('web', 2)).toBe(false);
    expect(view(nodes, replicas, running).crowded()).toEqual(['web']);
  });

  it('shows a node its replicas with the pass’s own writes on top', () => {
    const table = new ReplicaTable(replicas);
    table.write({ ...replicas[1], node: 'b', epoch: 3 });
    const v = view(nodes, replicas, running, table);
    expect(v.replicasOn('a').map((r) => r.id)).toEqual([0]);
    expect(v.replicasOn('b').map((r) => r.id)).toEqual([1]);
  });

  it('lets a move land only on a settled node without a stale copy', () => {
    const stale = [...running, container('b', 'web', 0, 0)];
    const v = view(nodes, replicas, stale);
    expect(v.takesMoves('a')).toBe(true);
    expect(v.takesMoves('b')).toBe(false);
    // Back for a second only: not settled yet.
    expect(v.takesMoves('c')).toBe(false);
    expect(v.everyNodeSettled()).toBe(false);
    expect(view([node('a')], replicas, running).everyNodeSettled()).toBe(true);
  });
});
