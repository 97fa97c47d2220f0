// The agent in-process against a fake AgentGateway (testing/fake-gateway.ts) and a private
// dockerd. Mocking the control plane is deliberate here: this is the agent's unit test, and the
// gateway's side is tested with the control plane.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { type AgentHandle, startAgent } from '../agent';
import { FakeGateway, type FakeStream, type Received } from '../testing';
import { startEngine, TEST_IMAGE, type PrivateEngine } from '../testing';

const logger = pino({ level: process.env.COXSWAIN_LOG_LEVEL ?? 'silent' });

interface Report {
  full: boolean;
  containers: Array<{ containerId: string; workload: string; state: string; replica: number; epoch: number }>;
  removed: string[];
}
const isReport = (m: Received) => m.msg === 'report';
const report = (m: Received) => m.report as Report;
const ackFor = (id: string) => (m: Received) => m.msg === 'ack' && (m.ack as { commandId: string }).commandId === id;

function startCommand(commandId: string, workload: string, disconnect = 'keep') {
  return {
    start: {
      commandId,
      workload,
      replica: 0,
      epoch: 1,
      generation: 1,
      image: TEST_IMAGE,
      command: ['sleep', '3600'],
      env: {},
      resources: { cpuMillis: 100, memoryBytes: 32 * 1024 * 1024 },
      labels: {},
      disconnect,
    },
  };
}

