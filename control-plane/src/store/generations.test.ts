// A workload's kept generations and a rollback to one of them, against a real SQLite file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkloadSpec } from '@coxswain/shared';
import { applyWorkload, rollbackWorkload, type ReplicaRecord } from '../model';
import { SqliteStore } from './store';
import { workloadSpec } from '@coxswain/shared/spec-builder';

let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-generations-'));
  store = new SqliteStore(path.join(dir, 'coxswain.db'));
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const spec = (sleep: string, replicas = 2): WorkloadSpec =>
  workloadSpec('web', { command: ['sleep', sleep], replicas });

const slot = (id: number, generation: number, desired: 'run' | 'stop' = 'run'): ReplicaRecord => ({
  workload: 'web',
  id,
  node: 'a',
  epoch: 10 + id,
  generation,
  desired,
  reason: '',
  restarts: 0,
  handledExitAt: 0,
  lastStartAt: 0,
  failures: 0,
  failedAt: 0,
  failReason: '',
  waitingForRoom: false,
  replaces: null,
  moveStartedAt: 0,
  replaceFailedAt: 0,
  drainStartedAt: 0,
});

describe('generations', () => {
  it('rolls back as a new generation whose replicas still on the target keep running as they are', () => {
    applyWorkload(store, spec('1'), 1000);
    applyWorkload(store, spec('2'), 2000);
    // Replica 0 still runs generation 1 (the rollout to 2 failed); replica 1 is the new copy.
    store.applyChanges({ upsertReplicas: [slot(0, 1), slot(1, 2), slot(2, 1, 'stop')] });
    const result = rollbackWorkload(store, 'web', 0, () => 'automatic rollback: test', 3000);
    expect(result).toMatchObject({ kind: 'rolled-back', from: 2, to: 1, changed: true });
    const w = store.getWorkload('web')!;
    expect(w.generation).toBe(3);
    expect(w.spec.command).toEqual(['sleep', '1']);
    expect(store.replicasOf('web').map((r) => [r.id, r.generation])).toEqual([
      [0, 3],
      [1, 2],
      [2, 1],
    ]);
    // The mirror the passes read agrees with the file.
    expect(store.listReplicas().find((r) => r.id === 0)?.generation).toBe(3);
    expect(store.listGenerations('web').map((g) => [g.generation, g.cause, g.createdAt])).toEqual([
      [3, 'automatic rollback: test', 3000],
      [2, 'apply', 2000],
      [1, 'apply', 1000],
    ]);
  });

  it('forgets the history with the workload', () => {
    applyWorkload(store, spec('1'));
    applyWorkload(store, spec('2'));
    store.deleteWorkload('web');
    applyWorkload(store, spec('3'));
    expect(store.listGenerations('web').map((g) => g.generation)).toEqual([1]);
    expect(rollbackWorkload(store, 'web', 0, () => 'x')).toEqual({ kind: 'no-generation', generation: 0 });
  });
});
