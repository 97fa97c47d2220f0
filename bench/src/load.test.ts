// The load generator against real HTTP servers on loopback: each way a request can end is
// produced by a server that really behaves so (answers, errors, hangs, resets, is not there).
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closedLoop, oneRequest, openLoop, summarize } from './load';

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();

afterEach(async () => {
  // A server's close waits for its connections: the hanging ones are ended here.
  for (const s of sockets) s.destroy();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** Answers `status` after `delayMs`, counting the connections it accepted. */
async function httpServer(status = 200, delayMs = 0): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  const server = http.createServer((_req, res) => {
    setTimeout(() => {
      res.statusCode = status;
      res.end('hi');
    }, delayMs);
  });
  server.on('connection', () => connections++);
  return { port: await listen(server), connections: () => connections };
}

describe('load generator', () => {
  it('sends at the fixed rate on a new connection each, all ok', async () => {
    const { port, connections } = await httpServer();
    const records = await openLoop({ host: '127.0.0.1', port, rate: 100, durationMs: 1000 });
    const s = summarize(records);
    expect(s.sent).toBe(100);
    expect(s.ok).toBe(100);
    expect(s.failed).toBe(0);
    expect(connections()).toBe(100);
    expect(s.p50Ms).toBeGreaterThan(0);
    expect(s.maxMs).toBeGreaterThanOrEqual(s.p99Ms);
  });

  it('keeps its schedule when answers are slow', async () => {
    const { port } = await httpServer(200, 400);
    const records = await openLoop({ host: '127.0.0.1', port, rate: 50, durationMs: 1000 });
    expect(records).toHaveLength(50);
    const span = records[records.length - 1]!.sentAt - records[0]!.sentAt;
    // 49 intervals of 20 ms; a loop that waited for answers would need 50 x 400 ms.
    expect(span).toBeLessThan(5000);
    expect(summarize(records).ok).toBe(50);
    expect(Math.min(...records.map((r) => r.latencyMs))).toBeGreaterThanOrEqual(350);
  });

  it('names each failure: status, refused, timeout, reset', async () => {
    const { port: failing } = await httpServer(503);
    expect(await oneRequest({ host: '127.0.0.1', port: failing })).toMatchObject({ outcome: 'status', status: 503 });

    // A port that was free a moment ago and nobody listens on now.
    const probe = await listen(net.createServer());
    await new Promise((r) => servers.pop()!.close(r));
    expect((await oneRequest({ host: '127.0.0.1', port: probe })).outcome).toBe('refused');

    const silent = await listen(net.createServer((s) => s.on('error', () => {})));
    const timedOut = await oneRequest({ host: '127.0.0.1', port: silent, timeoutMs: 200 });
    expect(timedOut.outcome).toBe('timeout');
    expect(timedOut.latencyMs).toBeGreaterThanOrEqual(190);

    const resetting = await listen(
      net.createServer((s) => {
        s.on('error', () => {});
        s.once('data', () => s.resetAndDestroy());
      }),
    );
    expect((await oneRequest({ host: '127.0.0.1', port: resetting })).outcome).toBe('reset');
  });

  it('counts a request due while too many are in flight as overflow', async () => {
    const silent = await listen(net.createServer((s) => s.on('error', () => {})));
    const records = await openLoop({
      host: '127.0.0.1',
      port: silent,
      rate: 100,
      durationMs: 200,
      maxInFlight: 5,
      timeoutMs: 500,
    });
    const s = summarize(records);
    expect(s.sent).toBe(20);
    expect(s.byKind.timeout).toBe(5);
    expect(s.byKind.overflow).toBe(15);
  });

  it('closed loop keeps its concurrency busy and stops at the duration', async () => {
    const { port, connections } = await httpServer();
    const started = Date.now();
    const records = await closedLoop({ host: '127.0.0.1', port, concurrency: 4, durationMs: 300 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(records.length).toBeGreaterThan(4);
    expect(summarize(records).failed).toBe(0);
    expect(connections()).toBe(records.length);
  });
});
