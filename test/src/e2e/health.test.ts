// Issue 11, health checks and endpoints end to end: checks run by a real agent against a real
// engine, ListEndpoints answered by the control plane, and the drain delay before a stop seen in
// the engine's own events. Exec checks throughout: ports are another part of the issue, so every
// endpoint here is a replica without a port (port 0) at its node's address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, waitFor, type TestHost } from '../hosts';
import { E2E, spec, watchSigterms } from './fixture';

let e2e: E2E;
let host: TestHost;

beforeAll(async () => {
  e2e = await E2E.start({ hosts: 1 });
  host = e2e.cluster.host(1);
});

afterAll(async () => {
  await e2e?.stop();
});

/** Runs a command in a container through the engine, as an operator would with docker exec. */
async function engineExec(containerId: string, cmd: string[]): Promise<number> {
  const exec = await host.docker.getContainer(containerId).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  stream.resume();
  await new Promise((r) => stream.once('end', r));
  for (let i = 0; i < 50; i++) {
    const info = await exec.inspect();
    if (!info.Running) return info.ExitCode ?? -1;
    await sleep(50);
  }
  throw new Error(`exec ${cmd.join(' ')} did not end`);
}

async function endpoints(name: string): Promise<{ revision: string; endpoints: any[] }> {
  const r = await e2e.ok('ListEndpoints', { name });
  return { revision: r.revision ?? '0', endpoints: r.endpoints ?? [] };
}

/** Polls ListEndpoints until `pred` holds; returns when (ms) the answer that showed it came. */
async function untilEndpoints(name: string, pred: (e: any[]) => boolean, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { endpoints: e } = await endpoints(name);
    if (pred(e)) return Date.now();
    await sleep(100);
  }
  throw new Error(`${name}: endpoints not as expected within ${timeoutMs} ms`);
}

/** JSON leaves out zero values: an entry with them filled in. */
const entry = (e: any) => ({ replica: 0, port: 0, portName: '', ...e });

const serviceWith = (setup: string) => ['sh', '-c', `${setup}; trap 'exit 0' TERM; sleep 100000 & wait`];

