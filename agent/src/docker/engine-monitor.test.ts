// The monitor against real unix sockets standing in for the three states of an engine: one that
// answers /_ping, one that accepts connections and never answers (what a SIGSTOPped dockerd's
// socket does: the kernel accepts into the backlog), and none at all (a stopped engine).
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { pingEngine } from './connect';
import { EngineMonitor } from './engine-monitor';

const logger = pino({ level: 'silent' });
const servers: (net.Server | http.Server)[] = [];
const conns: net.Socket[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-monitor-'));

function serve(socket: string, answer: boolean): Promise<void> {
  const server = answer
    ? http.createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK'))
    : // A frozen engine: the connection is accepted and nothing comes back.
      net.createServer((conn) => conn.on('error', () => undefined));
  server.on('connection', (conn: net.Socket) => conns.push(conn));
  servers.push(server);
  return new Promise((resolve) => server.listen(socket, resolve));
}

function monitorOf(socket: string, recovered: number[] = [], down: string[] = []): EngineMonitor {
  const docker = new Docker({ socketPath: socket });
  return new EngineMonitor({
    ping: (signal) => pingEngine(docker, signal),
    intervalMs: 1000,
    timeoutMs: 300,
    logger,
    onRecovered: (ms) => recovered.push(ms),
    onDown: (why) => down.push(why),
  });
}

afterEach(async () => {
  for (const c of conns.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

describe('EngineMonitor', () => {
  it('is up while the engine answers', async () => {
    const socket = path.join(dir, 'ok.sock');
    await serve(socket, true);
    const m = monitorOf(socket);
    await m.check();
    expect(m.up).toBe(true);
    expect(m.error).toBe('');
  });

  it('times a frozen engine out instead of waiting for it', async () => {
    const socket = path.join(dir, 'frozen.sock');
    await serve(socket, false);
    const m = monitorOf(socket);
    const started = Date.now();
    await m.check();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(m.up).toBe(false);
    expect(m.error).toBe('ping timed out after 300 ms');
    expect(m.downSince).toBeGreaterThanOrEqual(started);
  });

  it('says why when nothing listens (once, at once), and recovers (once) when the engine answers again', async () => {
    const socket = path.join(dir, 'gone.sock');
    const recovered: number[] = [];
    const down: string[] = [];
    const m = monitorOf(socket, recovered, down);
    await m.check();
    expect(m.up).toBe(false);
    expect(m.error).toMatch(/^ping failed: .*(ENOENT|ECONNREFUSED)/);
    expect(down).toEqual([m.error]);
    const since = m.downSince;
    await m.check();
    expect(m.downSince).toBe(since);
    expect(down).toHaveLength(1);

    await serve(socket, true);
    await m.check();
    await m.check();
    expect(m.error).toBe('');
    expect(m.up).toBe(true);
    expect(recovered).toHaveLength(1);
  });
});
