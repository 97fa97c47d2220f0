// Calls that arrive together share one reconciler pass; each still waits for a pass of its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@coxswain/shared';
import { applyWorkload } from '../model';
import { type ClusterStore, SqliteStore } from '../store';
import { Controller } from './controller';
import { PassRequests } from './pass-requests';

let dir: string;
let store: ClusterStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-controller-'));
  store = new SqliteStore(path.join(dir, 'coxswain.db'));
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Controller.settle', () => {
  it('coalesces concurrent callers into one pass that sees all their writes', async () => {
    const commands = { send: () => undefined, connectedNodes: () => new Set<string>() };
    const c = new Controller(
      { store, log: createLogger('test', 'silent'), commands, changes: new PassRequests() },
      {
        nodeTimeoutMs: 3000,
        fenceMarginMs: 1500,
        intervalMs: 250,
        autoRebalance: false,
        makeRoom: true,
        moveIntervalMs: 2000,
        maxConcurrentMoves: 1,
      },
    );
    let passes = 0;
    const pass = c.pass.bind(c);
    c.pass = (...args) => {
      passes++;
      return pass(...args);
    };
    const spec = (name: string) => ({
      name,
      image: 'coxswain/busybox:1',
      command: [],
      env: {},
      replicas: 2,
      resources: { cpuMillis: 100, memoryBytes: 64 << 20 },
      labels: {},
      constraints: [],
      restartPolicy: 'always' as const,
      disconnect: 'keep' as const,
    });
    const calls = ['a', 'b', 'c'].map((name) => {
      applyWorkload(store, spec(name));
      return c.settle();
    });
    await Promise.all(calls);
    expect(passes).toBe(1);
    // With no node, every replica of every workload exists and is pending with a reason.
    const replicas = store.listReplicas();
    expect(replicas.map((r) => `${r.workload}/${r.id}`)).toEqual(['a/0', 'a/1', 'b/0', 'b/1', 'c/0', 'c/1']);
    expect(replicas.every((r) => r.node === null && r.reason.startsWith('0/0 nodes'))).toBe(true);

    await c.settle();
    expect(passes).toBe(2);
  });
});
