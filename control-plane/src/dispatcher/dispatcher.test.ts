// The dispatcher's side of the node lease, against a real SQLite file and a stand-in stream.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@coxswain/shared';
import { type ClusterStore, SqliteStore } from '../store';
import { Dispatcher } from './dispatcher';
import { FakeCall } from './test-call';

let dir: string;
let store: ClusterStore;
let dispatcher: Dispatcher;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-dispatcher-'));
  store = new SqliteStore(path.join(dir, 'coxswain.db'));
  dispatcher = new Dispatcher(store, createLogger('test', 'silent'), {
    heartbeatIntervalMs: 1000,
    leaseMs: 3000,
    onChange: () => undefined,
  });
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function connect(): FakeCall {
  const call = new FakeCall();
  dispatcher.handleConnect(call as never);
  call.emit('data', {
    msg: 'register',
    register: {
      name: 'h1',
      labels: {},
      capacity: { cpuMillis: 1000, memoryBytes: 1 << 30 },
      agentVersion: 't',
      addresses: [],
    },
  });
  return call;
}

describe('Dispatcher lease', () => {
  it('answers every heartbeat with its send time, so the agent can count its lease from it', () => {
    const call = connect();
    expect(call.written[0]).toMatchObject({
      msg: 'registered',
      registered: { heartbeatIntervalMs: 1000, leaseMs: 3000 },
    });
    for (const sentAtMs of [1_700_000_000_000, 1_700_000_001_000]) {
      call.emit('data', { msg: 'heartbeat', heartbeat: { usage: { cpuPercent: 1, memoryUsedBytes: 2 }, sentAtMs } });
    }
    expect(call.written.slice(1)).toEqual([
      { msg: 'heartbeatAck', heartbeatAck: { sentAtMs: 1_700_000_000_000 } },
      { msg: 'heartbeatAck', heartbeatAck: { sentAtMs: 1_700_000_001_000 } },
    ]);
  });

  it('confirms nothing for other messages: a report or an ack is no heartbeat', () => {
    const call = connect();
    call.emit('data', { msg: 'report', report: { full: true, containers: [], removed: [] } });
    call.emit('data', { msg: 'ack', ack: { commandId: 'x', ok: true, error: '', containerId: '' } });
    expect(call.written.map((m) => m.msg)).toEqual(['registered']);
  });
});

describe('Dispatcher node state', () => {
  it('makes a registering node READY and a DOWN node heard from READY at once', () => {
    const types: string[] = [];
    store.subscribe((e) => types.push(e.type));
    const call = connect();
    expect(store.getNode('h1')?.state).toBe('READY');
    store.applyChanges({ nodeStates: [{ name: 'h1', state: 'DOWN' }], events: [{ type: 'node.down', node: 'h1' }] });
    call.emit('data', { msg: 'heartbeat', heartbeat: { usage: { cpuPercent: 1, memoryUsedBytes: 2 }, sentAtMs: 1 } });
    expect(store.getNode('h1')?.state).toBe('READY');
    expect(types).toEqual(['node.registered', 'node.up', 'node.down', 'node.up']);
  });
});

describe('Dispatcher stop commands', () => {
  it('sends a stale copy’s short grace with its stop, and none with a stop made by choice', () => {
    const call = connect();
    const stop = { kind: 'stop' as const, node: 'h1', workload: 'web', replica: 0, epoch: 3 };
    dispatcher.send({ ...stop, containerId: 'stale', reason: 'stale copy', graceMs: 1000 });
    dispatcher.send({ ...stop, containerId: 'retired', reason: 'replica retired' });
    const sent = call.written.filter((m) => m.msg === 'stop').map((m) => m.stop);
    expect(sent).toMatchObject([
      { containerId: 'stale', graceMs: 1000 },
      { containerId: 'retired', reason: 'replica retired' },
    ]);
    expect(sent[1]).not.toHaveProperty('graceMs');
  });
});

describe('Dispatcher engine health', () => {
  const heartbeat = (call: FakeCall, engineError: string) =>
    call.emit('data', {
      msg: 'heartbeat',
      heartbeat: { usage: { cpuPercent: 1, memoryUsedBytes: 2 }, sentAtMs: 1, engineError },
    });

  it('writes ENGINE_DOWN when it appears and when it clears, not on every heartbeat, and persists it', () => {
    const types: string[] = [];
    store.subscribe((e) => types.push(`${e.type}:${e.message}`));
    const call = connect();
    heartbeat(call, '');
    heartbeat(call, 'ping timed out after 2000 ms');
    const since = store.getNode('h1')!.conditions![0].since;
    heartbeat(call, 'ping timed out after 2000 ms');
    heartbeat(call, 'ping timed out after 2000 ms');
    expect(store.getNode('h1')?.conditions).toEqual([
      { type: 'ENGINE_DOWN', message: 'ping timed out after 2000 ms', since },
    ]);
    // A restarted control plane still knows since when.
    store.close();
    store = new SqliteStore(path.join(dir, 'coxswain.db'));
    expect(store.getNode('h1')?.conditions).toEqual([
      { type: 'ENGINE_DOWN', message: 'ping timed out after 2000 ms', since },
    ]);
    dispatcher = new Dispatcher(store, createLogger('test', 'silent'), {
      heartbeatIntervalMs: 1000,
      leaseMs: 3000,
      onChange: () => undefined,
    });
    store.subscribe((e) => types.push(`${e.type}:${e.message}`));
    const again = connect();
    heartbeat(again, '');
    expect(store.getNode('h1')?.conditions).toEqual([]);
    expect(store.getNode('h1')?.readySince).toBeGreaterThanOrEqual(since);
    expect(types.filter((t) => t.startsWith('node.engine'))).toEqual([
      'node.engine-down:ping timed out after 2000 ms',
      expect.stringMatching(/^node\.engine-up:after \d+ ms$/),
    ]);
  });

  const ID = 'c1'.repeat(32);
  it('takes an ok stop done without the engine as the fact that the container no longer runs', () => {
    const call = connect();
    call.emit('data', {
      msg: 'report',
      report: {
        full: true,
        removed: [],
        containers: [
          {
            containerId: ID,
            workload: 'db',
            replica: 0,
            epoch: 5,
            generation: 1,
            state: 'running',
            exitCode: 0,
            startedAt: 1,
            finishedAt: 0,
          },
        ],
      },
    });
    dispatcher.send({ kind: 'stop', node: 'h1', containerId: ID, workload: 'db', replica: 0, epoch: 5, reason: 'x' });
    const sent = call.written.find((m) => m.msg === 'stop') as { stop: { commandId: string } };
    call.emit('data', {
      msg: 'ack',
      ack: {
        commandId: sent.stop.commandId,
        ok: true,
        error: '',
        containerId: ID,
        detail: 'engine unresponsive: killed through its cgroup',
      },
    });
    expect(store.listContainers()).toMatchObject([{ containerId: ID, state: 'exited', exitCode: 137 }]);
    expect(store.recentEvents({ node: 'h1' }, 10).map((e) => `${e.type}:${e.message}`)).toContain(
      'replica.exited:engine unresponsive: killed through its cgroup',
    );
  });
});
