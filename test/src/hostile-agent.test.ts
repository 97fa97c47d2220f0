// A misbehaving agent, with a valid certificate of its own, sends garbage, claims containers of
// replicas it does not hold, and floods its stream. The store must stay consistent and a
// well-behaved agent next to it must keep its lease. Agents run in this process; no Docker is
// needed for joining, registering and reporting.
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentIdentity } from '@coxswain/agent';
import { loadServices } from '@coxswain/shared';
import type { ApiClient } from './client';
import { InProcessCluster, silent } from './in-process';
import { sleep, waitFor } from './hosts';

let c: InProcessCluster;
let target: string;
let dir: string;
let api: ApiClient;

beforeAll(async () => {
  c = await InProcessCluster.start(['--rebalance', 'off']);
  ({ target, dir, api } = c);
  c.startAgent('good');
});

afterAll(async () => {
  await c?.stop();
});

async function evilStream(): Promise<grpc.ClientDuplexStream<any, any>> {
  const identity = new AgentIdentity({
    target,
    name: 'evil',
    joinToken: c.joinToken,
    stateDir: path.join(dir, 'evil'),
    logger: silent,
  });
  const creds = await identity.credentials();
  identity.close();
  const { AgentGateway } = loadServices();
  const client = new AgentGateway(target, creds, identity.channelOptions) as grpc.Client & {
    Connect(): grpc.ClientDuplexStream<any, any>;
  };
  return client.Connect();
}

const fake = (extra: Record<string, unknown>) => ({
  containerId: 'ee'.repeat(32),
  workload: 'web',
  replica: 0,
  epoch: 1,
  generation: 1,
  state: 'running',
  exitCode: 0,
  startedAt: Date.now(),
  finishedAt: 0,
  ...extra,
});

describe('a hostile agent', () => {
  it("cannot corrupt state, fake another node's replicas, or starve a good agent", async () => {
    await waitFor(
      'good READY',
      async () =>
        (await api.call('ListNodes', {})).nodes.some((n: any) => n.name === 'good' && n.state === 'READY')
          ? true
          : undefined,
      15_000,
    );
    const w = await api.call('ApplyWorkload', {
      workload: {
        name: 'web',
        image: 'coxswain/busybox:1',
        replicas: 2,
        resources: { cpuMillis: 10, memoryBytes: 8 << 20 },
        constraints: ['node.name == good'],
      },
    });
    const epochs = w.status.replicas.map((r: any) => Number(r.epoch));

    const evil = await evilStream();
    const closed = new Promise<grpc.status>((resolve) => {
      evil.on('error', (e: grpc.ServiceError) => resolve(e.code));
      evil.on('end', () => resolve(grpc.status.OK));
    });
    evil.on('data', () => undefined);
    evil.write({
      register: {
        name: 'evil',
        capacity: { cpuMillis: 1000, memoryBytes: 1 << 30 },
        labels: {},
        agentVersion: 'evil',
        addresses: [],
      },
    });
    await waitFor(
      'evil registered',
      async () => ((await api.call('ListNodes', {})).nodes.some((n: any) => n.name === 'evil') ? true : undefined),
      10_000,
    );

    // Garbage and lies: invalid entries, and "running" copies of good's replicas at their epochs.
    evil.write({
      report: {
        full: true,
        containers: [
          fake({ containerId: 'nope' }),
          fake({ workload: '../../etc' }),
          fake({ replica: -7 }),
          ...epochs.map((e: number, i: number) => fake({ replica: i, epoch: e, containerId: `e${i}`.padEnd(64, 'f') })),
        ],
        removed: ['x'],
      },
    });
    evil.write({ heartbeat: { usage: { cpuPercent: 1e300, memoryUsedBytes: -1 } } });
    await sleep(500);
    const faked = await api.call('GetWorkload', { name: 'web' });
    expect(faked.status.running).toBe(0);
    for (const r of faked.status.replicas) expect(r.node).toBe('good');
    const e = (await api.call('ListNodes', {})).nodes.find((n: any) => n.name === 'evil');
    expect(Number(e.usage?.memoryUsedBytes ?? 0)).toBe(0);
    expect(e.usage?.cpuPercent ?? 0).toBe(100_000);

    // Flood: far more messages than any agent sends; the stream is cut off.
    for (let i = 0; i < 3000 && evil.writable; i++)
      evil.write({ heartbeat: { usage: { cpuPercent: 1, memoryUsedBytes: 1 } } });
    expect(await closed).toBe(grpc.status.RESOURCE_EXHAUSTED);

    // The good agent kept its lease throughout and the store answers consistently.
    await sleep(1500);
    const nodes = (await api.call('ListNodes', {})).nodes;
    const g = nodes.find((n: any) => n.name === 'good');
    expect(g.state).toBe('READY');
    expect(Date.now() - Date.parse(g.lastHeartbeat)).toBeLessThan(3000);
    const after = await api.call('GetWorkload', { name: 'web' });
    expect(after.status.replicas.map((r: any) => Number(r.epoch))).toEqual(epochs);
    expect(after.status.running).toBe(0);
    evil.cancel();
  });
});
