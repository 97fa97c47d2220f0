// Agents' messages while the control plane's disk is full: a real SQLite file on a small tmpfs
// this test mounts (root only; skipped otherwise) and fills until ENOSPC. The agent's stream is a
// stand-in that records what the dispatcher writes and whether it ended the stream.
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

const root = process.getuid?.() === 0;
let dir: string;
let mounted = false;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-dispatch-full-'));
});
afterEach(() => {
  if (mounted) execFileSync('umount', ['-l', dir]);
  mounted = false;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes until ENOSPC, in ever smaller chunks; bounded by the file system's size. */
function fill(file: string): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (const chunk of [64 << 10, 4 << 10, 256]) {
      const buf = Buffer.alloc(chunk, 1);
      for (let i = 0; i < 4096; i++) {
        try {
          fs.writeSync(fd, buf);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
          break;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

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

describe.skipIf(!root)('the dispatcher on a full disk', () => {
  it('keeps the stream, acks heartbeats, and writes the registration and the next full report once it can', () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
    mounted = true;
    const lines: { msg: string }[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) });
    const store = new SqliteStore(path.join(dir, 'coxswain.db'), { log });
    const dispatcher = new Dispatcher(store, log, { heartbeatIntervalMs: 1000, leaseMs: 3000, onChange: () => {} });
    const first = new FakeCall();
    dispatcher.handleConnect(first as never);
    first.emit('data', register('v1'));
    expect(store.getNode('h1')?.agentVersion).toBe('v1');

    const filler = path.join(dir, 'filler');
    fill(filler);
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
    expect(store.listContainers().map((c) => `${c.node}/${c.containerId} ${c.state}`)).toEqual([
      'h1/c0ffee000001 running',
    ]);
    expect(store.recentEvents({ node: 'h1' }, 10).map((e) => e.type)).toContain('replica.started');
    store.close();
  });
});
