// Runs against a real, private dockerd (see testing/engine.ts); needs root and docker.io installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { StartReplica } from '@coxswain/shared';
import { startEngine, TEST_IMAGE, type PrivateEngine } from '../testing';
import { connectDocker } from './connect';
import { type ContainerEvent, type EventWatch, watchContainerEvents } from './events';
import { DockerRuntime } from './runtime';

const logger = pino({ level: process.env.COXSWAIN_LOG_LEVEL ?? 'silent' });

function startCmd(over: Partial<StartReplica> = {}): StartReplica {
  return {
    commandId: 'c',
    workload: 'web',
    replica: 0,
    epoch: 1,
    generation: 1,
    image: TEST_IMAGE,
    command: ['sleep', '3600'],
    env: { MODE: 'test' },
    resources: { cpuMillis: 250, memoryBytes: 64 * 1024 * 1024 },
    labels: { team: 'a' },
    disconnect: 'keep',
    ...over,
  };
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('DockerRuntime against a private engine', () => {
  let engine: PrivateEngine;
  let runtime: DockerRuntime;
  let watch: EventWatch | undefined;
  const events: ContainerEvent[] = [];
  let resyncs = 0;

  beforeAll(async () => {
    engine = await startEngine();
    const docker = connectDocker(engine.host);
    runtime = new DockerRuntime(docker, { node: 'h1', networkMode: 'none', stopTimeoutSeconds: 1, logger });
    watch = watchContainerEvents(docker, { logger, onEvent: (e) => events.push(e), onResync: () => resyncs++ });
    await waitFor('events stream', () => resyncs > 0);
  });

  afterAll(async () => {
    watch?.close();
    await engine?.stop();
  });

  const names = async () =>
    (await engine.docker('ps', '-a', '--format', '{{.Names}}')).split('\n').filter(Boolean).sort();

  it('creates one container with the contract name, labels and limits', async () => {
    const id = await runtime.ensureRunning(startCmd());
    const raw = JSON.parse(await engine.docker('inspect', id))[0];
    expect(raw.Name).toBe('/coxswain-web-0');
    expect(raw.Config.Labels).toEqual({
      team: 'a',
      'coxswain.workload': 'web',
      'coxswain.replica': '0',
      'coxswain.generation': '1',
      'coxswain.node': 'h1',
      'coxswain.epoch': '1',
      'coxswain.disconnect': 'keep',
      // A digest of network, ports and mounts: a change of those replaces the container.
      'coxswain.shape': expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(raw.HostConfig.NanoCpus).toBe(250_000_000);
    expect(raw.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect(raw.HostConfig.RestartPolicy.Name).toBe('no');
    expect(raw.HostConfig.NetworkMode).toBe('none');
    expect(raw.Config.Env).toContain('MODE=test');
    expect(raw.State.Running).toBe(true);
    const listed = await runtime.list();
    expect(listed.map((c) => c.info)).toEqual([
      expect.objectContaining({
        containerId: id,
        workload: 'web',
        replica: 0,
        epoch: 1,
        generation: 1,
        state: 'running',
      }),
    ]);
  });

  it('is idempotent, also under concurrent commands, and restarts a stopped match', async () => {
    const first = await runtime.ensureRunning(startCmd());
    const again = await Promise.all([
      runtime.ensureRunning(startCmd()),
      runtime.ensureRunning(startCmd()),
      runtime.ensureRunning(startCmd()),
    ]);
    expect(new Set([first, ...again]).size).toBe(1);
    expect(await names()).toEqual(['coxswain-web-0']);
    await engine.docker('stop', '-t', '0', first);
    expect(await runtime.ensureRunning(startCmd())).toBe(first);
    expect((await runtime.inspect(first))?.info.state).toBe('running');
  });

  it('replaces a container of another epoch or generation', async () => {
    const old = await runtime.ensureRunning(startCmd());
    const byEpoch = await runtime.ensureRunning(startCmd({ epoch: 2 }));
    expect(byEpoch).not.toBe(old);
    expect(await runtime.inspect(old)).toBeUndefined();
    const byGeneration = await runtime.ensureRunning(startCmd({ epoch: 2, generation: 5 }));
    expect(byGeneration).not.toBe(byEpoch);
    expect((await runtime.inspect(byGeneration))?.info).toMatchObject({ epoch: 2, generation: 5, state: 'running' });
    expect(await names()).toEqual(['coxswain-web-0']);
  });

  it('creates concurrent replicas independently', async () => {
    const ids = await Promise.all([1, 2, 3].map((replica) => runtime.ensureRunning(startCmd({ replica }))));
    expect(new Set(ids).size).toBe(3);
    expect(await names()).toEqual(['coxswain-web-0', 'coxswain-web-1', 'coxswain-web-2', 'coxswain-web-3']);
  });

  it('reports a missing image as a failure with a reason and keeps working', async () => {
    await expect(
      runtime.ensureRunning(startCmd({ workload: 'ghost', image: '127.0.0.1:1/coxswain/does-not-exist:1' })),
    ).rejects.toThrow(/pull image 127.0.0.1:1\/coxswain\/does-not-exist:1: .+/);
    expect(await runtime.inspect('coxswain-ghost-0')).toBeUndefined();
    expect(await runtime.ensureRunning(startCmd({ workload: 'alive' }))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('events reflect a docker kill, and the container is then reported exited', async () => {
    const id = await runtime.ensureRunning(startCmd({ workload: 'victim' }));
    const before = events.length;
    await engine.docker('kill', id);
    const die = await waitFor('die event', () =>
      events.slice(before).find((e) => e.containerId === id && e.action === 'die'),
    );
    expect(die.time).toBeGreaterThan(0);
    const info = (await runtime.inspect(id))!.info;
    expect(info.state).toBe('exited');
    expect(info.exitCode).toBe(137);
    expect(info.finishedAt).toBeGreaterThanOrEqual(info.startedAt);
  });

  it('stopAndRemove with a grace of its own cuts the grace the container was made with short', async () => {
    // `sleep` as PID 1 ignores SIGTERM: only the SIGKILL at the end of the grace stops it.
    const id = await runtime.ensureRunning(startCmd({ workload: 'stale', stopGraceMs: 10_000 }));
    expect(await engine.docker('inspect', '-f', '{{.Config.StopTimeout}}', id)).toBe('10');
    const started = Date.now();
    await runtime.stopAndRemove(id, 0);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await runtime.inspect(id)).toBeUndefined();
  });

  it('stopAndRemove removes, tolerates a missing container, and refuses foreign ones', async () => {
    const id = await runtime.ensureRunning(startCmd({ workload: 'doomed' }));
    const before = events.length;
    await runtime.stopAndRemove(id);
    expect(await runtime.inspect(id)).toBeUndefined();
    await waitFor('destroy event', () =>
      events.slice(before).find((e) => e.containerId === id && e.action === 'destroy'),
    );
    await runtime.stopAndRemove(id);
    await runtime.stopAndRemove('0123456789ab');

    const foreign = await engine.docker(
      'run',
      '-d',
      '--network',
      'none',
      '--name',
      'not-ours',
      TEST_IMAGE,
      'sleep',
      '3600',
    );
    await expect(runtime.stopAndRemove(foreign)).rejects.toThrow(/not managed by Coxswain/);
    await expect(runtime.stop(foreign)).rejects.toThrow(/not managed by Coxswain/);
    expect(await runtime.inspect(foreign)).toBeUndefined();
    expect((await runtime.list()).map((c) => c.name)).not.toContain('not-ours');
    expect(await engine.docker('inspect', '-f', '{{.State.Running}}', foreign)).toBe('true');
    // A foreign container holding a replica's name is not replaced either.
    await engine.docker('rename', 'not-ours', 'coxswain-squat-0');
    await expect(runtime.ensureRunning(startCmd({ workload: 'squat' }))).rejects.toThrow(/does not manage/);
  });

  it('stop keeps the container', async () => {
    const id = await runtime.ensureRunning(startCmd({ workload: 'paused-work' }));
    await runtime.stop(id);
    expect((await runtime.inspect(id))?.info.state).toBe('exited');
  });
  it('keeps a named volume per replica across containers, with bind and tmpfs mounts beside it', async () => {
    const bindDir = `${engine.dir}/bind-src`;
    await import('node:fs').then((fs) => {
      fs.mkdirSync(bindDir, { recursive: true });
      fs.writeFileSync(`${bindDir}/conf`, 'from-the-host');
    });
    const mounts = [
      { type: 'volume' as const, source: 'data', target: '/data', readOnly: false },
      { type: 'bind' as const, source: bindDir, target: '/conf', readOnly: true },
      { type: 'tmpfs' as const, source: '', target: '/scratch', readOnly: false },
    ];
    const writer = startCmd({
      workload: 'vol',
      network: 'none',
      mounts,
      command: ['sh', '-c', 'echo kept > /data/f; cat /conf/conf > /scratch/c; sleep 3600'],
    });
    const first = await runtime.ensureRunning(writer);
    await waitFor('the write', async () =>
      (await engine.docker('exec', first, 'cat', '/data/f').catch(() => '')) === 'kept' ? true : undefined,
    );
    expect(await engine.docker('exec', first, 'cat', '/scratch/c')).toBe('from-the-host');
    expect(await engine.docker('exec', first, 'sh', '-c', 'touch /conf/x 2>/dev/null && echo rw || echo ro')).toBe(
      'ro',
    );
    const mountTypes = JSON.parse(await engine.docker('inspect', '-f', '{{json .Mounts}}', first)).map(
      (m: { Type: string }) => m.Type,
    );
    expect(mountTypes.sort()).toEqual(['bind', 'tmpfs', 'volume']);
    // A new epoch is a new container; the volume, and what was written to it, stay.
    const second = await runtime.ensureRunning({ ...writer, epoch: 2, command: ['sleep', '3600'] });
    expect(second).not.toBe(first);
    expect(await engine.docker('exec', second, 'cat', '/data/f')).toBe('kept');
    const volume = JSON.parse(await engine.docker('volume', 'inspect', 'coxswain-vol-0-data'))[0];
    expect(volume.Labels).toMatchObject({ 'coxswain.workload': 'vol', 'coxswain.replica': '0', 'coxswain.node': 'h1' });
    // Another replica gets a volume of its own.
    const other = await runtime.ensureRunning({ ...writer, replica: 1, command: ['sleep', '3600'] });
    expect(await engine.docker('exec', other, 'sh', '-c', 'cat /data/f 2>/dev/null || echo empty')).toBe('empty');
    expect(await engine.docker('volume', 'ls', '-q', '--filter', 'label=coxswain.workload=vol')).toBe(
      'coxswain-vol-0-data\ncoxswain-vol-1-data',
    );
  });

  it('expands $(VAR) from the ports and host address, sets the stop grace, and replaces a container on a new shape', async () => {
    runtime.setHostIp('10.0.0.7');
    const cmd = startCmd({
      workload: 'vars',
      network: 'none',
      ports: [{ name: 'http-alt', hostPort: 20005, containerPort: 0 }],
      env: { URL: 'http://$(COXSWAIN_HOST_IP):$(COXSWAIN_PORT_HTTP_ALT)/' },
      command: ['sh', '-c', 'echo $URL; sleep 3600', '$(COXSWAIN_PORT_HTTP_ALT)'],
      stopGraceMs: 4000,
    });
    const id = await runtime.ensureRunning(cmd);
    const raw = JSON.parse(await engine.docker('inspect', id))[0];
    expect(raw.Config.Env).toEqual(
      expect.arrayContaining([
        'COXSWAIN_PORT_HTTP_ALT=20005',
        'COXSWAIN_HOST_IP=10.0.0.7',
        'URL=http://10.0.0.7:20005/',
      ]),
    );
    expect(raw.Config.Cmd).toEqual(['sh', '-c', 'echo $URL; sleep 3600', '20005']);
    expect(raw.Config.StopTimeout).toBe(4);
    expect(await runtime.ensureRunning(cmd)).toBe(id);
    const moved = await runtime.ensureRunning({
      ...cmd,
      ports: [{ name: 'http-alt', hostPort: 20006, containerPort: 0 }],
    });
    expect(moved).not.toBe(id);
  });
  it("stops a container with the grace it was made with, not the agent's", async () => {
    // sleep as PID 1 ignores SIGTERM: the stop waits out the whole grace, then kills.
    const id = await runtime.ensureRunning(startCmd({ workload: 'graceful', network: 'none', stopGraceMs: 3000 }));
    const t0 = Date.now();
    await runtime.stopAndRemove(id);
    const took = Date.now() - t0;
    // The agent's own grace here is 1 s.
    expect(took).toBeGreaterThanOrEqual(2500);
    expect(await runtime.inspect(id)).toBeUndefined();
  });
});
