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
});
