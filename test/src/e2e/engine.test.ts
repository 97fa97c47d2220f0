// Issue "a dead or frozen Docker engine", end to end on real engines with default flags: the agent
// lives on while its dockerd stops (SIGTERM) or freezes (SIGSTOP). The node leaves READY at once
// (NOT_READY with ENGINE_DOWN), its replicas run elsewhere within node-timeout + 5 s, a frozen
// engine's replaced containers are killed through their cgroups, an at-most-one workload never
// runs twice, and once the engine answers again the node is READY with nothing stale left.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_REPLICA, LABEL_WORKLOAD } from '@coxswain/shared';
import { sleep, waitFor, type TestHost } from '../hosts';
import { type Copy, E2E, SERVICE_COMMAND, spec } from './fixture';
import { Sampler } from './sampler';

/** The control plane's default --node-timeout. */
const NODE_TIMEOUT_MS = 3000;
/** The bar: replicas of the faulty host run elsewhere within node-timeout + 5 s. */
const REPLACED_WITHIN_MS = NODE_TIMEOUT_MS + 5000;

let e2e: E2E;

beforeAll(async () => {
  e2e = await E2E.start({ hosts: 3 });
});

afterAll(async () => {
  for (const h of e2e?.hosts ?? []) h.thawEngine();
  await e2e?.stop();
});

const total = (copies: Map<string, Copy[]>) => [...copies.values()].reduce((n, l) => n + l.length, 0);
const doubled = (copies: Map<string, Copy[]>) =>
  [...copies].filter(([, l]) => l.length > 1).map(([k, l]) => `${k} on ${l.map((c) => c.host).join('+')}`);

async function nodeOf(name: string): Promise<any> {
  return (await e2e.nodes()).find((n) => n.name === name);
}

async function waitForNotReady(host: TestHost, message: RegExp): Promise<any> {
  return waitFor(
    `${host.name} NOT_READY with ENGINE_DOWN`,
    async () => {
      const n = await nodeOf(host.name);
      const c = (n?.conditions ?? []).find((x: any) => x.type === 'ENGINE_DOWN');
      return n?.state === 'NOT_READY' && c && message.test(c.message) ? n : undefined;
    },
    15_000,
    200,
  );
}

/**
 * What is wrong with the workloads' containers right now ('' when nothing): a running copy that is
 * not its replica's current one (stale), a replica running twice, fewer running than desired.
 * A voluntary move's new copy is a replica of its own, so a spread onto the returned host is fine.
 */
async function problems(workloads: Record<string, number>): Promise<string> {
  const out: string[] = [];
  for (const [name, want] of Object.entries(workloads)) {
    const w = await e2e.ok('GetWorkload', { name });
    // Proto3 JSON leaves zeros out: replica 0 has no id field.
    const current = new Set(w.status.replicas.map((r: any) => `${name}/${r.id ?? 0}@${r.epoch ?? 0}`));
    const copies = await e2e.copies(name);
    for (const [key, list] of copies)
      for (const c of list) if (!current.has(`${key}@${c.epoch}`)) out.push(`stale ${key}@${c.epoch} on ${c.host}`);
    out.push(...doubled(copies).map((d) => `doubled ${d}`));
    if (copies.size < want) out.push(`${name}: ${copies.size} of ${want} running`);
  }
  return out.join('; ');
}

/** READY without conditions, the desired count running and nothing stale, for two seconds on end. */
async function waitForClean(host: TestHost, workloads: Record<string, number>): Promise<void> {
  await waitFor(
    `${host.name} READY again`,
    async () => {
      const n = await nodeOf(host.name);
      return (n?.state === 'READY' && (n.conditions ?? []).length === 0) || undefined;
    },
    30_000,
    200,
  );
  let last = '';
  await waitFor(
    'the desired count running, nothing stale',
    async () => (last = await problems(workloads)) === '' || undefined,
    30_000,
    200,
  ).catch((err: Error) => {
    throw new Error(`${err.message}: ${last}`);
  });
  await sleep(2000);
  expect(await problems(workloads), 'still clean two seconds later').toBe('');
}

