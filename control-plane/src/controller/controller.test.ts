// Calls that arrive together share one reconciler pass; each still waits for a pass of its own.
// The rebalancer plans again only once the state it planned from has changed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@coxswain/shared';
import { applyWorkload, registered } from '../model';
import { type ClusterStore, SqliteStore } from '../store';
import { Controller, type ControllerOptions } from './controller';
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

const spec = (name: string, replicas = 2) => ({
  name,
  image: 'coxswain/busybox:1',
  command: [],
  env: {},
  replicas,
  resources: { cpuMillis: 100, memoryBytes: 64 << 20 },
  labels: {},
  constraints: [],
  restartPolicy: 'always' as const,
  disconnect: 'keep' as const,
});

/** Registers the nodes (4 cores, 8 GiB each) and builds a controller that sees them all connected. */
function controllerOn(nodes: string[], opts: Partial<ControllerOptions> = {}): Controller {
  const now = Date.now();
  for (const name of nodes) {
    const reg = {
      name,
      labels: {},
      networks: ['bridge'],
      capacity: { cpuMillis: 4000, memoryBytes: String(8 * 2 ** 30) },
    };
    store.registerNode(reg, '10.0.0.1', now, registered(store.getNode(name), name, '10.0.0.1'));
  }
  const commands = { send: () => undefined, connectedNodes: () => new Set(nodes) };
  return new Controller(
    { store, log: createLogger('test', 'silent'), commands, changes: new PassRequests() },
    {
      nodeTimeoutMs: 60_000,
      fenceMarginMs: 1500,
      intervalMs: 250,
      autoRebalance: false,
      makeRoom: true,
      moveIntervalMs: 2000,
      maxConcurrentMoves: 1,
      ...opts,
    },
  );
}

/** A rebalancing controller (moves due by time at once) that logs its rounds. */
function rebalancing(nodes: string[], quietRoundMs?: number): { c: Controller; rounds: boolean[] } {
  const rounds: boolean[] = [];
  const c = controllerOn(nodes, {
    autoRebalance: true,
    moveIntervalMs: 0,
    quietRoundMs,
    onPass: (_s, _m, rebalanced) => void rounds.push(rebalanced),
  });
  return { c, rounds };
}

describe('Controller rebalancing rounds', () => {
  it('plans once per state: not again until nodes, workloads, replicas or containers change', () => {
    // Only the state decides here: no wait after a round that found nothing.
    const { c, rounds } = rebalancing(['n1', 'n2'], 0);
    const passes = (n: number) => {
      rounds.length = 0;
      for (let i = 0; i < n; i++) c.pass();
      return [...rounds];
    };
    expect(passes(3)).toEqual([true, false, false]);
    // Heartbeats change liveness only.
    store.touchNode('n1', Date.now(), { cpuPercent: 50, memoryUsedBytes: String(2 ** 30) });
    expect(passes(2)).toEqual([false, false]);
    // A new workload: planned on; its placement (committed by that pass) is planned on once more.
    applyWorkload(store, spec('web'));
    expect(passes(3)).toEqual([true, true, false]);
    expect(store.listReplicas().map((r) => r.reason || r.node)).toEqual(['n1', 'n2']);
    // A cordon is a change of a node.
    store.setNodeFlags('n2', { cordoned: true, draining: false }, { type: 'node.cordoned', node: 'n2' });
    expect(passes(2)).toEqual([true, false]);
  });

  it('after a round that found nothing, waits the quiet interval for the next unless a node changed', () => {
    const { c, rounds } = rebalancing(['n1']);
    c.pass();
    expect(rounds).toEqual([true]);
    // Replicas placed: a change, but the last round found nothing, so the next waits.
    applyWorkload(store, spec('web'));
    c.pass();
    c.pass();
    expect(rounds).toEqual([true, false, false]);
    store.setNodeFlags('n1', { cordoned: true, draining: false }, { type: 'node.cordoned', node: 'n1' });
    c.pass();
    expect(rounds).toEqual([true, false, false, true]);
  });
});

describe('Controller.settle', () => {
  it('coalesces concurrent callers into one pass that sees all their writes', async () => {
    const c = controllerOn([], { nodeTimeoutMs: 3000 });
    let passes = 0;
    const pass = c.pass.bind(c);
    c.pass = (...args) => {
      passes++;
      return pass(...args);
    };
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

describe('Controller sweep', () => {
  it('looks at a workload whose change was never marked within the sweep interval, a slice per pass', async () => {
    const c = controllerOn(['n1'], { sweepIntervalMs: 1000 });
    applyWorkload(store, spec('a', 1));
    applyWorkload(store, spec('b', 1));
    c.pass();
    applyWorkload(store, spec('z', 1));
    // Someone else took the change: no pass hears of z.
    store.takeChanges();
    const placed = () => store.replicasOf('z').some((r) => r.node === 'n1');
    c.pass();
    expect(placed()).toBe(false);
    const started = Date.now();
    while (!placed() && Date.now() - started < 3000) {
      await new Promise((r) => setTimeout(r, 50));
      c.pass();
    }
    expect(placed()).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