describe('health checks and endpoints', () => {
  it('a workload without a check is ready once running and listed at its node’s address', async () => {
    await e2e.ok('ApplyWorkload', { workload: spec('plain', { command: serviceWith('true') }) });
    const w = await e2e.waitForWorkload('plain', (w) => w.status?.ready === 1, '1 ready');
    expect(w.status.replicas[0]).toMatchObject({ state: 'RUNNING', ready: true });
    expect(w.status.replicas[0].health ?? '').toBe('');
    await untilEndpoints('plain', (e) => e.length === 1, 5_000);
    const set = await endpoints('plain');
    // Without ports a replica is one entry with port 0 (its ports come with port allocation).
    expect(set.endpoints.map(entry)).toEqual([
      { replica: 0, node: 'h1', address: host.address, port: 0, portName: '' },
    ]);
    expect(Number(set.revision)).toBeGreaterThan(0);
    const unknown = await e2e.call('ListEndpoints', { name: 'nope' });
    expect(unknown).toMatchObject({ ok: false, code: 'not_found' });
    expect(unknown.message).toContain('"nope"');
  });

  it('a replica whose check fails leaves the endpoints within interval + timeout + 1 s, returns on a pass, and is restarted after failureThreshold failures', async () => {
    const health = { exec: { command: ['test', '-f', '/tmp/ok'] }, interval: '1s', timeout: '1s', failureThreshold: 3 };
    await e2e.ok('ApplyWorkload', { workload: spec('flip', { command: serviceWith('touch /tmp/ok'), health }) });
    await untilEndpoints('flip', (e) => e.length === 1, 15_000);
    const before = await e2e.ok('GetWorkload', { name: 'flip' });
    expect(before.status.replicas[0]).toMatchObject({ ready: true, health: 'healthy' });
    const id = before.status.replicas[0].containerId as string;

    const failedAt = Date.now();
    expect(await engineExec(id, ['rm', '/tmp/ok'])).toBe(0);
    const left = await untilEndpoints('flip', (e) => e.length === 0, 5_000);
    expect(left - failedAt).toBeLessThanOrEqual(1000 + 1000 + 1000);
    const unready = await e2e.ok('GetWorkload', { name: 'flip' });
    expect(unready.status.replicas[0]).toMatchObject({ health: 'unhealthy' });
    expect(unready.status.replicas[0].ready ?? false).toBe(false);

    // Passing again before the threshold: back in the set, the same container, not restarted.
    expect(await engineExec(id, ['touch', '/tmp/ok'])).toBe(0);
    const back = await untilEndpoints('flip', (e) => e.length === 1, 3_000);
    expect(back - left).toBeLessThanOrEqual(1000 + 1000 + 1000);
    const again = await e2e.ok('GetWorkload', { name: 'flip' });
    expect(again.status.replicas[0]).toMatchObject({ containerId: id, ready: true });
    expect(again.status.replicas[0].restarts ?? 0).toBe(0);

    // Failing three times in a row: the agent stops it and the control plane restarts it, after
    // which its command makes the check pass again.
    const startedBefore = (await host.docker.getContainer(id).inspect()).State.StartedAt;
    expect(await engineExec(id, ['rm', '/tmp/ok'])).toBe(0);
    const restarted = await e2e.waitForWorkload(
      'flip',
      (w) => (w.status.replicas[0].restarts ?? 0) >= 1 && w.status.replicas[0].ready === true,
      'restarted and ready again',
      20_000,
    );
    const c = restarted.status.replicas[0].containerId as string;
    const startedAfter = c === id ? (await host.docker.getContainer(c).inspect()).State.StartedAt : 'new container';
    expect(startedAfter).not.toBe(startedBefore);
    const events = (await e2e.ok('ListEvents', { workload: 'flip', limit: 100 })).events.map((e: any) => e.type);
    expect(events).toEqual(expect.arrayContaining(['replica.ready', 'replica.unhealthy', 'replica.restarted']));
  });

  it('a hanging check counts as a failure at its timeout', async () => {
    const health = { exec: { command: ['sleep', '10'] }, interval: '1s', timeout: '1s', failureThreshold: 100 };
    await e2e.ok('ApplyWorkload', { workload: spec('hang', { command: serviceWith('true'), health }) });
    const w = await e2e.waitForWorkload(
      'hang',
      (w) => w.status.replicas[0]?.health === 'unhealthy',
      'unhealthy',
      15_000,
    );
    const started = Date.parse(
      (await host.docker.getContainer(w.status.replicas[0].containerId).inspect()).State.StartedAt,
    );
    const ev = (await e2e.ok('ListEvents', { workload: 'hang', limit: 100 })).events.find(
      (e: any) => e.type === 'replica.unhealthy',
    );
    expect(ev.message).toContain('timed out after 1000 ms');
    // First check 1 s after the start, failed at its 1 s timeout: long before `sleep 10` ends.
    const at = Date.parse(ev.time) - started;
    expect(at).toBeGreaterThanOrEqual(1900);
    expect(at).toBeLessThan(4000);
    await e2e.ok('DeleteWorkload', { name: 'hang' });
  });

  it('a replica whose check never passes shows the crash-loop reason with a growing backoff', async () => {
    const health = { exec: { command: ['false'] }, interval: '1s', timeout: '1s', failureThreshold: 1 };
    await e2e.ok('ApplyWorkload', { workload: spec('never', { command: serviceWith('true'), health }) });
    const seen: { restarts: number; wait: number }[] = [];
    await waitFor(
      'two crash-loop reasons with growing waits',
      async () => {
        const w = await e2e.ok('GetWorkload', { name: 'never' });
        const m = /^crash loop: (\d+) restarts?, next in (\d+)s/.exec(w.status.replicas[0]?.reason ?? '');
        if (m && !seen.some((s) => s.restarts === Number(m[1])))
          seen.push({ restarts: Number(m[1]), wait: Number(m[2]) });
        return seen.length >= 2 || undefined;
      },
      40_000,
      150,
    );
    expect(seen[1].restarts).toBeGreaterThan(seen[0].restarts);
    expect(seen[1].wait).toBeGreaterThan(seen[0].wait);
    await e2e.ok('DeleteWorkload', { name: 'never' });
  });

  it('scale down: the stopping replica is gone from ListEndpoints at least the drain delay before its SIGTERM', async () => {
    await e2e.ok('ApplyWorkload', { workload: spec('drain', { replicas: 2, command: serviceWith('true') }) });
    await untilEndpoints('drain', (e) => e.length === 2, 15_000);
    const w = await e2e.ok('GetWorkload', { name: 'drain' });
    const victim = w.status.replicas.find((r: any) => r.id === 1).containerId as string;

    const sigterms = await watchSigterms(host, victim);
    const kills = sigterms.times;
    try {
      await e2e.ok('ScaleWorkload', { name: 'drain', replicas: 1 });
      // The scale answers after the pass that retired the replica: it has left the set by then.
      const goneBy = Date.now();
      const { endpoints: now } = await endpoints('drain');
      expect(now.map((e) => entry(e).replica)).toEqual([0]);
      const still = await host.docker.getContainer(victim).inspect();
      expect(still.State.Running).toBe(true);
      await waitFor('SIGTERM to the retired replica', async () => kills.length > 0 || undefined, 10_000, 50);
      // Gone from the set no later than goneBy, so this is at most the real time between the two;
      // the 100 ms allow for the answer's own way back to the test.
      expect(kills[0] - goneBy).toBeGreaterThanOrEqual(2000 - 100);
    } finally {
      sigterms.stop();
    }
    await e2e.ok('DeleteWorkload', { name: 'drain' });
  });

  it('WatchEndpoints sends the current set, then the whole set on a change, and resumes from a revision', async () => {
    const first = await endpoints('plain');
    const same = await e2e.call(
      'WatchEndpoints',
      { name: 'plain', sinceRevision: first.revision },
      { streamForMs: 1500 },
    );
    // Resumed at the current revision: nothing to send until the set changes.
    expect(same.json ?? []).toEqual([]);
    const fresh = await e2e.call('WatchEndpoints', { name: 'plain' }, { streamForMs: 1500 });
    expect(fresh.json).toHaveLength(1);
    expect(fresh.json[0].revision).toBe(first.revision);
    expect(fresh.json[0].endpoints.map(entry)).toEqual([
      { replica: 0, node: 'h1', address: host.address, port: 0, portName: '' },
    ]);

    // A change (scaled to two) comes as the whole set with a higher revision.
    const watching = e2e.call(
      'WatchEndpoints',
      { name: 'plain', sinceRevision: first.revision },
      { streamForMs: 8000 },
    );
    await sleep(500);
    await e2e.ok('ScaleWorkload', { name: 'plain', replicas: 2 });
    const sets = (await watching).json as any[];
    const last = sets[sets.length - 1];
    expect(last.endpoints.map(entry).map((e: any) => e.replica)).toEqual([0, 1]);
    expect(Number(last.revision)).toBeGreaterThan(Number(first.revision));
    const unknown = await e2e.call('WatchEndpoints', { name: 'nope' }, { streamForMs: 1000 });
    expect(unknown).toMatchObject({ ok: false, code: 'not_found' });
  });
});
