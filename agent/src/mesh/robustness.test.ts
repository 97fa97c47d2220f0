// Abuse of a published port on real loopback sockets; after each, a normal request still works.
import http from 'node:http';
import net from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { MeshEndpoint } from '@coxswain/shared';
import { Mesh } from './mesh';
import { serveMetrics } from './metrics-server';

const logger = pino({ level: 'silent' });
const cleanup: (() => void)[] = [];
afterEach(() => {
  while (cleanup.length) cleanup.pop()!();
});

async function listen(handler: (s: net.Socket) => void): Promise<number> {
  const server = net.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => server.close());
  return (server.address() as net.AddressInfo).port;
}

const echo = (s: net.Socket) => {
  s.on('error', () => s.destroy());
  s.pipe(s);
};

async function freePort(): Promise<number> {
  const port = await listen(() => {});
  cleanup.pop()!();
  return port;
}

const ep = (port: number): MeshEndpoint => ({ replica: port, node: 'n1', address: '127.0.0.1', port });

async function meshOn(endpoints: MeshEndpoint[]): Promise<{ mesh: Mesh; publish: number }> {
  const mesh = new Mesh({ node: 'n1', connectTimeoutMs: 250, logger, host: '127.0.0.1', sendStatus: () => {} });
  cleanup.push(() => mesh.close());
  const publish = await freePort();
  await mesh.apply({ revision: 1, services: [{ publish, workload: 'w', portName: 'p', endpoints }] });
  return { mesh, publish };
}

function roundTrip(port: number, msg = 'hello'): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    let data = '';
    const timer = setTimeout(() => s.destroy(), 5000);
    s.on('connect', () => s.end(msg));
    s.on('data', (d) => (data += d.toString()));
    s.on('error', () => {});
    s.on('close', () => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}

function openClient(port: number): Promise<net.Socket> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.on('error', () => {});
    s.once('connect', () => resolve(s));
    s.once('close', () => resolve(s));
  });
}

describe('mesh robustness', () => {
  it('survives clients that send nothing, and garbage', async () => {
    const { publish } = await meshOn([ep(await listen(echo))]);
    const idle = await Promise.all(Array.from({ length: 20 }, () => openClient(publish)));
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256));
    const garbage = await openClient(publish);
    garbage.write(junk);
    garbage.destroy();
    expect(await roundTrip(publish)).toBe('hello');
    for (const s of idle) s.destroy();
    expect(await roundTrip(publish)).toBe('hello');
  });

  it('carries 1,000 connections opened at once', async () => {
    const { publish, mesh } = await meshOn([ep(await listen(echo))]);
    const answers = await Promise.all(Array.from({ length: 1000 }, (_, i) => roundTrip(publish, `m${i}`)));
    expect(answers.filter((a, i) => a === `m${i}`).length).toBe(1000);
    expect(await roundTrip(publish)).toBe('hello');
    const text = await mesh.metrics.registry.metrics();
    expect(text).toMatch(new RegExp(`coxswain_mesh_connections_total\\{port="${publish}"\\} 1001`));
  });

  it('survives a backend that refuses and one that accepts then resets', async () => {
    const refusing = await freePort();
    const resetting = await listen((s) => {
      s.on('error', () => {});
      s.resetAndDestroy();
    });
    const { publish, mesh } = await meshOn([ep(refusing), ep(resetting)]);
    const answers = await Promise.all(Array.from({ length: 10 }, () => roundTrip(publish)));
    expect(answers.every((a) => a === '')).toBe(true);
    const good = await listen(echo);
    await mesh.apply({ revision: 2, services: [{ publish, workload: 'w', portName: 'p', endpoints: [ep(good)] }] });
    expect(await roundTrip(publish)).toBe('hello');
  });

  it('serves /metrics and 404 elsewhere', async () => {
    const { publish, mesh } = await meshOn([ep(await listen(echo))]);
    await roundTrip(publish);
    const port = await freePort();
    const served = serveMetrics(mesh.metrics.registry, { host: '127.0.0.1', port }, logger);
    cleanup.push(() => served.close());
    await new Promise((r) => (served.server.listening ? r(null) : served.server.once('listening', r)));
    const get = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path }, (res) => {
            let body = '';
            res.on('data', (d) => (body += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          })
          .on('error', reject);
      });
    const m = await get('/metrics');
    expect(m.status).toBe(200);
    expect(m.body).toMatch(new RegExp(`coxswain_mesh_bytes_in_total\\{port="${publish}"\\} 5`));
    expect((await get('/other')).status).toBe(404);
  });
});
