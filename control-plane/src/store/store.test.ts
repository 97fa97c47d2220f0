// Against a real SQLite file in a temporary folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkloadSpec } from '@coxswain/shared';
import { applyWorkload, heardFrom, registered } from '../model';
import { SqliteStore } from './store';
import { workloadSpec } from '@coxswain/shared/spec-builder';

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-store-'));
  file = path.join(dir, 'sub', 'coxswain.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const spec = (replicas = 2, command = ['sleep', '100']): WorkloadSpec => workloadSpec('web', { replicas, command });

describe('SqliteStore', () => {
  it('creates its folder, uses WAL and survives reopening', () => {
    const s = new SqliteStore(file);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    applyWorkload(s, spec());
    s.close();
    const again = new SqliteStore(file);
    expect(again.getWorkload('web')?.spec.replicas).toBe(2);
    again.close();
  });

  it('keeps the generation for the same spec and for a scale, bumps it for a new command', () => {
    const s = new SqliteStore(file);
    expect(applyWorkload(s, spec()).workload.generation).toBe(1);
    expect(applyWorkload(s, spec()).changed).toBe(false);
    expect(applyWorkload(s, spec(5)).workload.generation).toBe(1);
    expect(applyWorkload(s, spec(5, ['sleep', '1'])).workload.generation).toBe(2);
    s.close();
  });

  it('publishes events only after the commit, in order', () => {
    const s = new SqliteStore(file);
    const seen: string[] = [];
    s.subscribe((e) => seen.push(`${e.seq}:${e.type}`));
    applyWorkload(s, spec());
    s.deleteWorkload('web');
    expect(seen).toEqual(['1:workload.created', '2:workload.deleted']);
    expect(s.eventsSince(1).map((e) => e.type)).toEqual(['workload.deleted']);
    s.close();
  });

  it('answers the newest events of a workload or a node, oldest first', () => {
    const s = new SqliteStore(file);
    for (let i = 0; i < 5; i++) s.appendEvent({ type: 'replica.started', workload: 'web', node: 'h1', replica: i });
    s.appendEvent({ type: 'replica.started', workload: 'db', node: 'h2', replica: 0 });
    s.appendEvent({ type: 'node.down', node: 'h1' });
    const replicas = (es: { replica: number }[]) => es.map((e) => e.replica);
    expect(replicas(s.recentEvents({ workload: 'web' }, 3))).toEqual([2, 3, 4]);
    expect(s.recentEvents({ node: 'h1' }, 2).map((e) => e.type)).toEqual(['replica.started', 'node.down']);
    expect(s.recentEvents({ workload: 'web', node: 'h2' }, 10)).toEqual([]);
    expect(s.recentEvents({}, 100)).toHaveLength(7);
    s.close();
  });

  it('knows the oldest kept and the last issued sequence, also once trimming emptied the log', () => {
    const s = new SqliteStore(file);
    expect(s.eventBounds()).toEqual({ oldestKept: 1, lastIssued: 0 });
    for (let i = 0; i < 10; i++) s.appendEvent({ type: 'node.up', node: `n${i}` });
    s.trimEvents(3);
    expect(s.eventBounds()).toEqual({ oldestKept: 8, lastIssued: 10 });
    s.trimEvents(0);
    s.close();
    // Sequence numbers are never reused, across a reopen too.
    const again = new SqliteStore(file);
    expect(again.eventBounds()).toEqual({ oldestKept: 11, lastIssued: 10 });
    again.close();
  });

  it("replaces a node's containers on a full report and keeps changedAt for unchanged ones", () => {
    const s = new SqliteStore(file);
    const c = {
      containerId: 'x1',
      workload: 'web',
      replica: 0,
      epoch: 3,
      generation: 1,
      state: 'running',
      exitCode: 0,
      startedAt: 5,
      finishedAt: 0,
    };
    expect(s.applyReport('a', true, [c], [], 100)).toHaveLength(1);
    const revision = s.revision();
    expect(s.applyReport('a', true, [c], [], 200)).toHaveLength(0);
    expect(s.containersOfNode('a')[0].changedAt).toBe(100);
    // A full report that changed nothing is no change of the state.
    expect(s.revision()).toBe(revision);
    s.applyReport('a', true, [{ ...c, health: 'unhealthy' }], [], 250);
    expect(s.revision()).toBeGreaterThan(revision);
    s.applyReport('a', true, [], [], 300);
    expect(s.containersOfNode('a')).toEqual([]);
    s.close();
  });

  it('moves its revision on changes, not on heartbeats', () => {
    const s = new SqliteStore(file);
    const reg = { name: 'n1', labels: {}, capacity: { cpuMillis: 1000, memoryBytes: String(2 ** 30) } };
    s.registerNode(reg, '10.0.0.1', 100, registered(undefined, 'n1', '10.0.0.1'));
    const afterRegister = s.revision();
    s.touchNode('n1', 200, { cpuPercent: 10, memoryUsedBytes: '1' });
    s.flushLiveness();
    expect(s.getNode('n1')?.lastSeen).toBe(200);
    expect(s.revision()).toBe(afterRegister);
    applyWorkload(s, spec());
    expect(s.revision()).toBeGreaterThan(afterRegister);
    s.close();
  });

  it('refuses a database from a newer version', () => {
    const s = new SqliteStore(file);
    s.db.pragma('user_version = 99');
    s.close();
    expect(() => new SqliteStore(file)).toThrow(/newer/);
  });
});

describe('liveness', () => {
  it('keeps heartbeats in memory and writes them in one go', () => {
    const s = new SqliteStore(file);
    s.registerNode(
      { name: 'h1', labels: {}, capacity: { cpuMillis: 1000, memoryBytes: 1 << 30 }, agentVersion: '', addresses: [] },
      '10.0.0.1',
      100,
      registered(undefined, 'h1', '10.0.0.1'),
    );
    s.touchNode('h1', 5000, { cpuPercent: 12, memoryUsedBytes: 42 });
    expect(s.getNode('h1')).toMatchObject({ lastSeen: 5000, usageMemoryBytes: 42 });
    const onDisk = () => s.db.prepare('SELECT last_seen, usage_memory_bytes FROM nodes WHERE name = ?').get('h1');
    expect(onDisk()).toEqual({ last_seen: 100, usage_memory_bytes: 0 });
    s.flushLiveness();
    expect(onDisk()).toEqual({ last_seen: 5000, usage_memory_bytes: 42 });
    s.touchNode('h1', 6000);
    s.close();
    const again = new SqliteStore(file);
    expect(again.getNode('h1')?.lastSeen).toBe(6000);
    again.close();
  });
});

describe('node facts', () => {
  it('keeps the networks, advertise address and dynamic range an agent registers with', () => {
    const s = new SqliteStore(file);
    const base = { labels: {}, capacity: { cpuMillis: 1000, memoryBytes: 1 << 30 }, agentVersion: '', addresses: [] };
    s.registerNode(
      {
        ...base,
        name: 'h1',
        networks: ['host', 'none'],
        advertiseAddress: '10.0.9.9',
        dynamicPortLow: 21000,
        dynamicPortHigh: 21999,
      },
      '10.0.0.1',
      100,
      registered(undefined, 'h1', '10.0.0.1'),
    );
    // An agent that says nothing: the stream's address and the default range.
    s.registerNode({ ...base, name: 'h2' }, '10.0.0.2', 100, registered(undefined, 'h2', '10.0.0.2'));
    s.close();
    const again = new SqliteStore(file);
    expect(again.getNode('h1')).toMatchObject({
      networks: ['host', 'none'],
      advertiseAddress: '10.0.9.9',
      dynamicPortLow: 21000,
      dynamicPortHigh: 21999,
    });
    expect(again.getNode('h2')).toMatchObject({ networks: [], advertiseAddress: '10.0.0.2', dynamicPortLow: 20000 });
    again.close();
  });
});

describe('ready since', () => {
  const reg = {
    name: 'h1',
    labels: {},
    capacity: { cpuMillis: 1000, memoryBytes: 1 << 30 },
    agentVersion: '',
    addresses: [],
  };
  const register = (s: SqliteStore, now: number) =>
    s.registerNode(reg, '10.0.0.1', now, registered(s.getNode('h1'), 'h1', '10.0.0.1'));

  it('is set when a node comes back READY (re-registration or word after DOWN), not for a new node, and kept on disk', () => {
    const s = new SqliteStore(file);
    // A node new to the cluster is not returning from anything: steady at once.
    register(s, 100);
    expect(s.getNode('h1')?.readySince).toBeUndefined();
    // Registering again while READY (a new stream, no outage) changes nothing.
    register(s, 200);
    expect(s.getNode('h1')?.readySince).toBeUndefined();
    s.applyChanges({ nodeStates: [{ name: 'h1', state: 'DOWN' }] }, 300);
    expect(s.getNode('h1')?.state).toBe('DOWN');
    // Back on its old stream: READY from the moment it was heard from.
    const back = heardFrom(s.getNode('h1'));
    expect(back?.state).toBe('READY');
    s.applyChanges({ nodeStates: [{ name: 'h1', state: 'READY' }], events: back?.events }, 400);
    expect(s.getNode('h1')?.readySince).toBe(400);
    // Back through a new registration.
    s.applyChanges({ nodeStates: [{ name: 'h1', state: 'DOWN' }] }, 500);
    register(s, 600);
    expect(s.getNode('h1')?.readySince).toBe(600);
    s.close();
    const again = new SqliteStore(file);
    expect(again.getNode('h1')).toMatchObject({ state: 'READY', readySince: 600 });
    again.close();
  });
});
