// A rollout that fails with autoRollback: the controller applies the previous generation's spec
// again, against a real SQLite store, and the replica still on it keeps running as it is.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, type WorkloadSpec } from '@coxswain/shared';
import { applyWorkload, registered } from '../model';
import type { Command } from '../reconciler';
import { SqliteStore } from '../store';
import { Controller } from './controller';
import { PassRequests } from './pass-requests';
import { workloadSpec } from '@coxswain/shared/spec-builder';

let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-rollback-'));
  store = new SqliteStore(path.join(dir, 'coxswain.db'));
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const spec = (sleep: string, update: WorkloadSpec['update'] = undefined): WorkloadSpec =>
  workloadSpec('web', {
    command: ['sleep', sleep],
    health: { exec: { command: ['true'] }, interval: '1s', timeout: '1s' } as WorkloadSpec['health'],
    update,
  });

describe('automatic rollback', () => {
  it('applies the previous generation again when the rollout fails, keeping what runs it', async () => {
    const sent: Command[] = [];
    const c = new Controller(
      {
        store,
        log: createLogger('test', 'silent'),
        commands: { send: (cmd) => sent.push(cmd), connectedNodes: () => new Set(['h1']) },
        changes: new PassRequests(),
      },
      {
        nodeTimeoutMs: 60_000,
        fenceMarginMs: 1500,
        intervalMs: 60_000,
        autoRebalance: false,
        makeRoom: false,
        moveIntervalMs: 60_000,
        maxConcurrentMoves: 1,
      },
    );
    const now = Date.now();
    store.registerNode(
      { name: 'h1', labels: {}, capacity: { cpuMillis: 1000, memoryBytes: 1 << 30 }, agentVersion: '', addresses: [] },
      '10.0.0.1',
      now,
      registered(undefined, 'h1', '10.0.0.1'),
    );
    applyWorkload(store, spec('1'));
    c.pass();
    const first = sent.find((cmd) => cmd.kind === 'start');
    expect(first).toMatchObject({ replica: 0, generation: 1 });
    const report = (cmd: Command, health: string) =>
      store.applyReport(
        'h1',
        false,
        [
          {
            containerId: `c-${cmd.replica}-${cmd.epoch}`,
            workload: 'web',
            replica: cmd.replica,
            epoch: cmd.epoch,
            generation: cmd.kind === 'start' ? cmd.generation : 0,
            state: 'running',
            exitCode: 0,
            startedAt: now,
            finishedAt: 0,
            health,
            healthFailures: 0,
            healthMessage: '',
          },
        ],
        [],
        Date.now(),
      );
    report(first!, 'healthy');

    // The new spec never passes its check; a 0 s deadline fails it at the next pass.
    applyWorkload(store, spec('2', { maxSurge: 1, maxUnavailable: 0, progressDeadline: '0s', autoRollback: true }));
    sent.length = 0;
    c.pass();
    const copy = sent.find((cmd) => cmd.kind === 'start');
    expect(copy).toMatchObject({ generation: 2 });
    report(copy!, 'unhealthy');
    await new Promise((r) => setTimeout(r, 5));
    c.pass();

    const w = store.getWorkload('web')!;
    expect(w.generation).toBe(3);
    expect(w.spec.command).toEqual(['sleep', '1']);
    expect(store.listGenerations('web')[0].cause).toMatch(/^automatic rollback: generation 2: no replica became ready/);
    const types = store.recentEvents({ workload: 'web' }, 50).map((e) => e.type);
    expect(types).toContain('rollout.failed');
    // Replica 0 runs generation 1's spec: it takes generation 3 as it is; the failed copy retires.
    const replicas = store.replicasOf('web');
    expect(replicas.find((r) => r.id === 0)).toMatchObject({ generation: 3, epoch: first!.epoch, desired: 'run' });
    expect(replicas.filter((r) => r.id !== 0).every((r) => r.desired === 'stop')).toBe(true);
  });
});
