// The endpoint rule over a real gRPC socket and a real SQLite file: a stand-in agent on the
// AgentGateway stream reports the containers it is told to start, with the health the test
// gives them, and keeps or stops its heartbeats; ListEndpoints and WatchEndpoints answer from
// what the control plane made of that. No Docker here (the control plane runs --insecure).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, startControlPlane, type RunningControlPlane } from '@coxswain/control-plane';
import { createLogger, loadServices, type ContainerInfo, type ControlMessage } from '@coxswain/shared';
import { apiClient, codeOf, type ApiClient } from './client';
import { sleep, waitFor } from './hosts';

type Stream = grpc.ClientDuplexStream<unknown, ControlMessage>;

/** Runs what it is told to start (as reports say) and reports the health the test sets. */
class ReportingAgent {
  readonly containers = new Map<number, ContainerInfo>();
  private heartbeats: NodeJS.Timeout | undefined;
  private constructor(
    private readonly client: grpc.Client,
    private readonly stream: Stream,
  ) {}

  static connect(target: string, name: string): Promise<ReportingAgent> {
    const { AgentGateway } = loadServices();
    const client = new AgentGateway(target, grpc.credentials.createInsecure());
    const stream = (client as unknown as { Connect(): Stream }).Connect();
    const agent = new ReportingAgent(client, stream);
    return new Promise((resolve, reject) => {
      stream.on('error', (err) => reject(new Error(`agent ${name}: ${err.message}`)));
      stream.on('data', (m: ControlMessage) => {
        if (m.msg === 'registered') {
          stream.write({ report: { full: true, containers: [], removed: [] } });
          agent.heartbeats = setInterval(() => agent.beat(), m.registered.heartbeatIntervalMs);
          resolve(agent);
        } else if (m.msg === 'start') {
          const s = m.start;
          const c: ContainerInfo = {
            // An engine's id: 64 hex digits.
            containerId: `${s.replica}`.padStart(8, '0').padEnd(64, 'a'),
            workload: s.workload,
            replica: s.replica,
            epoch: s.epoch,
            generation: s.generation,
            state: 'running',
            exitCode: 0,
            startedAt: Date.now(),
            finishedAt: 0,
            health: s.health ? 'starting' : '',
            healthFailures: 0,
            healthMessage: '',
          };
          agent.containers.set(s.replica, c);
          stream.write({ ack: { commandId: s.commandId, ok: true, error: '', containerId: c.containerId } });
          stream.write({ report: { full: false, containers: [c], removed: [] } });
        }
      });
      stream.write({
        register: {
          name,
          labels: {},
          capacity: { cpuMillis: 4000, memoryBytes: String(4 * 2 ** 30) },
          agentVersion: 'test',
          addresses: [],
          networks: ['bridge', 'host', 'none'],
          advertiseAddress: '',
          dynamicPortLow: 20000,
          dynamicPortHigh: 29999,
        },
      });
    });
  }

  beat(): void {
    this.stream.write({ heartbeat: { usage: { cpuPercent: 0, memoryUsedBytes: 0 }, sentAtMs: Date.now() } });
  }

  setHealth(replica: number, health: string): void {
    const c = this.containers.get(replica);
    if (!c) throw new Error(`replica ${replica} was never started`);
    c.health = health;
    c.healthFailures = health === 'unhealthy' ? 1 : 0;
    c.healthMessage = health === 'unhealthy' ? 'exit code 1' : '';
    this.stream.write({ report: { full: false, containers: [c], removed: [] } });
  }

  silence(): void {
    if (this.heartbeats) clearInterval(this.heartbeats);
    this.heartbeats = undefined;
  }

  resume(ms: number): void {
    this.heartbeats ??= setInterval(() => this.beat(), ms);
  }

  close(): void {
    this.silence();
    this.stream.removeAllListeners('error');
    this.stream.on('error', () => {});
    this.stream.cancel();
    this.client.close();
  }
}

let cp: RunningControlPlane;
let dir: string;
let api: ApiClient;
let agent: ReportingAgent;

const start = async () => {
  cp = await startControlPlane(
    loadConfig(
      ['--listen', '127.0.0.1:0', '--db', path.join(dir, 'coxswain.db'), '--insecure', '--node-timeout', '10s'],
      {},
    ),
    createLogger('test', 'silent'),
  );
  api = apiClient(`127.0.0.1:${cp.port}`);
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-endpoints-'));
  await start();
  agent = await ReportingAgent.connect(`127.0.0.1:${cp.port}`, 'n1');
});

