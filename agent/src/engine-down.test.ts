// Stops while the engine does not answer, against a real DockerRuntime talking to real unix
// sockets (one that answers like an engine without the container, one that accepts and never
// answers, as a SIGSTOPped dockerd's does) and real processes in real cgroups (root).
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  DockerRuntime,
  EngineMonitor,
  killContainerCgroup,
  type ManagedContainer,
  pingEngine,
  toManaged,
} from './docker';
import { EngineDownGuard, KILLED_DETAIL } from './engine-down';
import { isRoot, isRunning, TestCgroups } from './testing';

const logger = pino({ level: 'silent' });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-down-'));
const cgroups = new TestCgroups();
const conns: net.Socket[] = [];
const servers: net.Server[] = [];

async function socket(name: string, answer: boolean): Promise<string> {
  const file = path.join(dir, name);
  const server: net.Server = answer
    ? http.createServer((_, res) =>
        res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"No such container"}'),
      )
    : net.createServer((c) => c.on('error', () => undefined));
  server.on('connection', (c: net.Socket) => conns.push(c));
  servers.push(server);
  await new Promise<void>((r) => server.listen(file, r));
  return file;
}

function guardOn(socketPath: string, now?: () => number) {
  const docker = new Docker({ socketPath });
  const runtime = new DockerRuntime(docker, { node: 'h1', logger, callTimeoutMs: 300 });
  const monitor = new EngineMonitor({
    ping: (s) => pingEngine(docker, s),
    intervalMs: 1000,
    timeoutMs: 300,
    logger,
    now,
  });
  const guard = new EngineDownGuard({
    monitor,
    stopAndRemove: (id) => runtime.stopAndRemove(id),
    kill: (id, pid) => killContainerCgroup(id, pid),
    logger,
    now,
  });
  return { guard, monitor };
}

function container(id: string, pid: number | undefined, disconnect: string): ManagedContainer {
  return toManaged({
    id,
    name: '/web-0',
    labels: { 'coxswain.workload': 'web', 'coxswain.replica': '0', 'coxswain.disconnect': disconnect },
    state: 'running',
    pid,
  });
}

afterEach(async () => {
  for (const c of conns.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  await cgroups.cleanup();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('EngineDownGuard', () => {
  it('stops through the engine while it answers (a missing container is done), with no detail', async () => {
    const { guard, monitor } = guardOn(await socket('ok.sock', true));
    await expect(guard.stop({ containerId: 'a'.repeat(64), reason: 'test' })).resolves.toBe('');
    expect(monitor.up).toBe(true);
  });

  it.runIf(isRoot)('kills through the cgroup when the engine call times out, and says so', async () => {
    const { guard, monitor } = guardOn(await socket('frozen.sock', false));
    const { id, dirs } = await cgroups.make(['freezer', 'pids']);
    const child = await cgroups.spawnInto(dirs);
    guard.observe(id, container(id, child.pid, 'keep'));

    const started = Date.now();
    const detail = await guard.stop({ containerId: id, reason: 'stale copy' });

    expect(detail).toBe(KILLED_DETAIL);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await isRunning(child.pid!)).toBe(false);
    // The timeout itself told the monitor: the next stop goes to the cgroup without waiting.
    expect(monitor.up).toBe(false);
  });

  it.runIf(isRoot)(
    'kills at-most-one containers once the engine has been silent for the fence, and only those',
    async () => {
      let now = 100_000;
      const { guard, monitor } = guardOn(await socket('frozen2.sock', false), () => now);
      guard.setFence(15_000, 3000);
      const one = await cgroups.make(['pids']);
      const oneProc = await cgroups.spawnInto(one.dirs);
      const keep = await cgroups.make(['pids']);
      const keepProc = await cgroups.spawnInto(keep.dirs);
      guard.sync([container(one.id, oneProc.pid, 'stop'), container(keep.id, keepProc.pid, 'keep')]);

      monitor.report('ping timed out after 2000 ms');
      now += 14_000;
      expect(await guard.check()).toEqual([]);
      expect(await isRunning(oneProc.pid!)).toBe(true);

      now += 1_000;
      expect(await guard.check()).toEqual([one.id]);
      expect(await isRunning(oneProc.pid!)).toBe(false);
      expect(await isRunning(keepProc.pid!)).toBe(true);
      // Killed once: the next check finds nothing left to do.
      expect(await guard.check()).toEqual([]);
    },
  );
});
