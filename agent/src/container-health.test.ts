// The health checker against a real, private dockerd (see testing/engine.ts): exec checks through
// the engine, the check read back from the container's label by a new checker (as after an agent
// restart), a hanging check's process killed at its timeout, and the stop after the threshold.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthCheckSpec, StartReplica } from '@coxswain/shared';
import { withCheckLabel, watchedOf } from './container-health';
import { connectDocker, DockerRuntime, execCheck } from './docker';
import { HealthChecker, probeCheck } from './health';
import { startEngine, TEST_IMAGE, type PrivateEngine } from './testing';

const logger = pino({ level: process.env.COXSWAIN_LOG_LEVEL ?? 'silent' });

const check = (over: Partial<HealthCheckSpec>): HealthCheckSpec => ({
  http: null,
  tcp: null,
  exec: null,
  interval: '200ms',
  timeout: '500ms',
  failureThreshold: 100,
  startPeriod: '',
  ...over,
});

function startCmd(workload: string, health: HealthCheckSpec): StartReplica {
  return {
    commandId: 'c',
    workload,
    replica: 0,
    epoch: 1,
    generation: 1,
    image: TEST_IMAGE,
    command: ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"],
    env: {},
    resources: { cpuMillis: 0, memoryBytes: 0 },
    labels: { 'coxswain.health': 'a user label that must not survive' },
    disconnect: 'keep',
    network: 'none',
    ports: [],
    health,
    mounts: [],
    stopGraceMs: 1000,
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

describe('health checks against a private engine', () => {
  let engine: PrivateEngine;
  let runtime: DockerRuntime;
  let docker: ReturnType<typeof connectDocker>;
  const checkers: HealthChecker[] = [];

  const newChecker = () => {
    const c = new HealthChecker({
      probe: probeCheck('127.0.0.1', (id, cmd, signal) => execCheck(docker, id, cmd, signal)),
      stop: (id) => runtime.stop(id, 1),
      onChange: () => {},
      logger,
    });
    checkers.push(c);
    return c;
  };
  const syncFromEngine = async (c: HealthChecker) => c.sync((await runtime.list()).map(watchedOf));

  beforeAll(async () => {
    engine = await startEngine();
    docker = connectDocker(engine.host);
    runtime = new DockerRuntime(docker, { node: 'h1', networkMode: 'none', stopTimeoutSeconds: 1, logger });
  });

  afterAll(async () => {
    for (const c of checkers) c.close();
    await engine?.stop();
  });

  it('fails until the file exists, passes then, and a new checker reads the check from the label', async () => {
    const id = await runtime.ensureRunning(
      withCheckLabel(startCmd('flip', check({ exec: { command: ['sh', '-c', '[ -f /tmp/ok ]'] } }))),
    );
    const label = JSON.parse(JSON.parse(await engine.docker('inspect', id))[0].Config.Labels['coxswain.health']);
    expect(label.probe).toEqual({ kind: 'exec', command: ['sh', '-c', '[ -f /tmp/ok ]'] });
    const first = newChecker();
    await syncFromEngine(first);
    await waitFor('unhealthy', () => first.healthOf(id)?.status === 'unhealthy');
    expect(first.healthOf(id)?.message).toBe('exit code 1');
    await engine.docker('exec', id, 'sh', '-c', ': > /tmp/ok');
    await waitFor('healthy', () => first.healthOf(id)?.status === 'healthy');
    first.close();

    // As after an agent restart: nothing but the engine to go on.
    const second = newChecker();
    await syncFromEngine(second);
    expect(second.healthOf(id)?.status).toBe('starting');
    await waitFor('healthy again', () => second.healthOf(id)?.status === 'healthy');
    second.close();
  });

  it('kills a hanging check at its timeout, so no copies of it pile up', async () => {
    const id = await runtime.ensureRunning(
      withCheckLabel(startCmd('hang', check({ exec: { command: ['sleep', '30'] }, timeout: '300ms' }))),
    );
    const c = newChecker();
    await syncFromEngine(c);
    await waitFor('three timed-out checks', () => (c.healthOf(id)?.failures ?? 0) >= 3);
    expect(c.healthOf(id)?.message).toBe('timed out after 300 ms');
    c.close();
    // At most the one in flight when the checker closed may still be on its way out.
    await waitFor(
      'no sleep 30 left',
      async () => !(await engine.docker('exec', id, 'ps', '-o', 'args')).includes('sleep 30'),
      3_000,
    );
  });

  it('stops the container after failureThreshold failures in a row', async () => {
    const id = await runtime.ensureRunning(
      withCheckLabel(startCmd('never', check({ exec: { command: ['false'] }, failureThreshold: 2 }))),
    );
    const c = newChecker();
    await syncFromEngine(c);
    await waitFor('stopped', async () => (await runtime.inspect(id))?.info.state === 'exited');
    // Exited: the next inventory ends its checks.
    await syncFromEngine(c);
    expect(c.healthOf(id)).toBeUndefined();
  });
});
