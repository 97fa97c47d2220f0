// Agents' messages while the control plane's disk is full: a real SQLite file on a small tmpfs
// this test mounts (root only; skipped otherwise) and fills until ENOSPC. The agent's stream is a
// stand-in that records what the dispatcher writes and whether it ended the stream.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SmallDisk } from '@coxswain/shared/small-disk';
import type { ControlMessage, WorkloadSpec } from '@coxswain/shared';
import { applyWorkload } from '../model';
import { SqliteStore, StoreUnavailableError } from '../store';
import { Dispatcher } from './dispatcher';

class FakeCall extends EventEmitter {
  readonly written: ControlMessage[] = [];
  ended = false;
  errors: unknown[] = [];
  constructor() {
    super();
    this.on('error', (e) => this.errors.push(e));
  }
  write(m: ControlMessage): boolean {
    this.written.push(m);
    return true;
  }
  end(): void {
    this.ended = true;
  }
  getPeer(): string {
    return 'ipv4:10.0.0.5:41234';
  }
}

let disk: SmallDisk;
let dir: string;

beforeEach(() => {
  disk = new SmallDisk('coxswain-dispatch-full-');
  dir = disk.dir;
});
afterEach(() => {
  disk.remove();
});

/** One turn of the event loop: what the dispatcher batches is written by then. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const pad = (name: string): WorkloadSpec => ({
  name,
  image: 'coxswain/busybox:1',
  command: [],
  env: { PAD: 'x'.repeat(2000) },
  replicas: 0,
  resources: { cpuMillis: 100, memoryBytes: 64 << 20 },
  labels: {},
  constraints: [],
  restartPolicy: 'always',
  disconnect: 'keep',
});

const register = (agentVersion: string) => ({
  msg: 'register',
  register: { name: 'h1', labels: {}, capacity: { cpuMillis: 1000, memoryBytes: 1 << 30 }, agentVersion },
});

const container = {
  containerId: 'c0ffee000001',
  workload: 'web',
  replica: 0,
  epoch: 1,
  generation: 1,
  state: 'running',
  exitCode: 0,
  startedAt: 1,
  finishedAt: 0,
};

describe.skipIf(!SmallDisk.possible)('the dispatcher on a full disk', () => {
  it('keeps the stream, acks heartbeats, and writes the registration and the next full report once it can', async () => {
    disk.mount('1m');
    const lines: { msg: string }[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) });
    const store = new SqliteStore(path.join(dir, 'coxswain.db'), { log });
    const dispatcher = new Dispatcher(store, log, { heartbeatIntervalMs: 1000, leaseMs: 3000, onChange: () => {} });
    const first = new FakeCall();
    dispatcher.handleConnect(first as never);
    first.emit('data', register('v1'));
    expect(store.getNode('h1')?.agentVersion).toBe('v1');

    const filler = disk.fill();
    let refused = false;
    for (let i = 0; i < 50 && !refused; i++) {
      try {
        applyWorkload(store, pad(`pad-${i}`));
      } catch (err) {
        if (!(err instanceof StoreUnavailableError)) throw err;
        refused = true;
      }
    }
    expect(refused).toBe(true);

    // The agent reconnects (a new version, say) while nothing can be written.
    const call = new FakeCall();
    dispatcher.handleConnect(call as never);
    call.emit('data', register('v2'));
    call.emit('data', { msg: 'heartbeat', heartbeat: { sentAtMs: 5 } });
    call.emit('data', { msg: 'report', report: { full: true, containers: [container], removed: [] } });
    call.emit('data', { msg: 'heartbeat', heartbeat: { sentAtMs: 6 } });
    // Reports are written together at the end of the event loop's turn.
    await turn();
    expect(call.written).toMatchObject([
      { msg: 'registered' },
      { msg: 'heartbeatAck', heartbeatAck: { sentAtMs: 5 } },
      { msg: 'heartbeatAck', heartbeatAck: { sentAtMs: 6 } },
    ]);
    expect(call.ended).toBe(false);
    expect(call.errors).toEqual([]);
    expect(dispatcher.connectedNodes()).toEqual(new Set(['h1']));
    expect(store.getNode('h1')).toMatchObject({ agentVersion: 'v1', state: 'READY' });
    expect(store.listContainers()).toEqual([]);
    expect(lines.filter((l) => l.msg === 'agent message failed')).toEqual([]);

    fs.unlinkSync(filler);
    call.emit('data', { msg: 'heartbeat', heartbeat: { sentAtMs: 7 } });
    expect(store.getNode('h1')?.agentVersion).toBe('v2');
    call.emit('data', { msg: 'report', report: { full: true, containers: [container], removed: [] } });
    await turn();
    expect(store.listContainers().map((c) => `${c.node}/${c.containerId} ${c.state}`)).toEqual([
      'h1/c0ffee000001 running',
    ]);
    expect(store.recentEvents({ node: 'h1' }, 10).map((e) => e.type)).toContain('replica.started');
    store.close();
  });
});
