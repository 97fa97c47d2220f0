// The store's in-memory mirror must always equal what a fresh read of the database gives.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkloadSpec } from '@coxswain/shared';
import type { ReplicaRecord } from '../model';
import { applyWorkload, flagsEvent, heardFrom, registered } from '../model';
import { SqliteStore } from './store';
import { workloadSpec } from '@coxswain/shared/spec-builder';

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-mirror-'));
  file = path.join(dir, 'coxswain.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const spec = (name: string, replicas: number): WorkloadSpec => workloadSpec(name, { replicas });

const replica = (workload: string, id: number, node: string | null, epoch: number): ReplicaRecord => ({
  workload,
  id,
  node,
  epoch,
  generation: 1,
  desired: 'run',
  reason: node ? '' : 'not yet scheduled',
  restarts: 0,
  handledExitAt: 0,
  lastStartAt: 0,
  failures: 0,
  failedAt: 0,
  failReason: '',
  replaces: null,
  waitingForRoom: false,
  moveStartedAt: 0,
  replaceFailedAt: 0,
  drainStartedAt: 0,
});

const container = (workload: string, replica: number, epoch: number, state = 'running') => ({
  containerId: `c-${workload}-${replica}-${epoch}`,
  workload,
  replica,
  epoch,
  generation: 1,
  state,
  exitCode: 0,
  startedAt: 1,
  finishedAt: 0,
});

/** What a store opened afresh on the same file reads from the database. */
function fromDisk() {
  const fresh = new SqliteStore(file);
  try {
    return fresh.loadState();
  } finally {
    fresh.close();
  }
}

describe('SqliteStore mirror', () => {
  it('matches the database after every kind of write', () => {
    const s = new SqliteStore(file);
    const reg = (name: string, zone: string) => ({
      name,
      labels: { zone },
      capacity: { cpuMillis: 4000, memoryBytes: 1 << 30 },
      agentVersion: 't',
      addresses: [],
    });
    s.registerNode(reg('b', 'x'), '10.0.0.2', 100, registered(undefined, 'b', '10.0.0.2'));
    s.registerNode(reg('a', 'y'), '10.0.0.1', 100, registered(undefined, 'a', '10.0.0.1'));
    applyWorkload(s, spec('web', 3), 110);
    applyWorkload(s, spec('db', 1), 110);
    s.applyChanges({
      upsertReplicas: [
        replica('web', 2, 'a', 7),
        replica('web', 0, 'b', 5),
        replica('web', 1, null, 0),
        replica('db', 0, 'a', 6),
      ],
      nextEpoch: 8,
      nodeStates: [{ name: 'b', state: 'DOWN' }],
    });
    expect(s.loadState()).toEqual(fromDisk());

    const back = heardFrom(s.getNode('b'));
    expect(back).toBeDefined();
    s.applyChanges({ nodeStates: [{ name: 'b', state: 'READY' }], events: back?.events });
    s.touchNode('a', 200, { cpuPercent: 12.5, memoryUsedBytes: 1000 });
    s.touchNode('b', 210);
    // Liveness reaches the file in batches; the mirror holds it first.
    s.flushLiveness();
    s.setNodeFlags('a', { cordoned: true, draining: false }, flagsEvent('a', { cordoned: true, draining: false }));
    s.applyReport('a', true, [container('web', 2, 7), container('db', 0, 6)], [], 220);
    s.applyReport('b', false, [container('web', 0, 5, 'exited')], [], 230);
    s.applyReport('a', false, [], ['c-db-0-6'], 240);
    s.recordStartFailure('web', 2, 7, 'pull failed', 250);
    s.applyChanges({
      deleteReplicas: [{ workload: 'web', id: 1 }],
      upsertReplicas: [replica('web', 3, 'b', 8)],
      nextEpoch: 9,
    });
    applyWorkload(s, spec('web', 5), 260);
    s.deleteWorkload('db');
    s.refreshLeases(300);
    expect(s.loadState()).toEqual(fromDisk());
    expect(
      s
        .loadState()
        .replicas.filter((r) => r.workload === 'db')
        .map((r) => r.desired),
    ).toEqual(['stop']);
    s.close();
  });

  it("keeps each node's totals equal to a sum over its replicas, and a store read afresh agrees", () => {
    const s = new SqliteStore(file);
    const reg = (name: string) => ({
      name,
      labels: {},
      capacity: { cpuMillis: 4000, memoryBytes: 1 << 30 },
      agentVersion: 't',
      addresses: [],
    });
    s.registerNode(reg('a'), '10.0.0.1', 100, registered(undefined, 'a', '10.0.0.1'));
    s.registerNode(reg('b'), '10.0.0.2', 100, registered(undefined, 'b', '10.0.0.2'));
    const sized = (name: string, replicas: number, cpuMillis: number) =>
      workloadSpec(name, { replicas, resources: { cpuMillis, memoryBytes: cpuMillis << 10 } });
    const summed = (store: SqliteStore) => {
      const state = store.loadState();
      const out: Record<string, { cpu: number; mem: number; running: number }> = {};
      for (const n of ['a', 'b']) {
        const here = state.replicas.filter((r) => r.node === n);
        let cpu = 0;
        let mem = 0;
        for (const r of here) {
          const res = state.workloads.find((w) => w.name === r.workload)?.spec.resources;
          cpu += res?.cpuMillis ?? 0;
          mem += res?.memoryBytes ?? 0;
        }
        out[n] = { cpu, mem, running: here.filter((r) => r.desired === 'run').length };
      }
      return out;
    };
    const kept = (store: SqliteStore) =>
      Object.fromEntries(
        ['a', 'b'].map((n) => {
          const t = store.nodeTotals(n);
          return [n, { cpu: t.allocated.cpuMillis, mem: t.allocated.memoryBytes, running: t.running }];
        }),
      );
    const check = () => {
      expect(kept(s)).toEqual(summed(s));
      const fresh = new SqliteStore(file);
      try {
        expect(kept(fresh)).toEqual(kept(s));
      } finally {
        fresh.close();
      }
    };
    applyWorkload(s, sized('web', 3, 100), 110);
    applyWorkload(s, sized('db', 1, 300), 110);
    s.applyChanges({
      upsertReplicas: [
        replica('web', 0, 'a', 5),
        replica('web', 1, 'b', 6),
        replica('web', 2, null, 0),
        replica('db', 0, 'a', 7),
      ],
      nextEpoch: 8,
    });
    check();
    // A move: the replica leaves a for b; one retires where it is.
    s.applyChanges({
      upsertReplicas: [replica('web', 0, 'b', 8), { ...replica('web', 1, 'b', 6), desired: 'stop' }],
      nextEpoch: 9,
    });
    check();
    // A new spec asks for more: every replica of it counts the new amount.
    applyWorkload(s, sized('web', 3, 250), 120);
    check();
    expect(s.nodeTotals('b').allocated.cpuMillis).toBe(500);
    s.deleteWorkload('db');
    s.applyChanges({ deleteReplicas: [{ workload: 'web', id: 1 }] });
    check();
    expect(s.nodeTotals('a')).toEqual({ allocated: { cpuMillis: 0, memoryBytes: 0 }, running: 0, replicas: 1 });
    s.close();
  });

  it('lists nodes in name order with their newest liveness, and leaves a list handed out before as it was', () => {
    const s = new SqliteStore(file);
    for (const name of ['c', 'a', 'b'])
      s.registerNode(
        { name, labels: {}, capacity: { cpuMillis: 1000, memoryBytes: 1 << 30 }, agentVersion: 't', addresses: [] },
        '10.0.0.1',
        100,
        registered(undefined, name, '10.0.0.1'),
      );
    // The mirror's own list, as a pass holds it.
    const before = s.passState().nodes;
    s.touchNode('b', 500);
    s.touchNode('c', 600);
    const after = s.passState().nodes;
    expect(after.map((n) => `${n.name}@${n.lastSeen}`)).toEqual(['a@100', 'b@500', 'c@600']);
    expect(before.map((n) => `${n.name}@${n.lastSeen}`)).toEqual(['a@100', 'b@100', 'c@100']);
    s.removeNode('a');
    s.touchNode('c', 700);
    expect(s.loadState().nodes.map((n) => `${n.name}@${n.lastSeen}`)).toEqual(['b@500', 'c@700']);
    s.close();
  });

  it('is left unchanged by a transaction that fails', () => {
    const s = new SqliteStore(file);
    applyWorkload(s, spec('web', 2));
    const before = s.loadState();
    const broken = { ...replica('web', 1, null, 0), generation: null as unknown as number };
    expect(() => s.applyChanges({ upsertReplicas: [replica('web', 0, null, 0), broken], nextEpoch: 50 })).toThrow();
    expect(s.loadState()).toEqual(before);
    expect(s.loadState()).toEqual(fromDisk());
    s.close();
  });

  it('hands out lists that callers may change without affecting the store', () => {
    const s = new SqliteStore(file);
    applyWorkload(s, spec('web', 1));
    s.listWorkloads().pop();
    expect(s.listWorkloads()).toHaveLength(1);
    s.close();
  });

  it('says which workloads changed, and indexes replicas and containers by workload', () => {
    const s = new SqliteStore(file);
    s.registerNode(
      { name: 'a', labels: {}, capacity: { cpuMillis: 4000, memoryBytes: 1 << 30 }, agentVersion: 't', addresses: [] },
      '10.0.0.1',
      100,
      registered(undefined, 'a', '10.0.0.1'),
    );
    expect(s.takeChanges().nodes).toBe(true);
    applyWorkload(s, spec('web', 3), 110);
    applyWorkload(s, spec('db', 1), 110);
    s.applyChanges({ upsertReplicas: [replica('web', 2, 'a', 7), replica('db', 0, 'a', 6)] });
    expect(s.takeChanges()).toEqual({ workloads: new Set(['web', 'db']), nodes: false });
    s.applyReport('a', true, [container('web', 2, 7), container('db', 0, 6)], [], 220);
    expect(s.takeChanges().workloads).toEqual(new Set(['web', 'db']));
    // The same full report again changes nothing; one container's exit marks its workload only.
    s.applyReport('a', true, [container('web', 2, 7), container('db', 0, 6)], [], 230);
    s.touchNode('a', 240);
    expect(s.takeChanges()).toEqual({ workloads: new Set(), nodes: false });
    s.applyReport('a', false, [container('db', 0, 6, 'exited')], [], 250);
    expect(s.takeChanges().workloads).toEqual(new Set(['db']));
    // A freed id taken again keeps the index in id order.
    s.applyChanges({ deleteReplicas: [{ workload: 'web', id: 0 }] });
    s.applyChanges({ upsertReplicas: [replica('web', 0, 'a', 8)] });
    const state = s.passState(new Set(['db']));
    expect([...(state.replicas.get('web')?.keys() ?? [])]).toEqual([0, 2]);
    expect(state.containers.map((c) => c.containerId)).toEqual(['c-db-0-6']);
    expect(s.containersOfWorkload('web').map((c) => c.containerId)).toEqual(['c-web-2-7']);
    // Each node's replicas, kept as replicas move and go.
    s.applyChanges({ upsertReplicas: [replica('db', 0, null, 6)], deleteReplicas: [{ workload: 'web', id: 2 }] });
    expect(s.replicasOnNode('a').map((r) => `${r.workload}/${r.id}`)).toEqual(['web/0']);
    s.applyChanges({ upsertReplicas: [replica('db', 0, 'a', 9)] });
    expect(
      s
        .replicasOnNode('a')
        .map((r) => `${r.workload}/${r.id}@${r.epoch}`)
        .sort(),
    ).toEqual(['db/0@9', 'web/0@8']);
    const disk = fromDisk();
    expect(state.allContainers()).toEqual(disk.containers);
    const key = (r: ReplicaRecord) => `${r.workload}/${r.id}`;
    const indexed = [...state.replicas.values()].flatMap((of) => [...of.values()]);
    expect(indexed.sort((x, y) => key(x).localeCompare(key(y)))).toEqual(disk.replicas);
    s.close();
  });
});