describe('a host whose Docker engine stops or freezes while its agent runs', () => {
  it('stopped (SIGTERM): NOT_READY at once, replicas elsewhere in time, READY and clean once it is back', async () => {
    await e2e.ok('ApplyWorkload', { workload: spec('web', { replicas: 3, command: SERVICE_COMMAND }) });
    const w = await e2e.waitForWorkload('web', (x) => x.status.running === 3, '3 running');
    const host = e2e.cluster.host(w.status.replicas[0].node);
    const onHost = w.status.replicas.filter((r: any) => r.node === host.name).length;

    const stoppedAt = Date.now();
    await host.stopEngine();
    const node = await waitForNotReady(host, /.+/);
    console.log(`stopped engine: NOT_READY after ${Date.now() - stoppedAt} ms (${node.conditions[0].message})`);
    const events = (await e2e.ok('ListEvents', { node: host.name })).events ?? [];
    expect(events.map((e: any) => e.type)).toContain('node.engine-down');

    const replacedMs = (await e2e.waitForReplicasOff('web', host, 3, REPLACED_WITHIN_MS + 10_000)) - stoppedAt;
    console.log(`stopped engine: ${onHost} replica(s) running elsewhere after ${replacedMs} ms`);
    expect(replacedMs).toBeLessThanOrEqual(REPLACED_WITHIN_MS);
    const lost = ((await e2e.ok('ListEvents', { workload: 'web' })).events ?? []).filter(
      (e: any) => e.type === 'replica.lost',
    );
    expect(lost[0]?.message).toMatch(new RegExp(`engine on node ${host.name} does not answer`));

    // Same data root: the old containers are there, exited, with their replaced epochs.
    await host.startDocker();
    await waitForClean(host, { web: 3 });
    const after = ((await e2e.ok('ListEvents', { node: host.name })).events ?? []).map((e: any) => e.type);
    expect(after).toContain('node.engine-up');
    expect((await e2e.containers(host, 'web')).filter((c) => c.State === 'running').length).toBeLessThanOrEqual(1);
    await e2e.ok('DeleteWorkload', { name: 'web' });
    await waitFor('web gone', async () => (total(await e2e.copies('web')) === 0 ? true : undefined), 30_000);
  });

  it('frozen (SIGSTOP): heartbeats go on, replicas re-placed, the frozen copies killed, an at-most-one never twice', async () => {
    await e2e.ok('ApplyWorkload', { workload: spec('solo', { command: SERVICE_COMMAND, disconnect: 'stop' }) });
    const s = await e2e.waitForWorkload('solo', (x) => x.status.running === 1, 'running');
    const host = e2e.cluster.host(s.status.replicas[0].node);
    await e2e.ok('ApplyWorkload', { workload: spec('web2', { replicas: 3, command: SERVICE_COMMAND }) });
    await e2e.waitForWorkload('web2', (x) => x.status.running === 3, '3 running');

    // What runs on the host, with the pid of each, before its engine can no longer be asked.
    const before = new Map<string, { key: string; pid: number }>();
    for (const c of await e2e.containers(host)) {
      if (c.State !== 'running') continue;
      const info = await host.docker.getContainer(c.Id).inspect();
      before.set(c.Id, { key: `${c.Labels[LABEL_WORKLOAD]}/${c.Labels[LABEL_REPLICA]}`, pid: info.State.Pid });
    }
    const soloOnHost = [...before].filter(([, v]) => v.key === 'solo/0').map(([id]) => id);
    const web2OnHost = [...before].filter(([, v]) => v.key.startsWith('web2/')).map(([id]) => id);
    expect(soloOnHost).toHaveLength(1);
    expect(web2OnHost.length, 'spread put a web2 replica on the host').toBeGreaterThan(0);

    // Copies of solo across all engines. The host whose engine froze is judged by its cgroups,
    // where the processes are: frozen, its engine cannot be asked, and just thawed it still
    // reports as running, for a moment, what was killed while it slept.
    const soloCopies = async (): Promise<string[]> => {
      const copies = [...(await e2e.copies('solo')).values()].flat();
      const where = copies.filter((c) => c.host !== host.name).map((c) => c.host);
      const ids = new Set([...soloOnHost, ...copies.filter((c) => c.host === host.name).map((c) => c.containerId)]);
      const live = await host.containerPids();
      if ([...ids].some((id) => live.has(id))) where.push(host.name);
      return where;
    };
    const sampler = new Sampler(soloCopies, 100, 120_000);
    const heartbeats = new Sampler(async () => {
      const n = await nodeOf(host.name);
      return { state: n?.state as string, lastHeartbeat: n?.lastHeartbeat as string };
    }, 500);

    const frozenAt = Date.now();
    host.signalEngine('SIGSTOP');
    try {
      const node = await waitForNotReady(host, /timed out/);
      console.log(`frozen engine: NOT_READY after ${Date.now() - frozenAt} ms (${node.conditions[0].message})`);

      const replacedMs = (await e2e.waitForReplicasOff('web2', host, 3, REPLACED_WITHIN_MS + 10_000)) - frozenAt;
      console.log(`frozen engine: web2 running elsewhere after ${replacedMs} ms`);
      expect(replacedMs).toBeLessThanOrEqual(REPLACED_WITHIN_MS);

      // The replaced copies' processes are gone though their engine is frozen.
      await waitFor(
        'the frozen engine’s replaced web2 containers killed',
        async () => {
          const live = await host.containerPids();
          return web2OnHost.every((id) => !live.has(id)) || undefined;
        },
        10_000,
        200,
      );
      for (const id of web2OnHost) expect(processAlive(before.get(id)!.pid), `pid of ${id.slice(0, 12)}`).toBe(false);

      // The at-most-one replica moves only once its copy here is gone.
      await waitFor(
        'solo running off the frozen host',
        async () => ((await soloCopies()).some((h) => h !== host.name) ? true : undefined),
        30_000,
        100,
      );
      console.log(`frozen engine: solo running elsewhere after ${Date.now() - frozenAt} ms`);
      expect(processAlive(before.get(soloOnHost[0])!.pid)).toBe(false);
    } finally {
      host.signalEngine('SIGCONT');
    }
    const thawedAt = Date.now();
    await waitForClean(host, { web2: 3, solo: 1 });
    console.log(`frozen engine: READY and clean ${Date.now() - thawedAt} ms after SIGCONT`);

    const samples = await sampler.stop();
    const hb = await heartbeats.stop();
    // A probe that asked the engine just as it froze waits out the per-engine timeout (5 s);
    // every later one sees the frozen host through its cgroups.
    expect(sampler.errors.filter((e) => e.at > frozenAt + 5500)).toEqual([]);
    expect(hb.filter((x) => x.at > frozenAt + 500 && x.at < frozenAt + 5500).length).toBeGreaterThan(0);
    expect(samples.length).toBeGreaterThan(30);
    // No blind spell once the frozen host is watched through its cgroups.
    const later = samples.filter((x) => x.at > frozenAt + 5500);
    const gaps = later.slice(1).map((x, i) => x.at - later[i].at);
    expect(Math.max(...gaps), 'longest gap between samples (ms)').toBeLessThan(1500);
    const over = samples.filter((x) => x.value.length > 1).map((x) => `${x.value.join('+')} at +${x.at - frozenAt} ms`);
    expect(over, 'samples with two copies of the at-most-one workload running').toEqual([]);

    // The agent kept heartbeating: never DOWN, and its heartbeat time kept moving while frozen.
    expect(hb.filter((x) => x.value.state === 'DOWN')).toEqual([]);
    const whileFrozen = hb.filter((x) => x.at > frozenAt && x.at < thawedAt).map((x) => x.value.lastHeartbeat);
    expect(new Set(whileFrozen).size).toBeGreaterThan(5);
  });
});

/** Running (not a zombie). The test runs in the host's pid namespace, as the engines do. */
function processAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}
