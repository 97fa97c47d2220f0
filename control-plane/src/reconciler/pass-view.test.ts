// What voluntary moves read of a pass: a node's replicas with the pass's own writes on top,
// settledness from a workload's own replicas and containers, and which nodes may take a move.
import { describe, expect, it } from 'vitest';
import { NodeLoad, LoadView, ReplicaTable } from '../replica';
import type { ContainerRecord, NodeRecord, ReplicaRecord } from '../model';
import { PassView } from './pass-view';
import { SettledMemo } from './settled-memo';
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
    wrote: (w) => table.wrote(w),
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

interface Fixture {
  nodes: NodeRecord[];
  replicas: ReplicaRecord[];
  containers: ContainerRecord[];
}

function memoView(f: Fixture, memo: SettledMemo, table = new ReplicaTable(f.replicas)): PassView {
  return new PassView({
    now: NOW,
    nodes: new Map(f.nodes.map((n) => [n.name, n])),
    replicas: table,
    load: () => {
      throw new Error('not asked here');
    },
    schedNodes: () => [],
    containersOf: (w) => f.containers.filter((c) => c.workload === w),
    containersOn: (n) => f.containers.filter((c) => c.node === n),
    replicasOn: (n) => f.replicas.filter((r) => r.node === n),
    memo,
    wrote: (w) => table.wrote(w),
  });
}

const settledWeb = (): Fixture => ({
  nodes: [node('a'), node('b')],
  replicas: [replica('web', 0, 'a', 1), replica('web', 1, 'b', 2)],
  containers: [container('a', 'web', 0, 1), container('b', 'web', 1, 2)],
});

describe('PassView settledness across passes', () => {
  it('works an answer out once and keeps it for the next pass until the workload is forgotten', () => {
    const memo = new SettledMemo();
    const f = settledWeb();
    expect(memoView(f, memo).settled('web')).toBe(true);
    expect(memoView(f, memo).settledAt('web', 1)).toBe(true);
    expect(memoView(f, memo).settledAt('web', 2)).toBe(false);
    expect(memo.get('web', '')).toBe(true);
    expect(memo.get('web', '2')).toBe(false);

    // A container exits: the store marks the workload changed and the controller forgets it.
    // Until then the kept answer stands (this is why the caller must forget).
    const exited: Fixture = { ...f, containers: [f.containers[0], { ...f.containers[1], state: 'exited' }] };
    expect(memoView(exited, memo).settled('web')).toBe(true);
    memo.forget('web');
    expect(memoView(exited, memo).settled('web')).toBe(false);
    expect(memo.get('web', '')).toBe(false);
  });

  it('reads nothing kept about a workload the pass wrote to, and keeps nothing of it', () => {
    const memo = new SettledMemo();
    const f = settledWeb();
    memo.set('web', '', false);
    const table = new ReplicaTable(f.replicas);
    // The pass moved replica 1: its old copy retires once the new one runs.
    table.write({ ...f.replicas[1], desired: 'retire' });
    table.write(replica('web', 2, 'a', 3, { replaces: 1 }));
    expect(memoView(f, memo, table).settled('web')).toBe(false);
    memo.clear();
    expect(memoView(f, memo, table).settled('web')).toBe(false);
    expect(memo.size).toBe(0);
    // Not written: kept.
    expect(memoView(f, memo).settled('web')).toBe(true);
    expect(memo.size).toBe(1);
  });

  it('judges a replica on a node that is not READY unsettled', () => {
    const memo = new SettledMemo();
    const f = settledWeb();
    f.nodes[1] = { ...f.nodes[1], state: 'DOWN' };
    expect(memoView(f, memo).settled('web')).toBe(false);
  });
});
