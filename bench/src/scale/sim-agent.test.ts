// The simulated agent against a real control plane (in this process, on loopback, with TLS): it
// joins, stays READY on its heartbeats, and runs and stops what it is told, as the control plane
// sees it.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessCluster, waitFor } from '@coxswain/test';
import { SimAgent } from './sim-agent';

let c: InProcessCluster;
let agent: SimAgent;
const acks: number[] = [];

beforeAll(async () => {
  c = await InProcessCluster.start();
  agent = new SimAgent({
    target: c.target,
    name: 'sim-1',
    joinToken: c.joinToken,
    stateDir: path.join(c.dir, 'sim-1'),
    capacity: { cpuMillis: 4000, memoryBytes: 8 * 2 ** 30 },
    onAck: (ms) => acks.push(ms),
  });
  await agent.start();
}, 60_000);

afterAll(async () => {
  agent?.close();
  await c?.stop();
});

const spec = (replicas: number) => ({
  name: 'w',
  image: 'coxswain/busybox:1',
  command: ['sleep', '1000'],
  replicas,
  resources: { cpuMillis: 100, memoryBytes: String(64 << 20) },
});

describe('SimAgent', () => {
  it('joins with the token and is a READY node whose heartbeats are acked', async () => {
    const nodes = (await c.api.call('ListNodes', {})).nodes as { name: string; state: string }[];
    expect(nodes.map((n) => `${n.name}:${n.state}`)).toEqual(['sim-1:READY']);
    await waitFor('two heartbeat acks', async () => (acks.length >= 2 ? true : undefined), 10_000);
    expect(acks.every((ms) => ms >= 0 && ms < 5000)).toBe(true);
    expect(agent.leaseExpiries).toBe(0);
  });

  it('runs the replicas it is given, as the control plane sees them, and stops those scaled away', async () => {
    await c.api.call('ApplyWorkload', { workload: spec(3) });
    await waitFor('3 running', async () => (agent.running === 3 ? true : undefined), 10_000);
    const running = async () =>
      ((await c.api.call('GetWorkload', { name: 'w' })).status.replicas as { state: string }[]).filter(
        (r) => r.state === 'RUNNING',
      ).length;
    await waitFor('3 running in the control plane', async () => ((await running()) === 3 ? true : undefined), 10_000);
    await c.api.call('ApplyWorkload', { workload: spec(1) });
    await waitFor('1 left', async () => (agent.running === 1 ? true : undefined), 10_000);
    expect(agent.stops).toBe(2);
    expect(agent.disconnects).toBe(0);
  });
});