describe('agent session against a fake gateway', () => {
  let engine: PrivateEngine;
  let gateway: FakeGateway;
  let agent: AgentHandle | undefined;

  beforeAll(async () => {
    engine = await startEngine();
    gateway = new FakeGateway();
    await gateway.listen();
    agent = startAgent(
      {
        controlPlane: `127.0.0.1:${gateway.port}`,
        name: 'h1',
        dockerHost: engine.host,
        labels: { zone: 'a' },
        capacityCpuMillis: 4000,
        heartbeatIntervalMs: 5000,
        stopTimeoutMs: 1000,
        engineTimeoutMs: 2000,
        containerNetwork: 'none',
        insecure: true,
      },
      {
        logger,
        backoffInitialMs: 50,
        backoffMaxMs: 300,
        // Longer than the last test's wait for the lease: its stream must stay open, unconfirmed.
        silenceLimitMs: 20_000,
        leaseCheckIntervalMs: 100,
      },
    );
  });

  afterAll(async () => {
    await agent?.stop();
    gateway?.kill();
    await engine?.stop();
  });

  let first: FakeStream;

  it('registers, sends a full report at once, then heartbeats at the interval the control plane asks for', async () => {
    first = await gateway.stream(0);
    const reg = await first.next(() => true);
    expect(reg.msg).toBe('register');
    expect(reg.register).toMatchObject({ name: 'h1', labels: { zone: 'a' }, agentVersion: expect.any(String) });
    const capacity = (reg.register as { capacity: { cpuMillis: number; memoryBytes: number } }).capacity;
    expect(capacity.cpuMillis).toBe(4000);
    expect(capacity.memoryBytes).toBeGreaterThan(0);
    expect(Array.isArray((reg.register as { addresses: unknown }).addresses)).toBe(true);
    expect(first.received[1]?.msg ?? (await first.next(isReport)).msg).toBe('report');
    expect(report(first.received[1]).full).toBe(true);
    expect(report(first.received[1]).containers).toEqual([]);

    first.send({ registered: { heartbeatIntervalMs: 100, leaseMs: 1000 } });
    const from = first.received.length;
    const hb = await first.next((m) => m.msg === 'heartbeat', 3000, from);
    expect((hb.heartbeat as { usage: { memoryUsedBytes: number } }).usage.memoryUsedBytes).toBeGreaterThan(0);
    // The engine answers its pings: nothing to report about it.
    expect((hb.heartbeat as { engineError: string }).engineError).toBe('');
    // 100 ms heartbeats instead of the configured 5 s.
    await first.next((m) => m.msg === 'heartbeat', 3000, first.received.indexOf(hb) + 1);
    expect(agent!.session.connected).toBe(true);
  });

  it('sends a heartbeat at once when there is news (the engine stopped answering), not at the interval', async () => {
    first.send({ registered: { heartbeatIntervalMs: 60_000, leaseMs: 1000 } });
    await sleep(200);
    const from = first.received.length;
    const asked = Date.now();
    agent!.session.heartbeatNow();
    await first.next((m) => m.msg === 'heartbeat', 2000, from);
    expect(Date.now() - asked).toBeLessThan(2000);
    first.send({ registered: { heartbeatIntervalMs: 100, leaseMs: 1000 } });
    await first.next((m) => m.msg === 'heartbeat', 3000, first.received.length);
  });

  it('executes a start, acks it with the container id, and reports the change', async () => {
    const from = first.received.length;
    first.send(startCommand('cmd-1', 'web'));
    const ack = (await first.next(ackFor('cmd-1'))).ack as { ok: boolean; containerId: string; error: string };
    expect(ack).toMatchObject({ ok: true, error: '' });
    expect(ack.containerId).toMatch(/^[0-9a-f]{64}$/);
    const change = await first.next(
      (m) =>
        isReport(m) &&
        !report(m).full &&
        report(m).containers.some((c) => c.containerId === ack.containerId && c.state === 'running'),
      5000,
      from,
    );
    expect(report(change).containers[0]).toMatchObject({ workload: 'web', replica: 0, epoch: 1 });
  });

  it('acks a failed start with the reason and keeps going', async () => {
    first.send({ start: { ...startCommand('cmd-2', 'ghost').start, image: '127.0.0.1:1/coxswain/missing:1' } });
    const ack = (await first.next(ackFor('cmd-2'))).ack as { ok: boolean; error: string };
    expect(ack.ok).toBe(false);
    expect(ack.error).toMatch(/pull image 127.0.0.1:1\/coxswain\/missing:1/);
  });

  it('reports a killed container as exited', async () => {
    const id = await engine.docker('inspect', '-f', '{{.Id}}', 'coxswain-web-0');
    const from = first.received.length;
    await engine.docker('kill', id);
    await first.next(
      (m) => isReport(m) && report(m).containers.some((c) => c.containerId === id && c.state === 'exited'),
      5000,
      from,
    );
  });

  it('executes a stop and reports the container removed', async () => {
    const id = await engine.docker('inspect', '-f', '{{.Id}}', 'coxswain-web-0');
    const from = first.received.length;
    first.send({ stop: { commandId: 'cmd-3', containerId: id, reason: 'test' } });
    expect(((await first.next(ackFor('cmd-3'))).ack as { ok: boolean }).ok).toBe(true);
    await first.next((m) => isReport(m) && report(m).removed.includes(id), 5000, from);
  });

  it('reconnects after the control plane restarts, and the lease stops only disconnect=stop containers', async () => {
    first.send(startCommand('cmd-4', 'solo', 'stop'));
    first.send(startCommand('cmd-5', 'many', 'keep'));
    const solo = ((await first.next(ackFor('cmd-4'))).ack as { containerId: string }).containerId;
    const many = ((await first.next(ackFor('cmd-5'))).ack as { containerId: string }).containerId;

    const port = gateway.port;
    gateway.kill();
    // leaseMs 1000 from `registered`: once it has run out, the at-most-one container is stopped.
    const state = (id: string) => engine.docker('inspect', '-f', '{{.State.Status}}', id);
    const deadline = Date.now() + 10_000;
    while ((await state(solo)) === 'running' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await state(solo)).toBe('exited');
    expect(await state(many)).toBe('running');
    expect(agent!.session.connected).toBe(false);

    await gateway.listen(port);
    const second = await gateway.stream(1);
    expect((await second.next(() => true)).msg).toBe('register');
    const full = report(await second.next(isReport));
    expect(full.full).toBe(true);
    // web was removed by the stop command; solo was stopped by the lease, many kept running.
    expect(full.containers.map((c) => `${c.workload}:${c.state}`).sort()).toEqual(['many:running', 'solo:exited']);
    second.send({ registered: { heartbeatIntervalMs: 100, leaseMs: 1000 } });
    await second.next((m) => m.msg === 'heartbeat');
    // A repeated start at the same epoch revives the stopped container instead of replacing it.
    second.send(startCommand('cmd-6', 'solo', 'stop'));
    expect(((await second.next(ackFor('cmd-6'))).ack as { containerId: string }).containerId).toBe(solo);
    expect(await state(solo)).toBe('running');
  });

  it('lets the lease run out on a stream that stays open but whose heartbeats go unconfirmed', async () => {
    const second = gateway.streams[1];
    const solo = await engine.docker('inspect', '-f', '{{.Id}}', 'coxswain-solo-0');
    const state = () => engine.docker('inspect', '-f', '{{.State.Status}}', solo);
    // Confirmed heartbeats hold the 1 s lease well past its length.
    await new Promise((r) => setTimeout(r, 2000));
    expect(await state()).toBe('running');
    gateway.ackHeartbeats = false;
    const deadline = Date.now() + 5000;
    while ((await state()) === 'running' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await state()).toBe('exited');
    expect(agent!.session.connected).toBe(true);
    expect(second.ended).toBe(false);
    gateway.ackHeartbeats = true;
  });
});
