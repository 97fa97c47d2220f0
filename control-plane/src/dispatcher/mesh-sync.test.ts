// The mesh table on the agents' streams: sent on registration and on change, acknowledged by
// every agent before the control plane counts the meshes in sync; and what an agent says it
// cannot bind becomes the node's PORT_UNAVAILABLE conditions. A real SQLite file and the real
// dispatcher; the streams are stand-ins that record what is written (the gRPC stream itself is
// covered by the end-to-end tests), and the table source is the test's, so a change is one
// assignment rather than a cluster of replicas made ready.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControlMessage, createLogger, type MeshService } from '@coxswain/shared';
import { type ClusterStore, SqliteStore } from '../store';
import { Dispatcher } from './dispatcher';
import { MeshSync } from './mesh-sync';

class FakeCall extends EventEmitter {
  readonly written: ControlMessage[] = [];
  write(m: ControlMessage): boolean {
    this.written.push(m);
    return true;
  }
  end(): void {
    this.emit('finish');
  }
  getPeer(): string {
    return 'ipv4:10.0.0.5:41234';
  }
  tables(): { revision: number; services: MeshService[] }[] {
    return this.written.flatMap((m) => (m.msg === 'mesh' ? [m.mesh] : []));
  }
}

const web = (ports: number[]): MeshService[] => [
  {
    publish: 30080,
    workload: 'web',
    portName: 'http',
    endpoints: ports.map((port, i) => ({ replica: i, node: 'h1', address: '10.0.0.1', port })),
  },
];

let dir: string;
let store: ClusterStore;
let dispatcher: Dispatcher;
let mesh: MeshSync;
let table: MeshService[];
let clock: number;
let synced: number;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-mesh-'));
  store = new SqliteStore(path.join(dir, 'coxswain.db'));
  table = web([20001, 20002]);
  clock = 1_000_000;
  synced = 0;
  mesh = new MeshSync({
    table: () => table,
    log: createLogger('test', 'silent'),
    onSynced: () => synced++,
    clock: () => clock,
    pollMs: 60_000,
  });
  dispatcher = new Dispatcher(store, createLogger('test', 'silent'), {
    heartbeatIntervalMs: 1000,
    leaseMs: 3000,
    onChange: () => undefined,
    mesh,
  });
});
afterEach(() => {
  mesh.close();
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function connect(name: string): FakeCall {
  const call = new FakeCall();
  dispatcher.handleConnect(call as never);
  call.emit('data', {
    msg: 'register',
    register: {
      name,
      labels: {},
      capacity: { cpuMillis: 1000, memoryBytes: 1 << 30 },
      agentVersion: 't',
      addresses: [],
    },
  });
  return call;
}

const ack = (call: FakeCall, revision: number, unavailable: { port: number; message: string }[] = []) =>
  call.emit('data', { msg: 'meshStatus', meshStatus: { revision, unavailable } });

/** Lets the scheduled look at acks and events run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('MeshSync on the agents’ streams', () => {
  it('sends the table right after registered, and the same new one to every agent on change', async () => {
    const a = connect('h1');
    const b = connect('h2');
    expect(a.written.map((m) => m.msg).slice(0, 2)).toEqual(['registered', 'mesh']);
    expect(a.tables()[0].services).toEqual(web([20001, 20002]));
    const first = a.tables()[0].revision;
    expect(b.tables()[0].revision).toBe(first);

    table = web([20002]);
    clock += 10;
    ack(a, first);
    await settle();
    expect(a.tables().map((t) => t.services[0].endpoints.length)).toEqual([2, 1]);
    expect(b.tables().at(-1)).toEqual(a.tables().at(-1));
    expect(a.tables()[1].revision).toBeGreaterThan(first);
  });

  it('counts the meshes in sync only once every connected agent acknowledged the current table', async () => {
    const a = connect('h1');
    const b = connect('h2');
    const start = mesh.syncedAt();
    table = web([20002]);
    clock += 100;
    ack(a, a.tables()[0].revision);
    await settle();
    const current = mesh.currentRevision();
    expect(a.tables().at(-1)?.revision).toBe(current);

    clock += 100;
    ack(a, current);
    await settle();
    expect(mesh.syncedAt()).toBe(start);
    expect(synced).toBe(0);

    clock += 100;
    ack(b, current);
    await settle();
    expect(mesh.syncedAt()).toBe(clock);
    expect(synced).toBe(1);
  });

  it('stops waiting for an agent whose stream closed', async () => {
    const a = connect('h1');
    const b = connect('h2');
    table = web([20002]);
    clock += 100;
    ack(a, 0);
    await settle();
    ack(a, mesh.currentRevision());
    await settle();
    const before = mesh.syncedAt();
    clock += 100;
    b.emit('cancelled');
    await settle();
    expect(mesh.syncedAt()).toBeGreaterThan(before);
  });
});

describe('ports an agent’s mesh cannot bind', () => {
  it('become PORT_UNAVAILABLE conditions with events, and clear when reported bound', async () => {
    const a = connect('h1');
    ack(a, a.tables()[0].revision, [{ port: 30081, message: '30081: address in use' }]);
    expect(store.getNode('h1')?.conditions).toEqual([
      { type: 'PORT_UNAVAILABLE', message: '30081: address in use', since: expect.any(Number) },
    ]);
    expect(store.getNode('h1')?.state).toBe('READY');
    ack(a, a.tables()[0].revision, []);
    expect(store.getNode('h1')?.conditions).toEqual([]);
    const types = store.recentEvents({ node: 'h1' }, 50).map((e) => `${e.type} ${e.message}`);
    expect(types).toEqual(
      expect.arrayContaining(['node.port-unavailable 30081: address in use', 'node.port-available 30081: listening']),
    );
  });
});
