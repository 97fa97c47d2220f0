import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { MeshEndpoint, MeshStatus, MeshTable } from '@coxswain/shared';
import { Mesh, type MeshOptions } from './mesh';
import type { Dial } from './dial';
import { dialTcp } from './dial';
import { freeLoopbackPort } from '../testing';

const logger = pino({ level: 'silent' });
const cleanup: (() => void)[] = [];
afterEach(() => {
  while (cleanup.length) cleanup.pop()!();
});

/** An echo backend that prefixes its name, so a test sees which endpoint answered. */
async function backend(name: string): Promise<number> {
  const server = net.createServer((s) => {
    s.on('error', () => s.destroy());
    s.on('data', (d) => s.write(`${name}:${d.toString()}`));
    s.on('end', () => s.end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => server.close());
  return (server.address() as net.AddressInfo).port;
}

const ep = (port: number, replica = port): MeshEndpoint => ({ replica, node: 'n1', address: '127.0.0.1', port });

async function meshWith(endpoints: MeshEndpoint[], extra: Partial<MeshOptions> = {}) {
  const statuses: MeshStatus[] = [];
  const mesh = new Mesh({
    node: 'n1',
    connectTimeoutMs: 250,
    logger,
    host: '127.0.0.1',
    sendStatus: (s) => statuses.push(s),
    ...extra,
  });
  cleanup.push(() => mesh.close());
  const publish = await freeLoopbackPort();
  const table = (eps: MeshEndpoint[], revision = 1): MeshTable => ({
    revision,
    services: [{ publish, workload: 'web', portName: 'http', endpoints: eps }],
  });
  await mesh.apply(table(endpoints));
  return { mesh, publish, statuses, table };
}

/** Sends `msg`, half-closes, and collects the answer until the mesh closes the connection. */
function request(port: number, msg = 'ping'): Promise<{ data: string; error?: string }> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    let data = '';
    const timer = setTimeout(() => s.destroy(new Error('timed out')), 5000);
    s.on('connect', () => s.end(msg));
    s.on('data', (d) => (data += d.toString()));
    s.on('error', (err) => {
      clearTimeout(timer);
      resolve({ data, error: err.message });
    });
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ data });
    });
  });
}

describe('Mesh', () => {
  it('forwards, balances round robin, and acks each table', async () => {
    const a = await backend('a');
    const b = await backend('b');
    const { publish, statuses } = await meshWith([ep(a), ep(b)]);
    expect(statuses).toEqual([{ revision: 1, unavailable: [] }]);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await request(publish)).data);
    expect(answers.filter((x) => x === 'a:ping')).toHaveLength(2);
    expect(answers.filter((x) => x === 'b:ping')).toHaveLength(2);
  });

  it('uses a new endpoint set at once and closes removed ports', async () => {
    const a = await backend('a');
    const b = await backend('b');
    const { mesh, publish, table, statuses } = await meshWith([ep(a)]);
    await mesh.apply(table([ep(b)], 2));
    expect((await request(publish)).data).toBe('b:ping');
    await mesh.apply({ revision: 3, services: [] });
    expect(statuses.at(-1)).toEqual({ revision: 3, unavailable: [] });
    expect((await request(publish)).error).toMatch(/ECONNREFUSED/);
  });

  it('retries a refused endpoint on another without the client noticing', async () => {
    const dead = await freeLoopbackPort();
    const b = await backend('b');
    const { mesh, publish } = await meshWith([ep(dead), ep(b)]);
    for (let i = 0; i < 3; i++) expect((await request(publish)).data).toBe('b:ping');
    const text = await mesh.metrics.registry.metrics();
    expect(text).toMatch(new RegExp(`coxswain_mesh_connect_failures_total\\{port="${publish}"\\} [1-9]`));
  });

  it('closes the client at once when no endpoint is left', async () => {
    const dead = await freeLoopbackPort();
    const { publish, mesh } = await meshWith([ep(dead)]);
    const r = await request(publish);
    expect(r.data).toBe('');
    expect(await mesh.metrics.registry.metrics()).toMatch(/coxswain_mesh_refused_total\{port="\d+"\} 1/);
    const { publish: empty } = await meshWith([]);
    expect((await request(empty)).data).toBe('');
  });

  it('moves on from an endpoint whose connect never answers', async () => {
    // Loopback answers or refuses at once, so a connect that hangs is injected through the dial.
    const b = await backend('b');
    const hanging = 1;
    const dial: Dial = (address, port, timeoutMs) =>
      port === hanging
        ? new Promise((r) => setTimeout(() => r({ ok: false, error: 'connect timed out', timedOut: true }), timeoutMs))
        : dialTcp(address, port, timeoutMs);
    const { publish } = await meshWith([ep(hanging), ep(b)], { dial, connectTimeoutMs: 100 });
    for (let i = 0; i < 2; i++) expect((await request(publish)).data).toBe('b:ping');
  });

  it('tries a lone endpoint again after it did not answer, but not after it refused', async () => {
    // An overloaded endpoint drops SYNs (no answer); the injected dial gives that once.
    const b = await backend('b');
    let silentOnce = true;
    const dial: Dial = (address, port, timeoutMs) => {
      if (!silentOnce) return dialTcp(address, port, timeoutMs);
      silentOnce = false;
      return Promise.resolve({ ok: false, error: 'connect timed out', timedOut: true });
    };
    const { publish, mesh } = await meshWith([ep(b)], { dial });
    expect((await request(publish)).data).toBe('b:ping');
    expect(await mesh.metrics.registry.metrics()).toMatch(/coxswain_mesh_retries_total\{port="\d+"\} 1/);
  });

  it('reports a port it cannot bind and recovers when it frees', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    const statuses: MeshStatus[] = [];
    const mesh = new Mesh({
      node: 'n1',
      connectTimeoutMs: 250,
      logger,
      host: '127.0.0.1',
      bindRetryMs: 50,
      sendStatus: (s) => statuses.push(s),
    });
    cleanup.push(() => mesh.close());
    const a = await backend('a');
    await mesh.apply({ revision: 7, services: [{ publish: port, workload: 'w', portName: 'p', endpoints: [ep(a)] }] });
    expect(statuses[0]).toEqual({ revision: 7, unavailable: [{ port, message: `${port}: address in use` }] });
    await new Promise((r) => blocker.close(r));
    const deadline = Date.now() + 3000;
    while (statuses.at(-1)!.unavailable.length > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(statuses.at(-1)).toEqual({ revision: 7, unavailable: [] });
    expect((await request(port)).data).toBe('a:ping');
  });
});