afterAll(async () => {
  agent?.close();
  api?.close();
  await cp?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const spec = {
  name: 'web',
  image: 'coxswain/busybox:1',
  command: ['sleep', '1000'],
  replicas: 2,
  resources: { cpuMillis: 100, memoryBytes: String(32 << 20) },
  health: { exec: { command: ['true'] }, interval: '1s' },
};

const list = () => api.call<{ revision: number; endpoints: any[] }>('ListEndpoints', { name: 'web' });

describe('endpoints from reported health', () => {
  it('lists a replica from its first passing check and drops it at its first failure', async () => {
    await api.call('ApplyWorkload', { workload: spec });
    await waitFor('two started', async () => agent.containers.size === 2 || undefined, 10_000, 50);
    expect((await list()).endpoints).toEqual([]);
    agent.setHealth(0, 'healthy');
    await waitFor(
      'replica 0 listed',
      async () => ((await list()).endpoints.length === 1 ? true : undefined),
      5_000,
      50,
    );
    const one = await list();
    expect(one.endpoints[0]).toMatchObject({ replica: 0, node: 'n1', address: '127.0.0.1', port: 0 });
    agent.setHealth(1, 'healthy');
    await waitFor('both listed', async () => ((await list()).endpoints.length === 2 ? true : undefined), 5_000, 50);
    const two = await list();
    expect(two.revision).toBeGreaterThan(one.revision);
    agent.setHealth(0, 'unhealthy');
    await waitFor(
      'replica 0 dropped',
      async () => ((await list()).endpoints.length === 1 ? true : undefined),
      5_000,
      50,
    );
    expect((await list()).endpoints.map((e) => e.replica)).toEqual([1]);
    const w = await api.call('GetWorkload', { name: 'web' });
    expect(w.status.replicas.map((r: any) => [r.id, r.ready, r.health])).toEqual([
      [0, false, 'unhealthy'],
      [1, true, 'healthy'],
    ]);
    expect(w.status.replicas[0].reason).toBe('health check failed 1 time in a row: exit code 1');
    const events = (await api.call('ListEvents', { workload: 'web', limit: 100 })).events.map((e: any) => e.type);
    expect(events.filter((t: string) => t === 'replica.ready')).toHaveLength(2);
    expect(events.filter((t: string) => t === 'replica.unhealthy')).toHaveLength(1);
    agent.setHealth(0, 'healthy');
    await waitFor('replica 0 back', async () => ((await list()).endpoints.length === 2 ? true : undefined), 5_000, 50);
  });

  it('drops every replica of a node late with its heartbeat, long before it is DOWN, and takes them back', async () => {
    const watch = (api.raw as any).WatchEndpoints({ name: 'web', sinceRevision: (await list()).revision });
    const sets: any[] = [];
    watch.on('data', (s: any) => sets.push(s));
    watch.on('error', () => {});
    try {
      agent.silence();
      const silentAt = Date.now();
      await waitFor('no endpoints', async () => ((await list()).endpoints.length === 0 ? true : undefined), 5_000, 50);
      expect(Date.now() - silentAt).toBeLessThan(4_000);
      const nodes = await api.call('ListNodes', {});
      expect(nodes.nodes[0].state).toBe('READY');
      // The watcher sees the empty set too (lateness makes no event: its poll finds it).
      await waitFor('watched the empty set', async () => (sets.length >= 1 ? true : undefined), 2_000, 50);
      agent.resume(1000);
      agent.beat();
      await waitFor('back', async () => ((await list()).endpoints.length === 2 ? true : undefined), 5_000, 50);
      // The watcher saw the whole set each time: empty, then both, with growing revisions.
      await waitFor('watched both changes', async () => (sets.length >= 2 ? true : undefined), 3_000, 50);
      expect(sets[0].endpoints).toEqual([]);
      expect(sets[sets.length - 1].endpoints.map((e: any) => e.replica)).toEqual([0, 1]);
      expect(Number(sets[sets.length - 1].revision)).toBeGreaterThan(Number(sets[0].revision));
    } finally {
      watch.cancel();
    }
  });

  it('answers NOT_FOUND for an unknown workload and INVALID_ARGUMENT for a bad name', async () => {
    expect(await codeOf(api.call('ListEndpoints', { name: 'nope' }))).toBe(grpc.status.NOT_FOUND);
    expect(await codeOf(api.call('ListEndpoints', { name: 'Not A Name' }))).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('gives revisions above every earlier one after a control-plane restart', async () => {
    const before = (await list()).revision;
    agent.close();
    api.close();
    await cp.stop();
    await sleep(20);
    await start();
    const after = await list();
    expect(Number(after.revision)).toBeGreaterThan(Number(before));
  });
});
