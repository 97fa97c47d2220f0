// Issue "a control-plane restart does not stop singletons", end to end on real engines: the
// control plane is killed with SIGKILL, as a crash is, and started again 5 s later on the same
// database with the same flags, as systemd's Restart=always does. Nothing that ran before may
// notice: no at-most-one copy stopped by its agent's fence, no container restarted, replaced or
// doubled, no node judged DOWN. The containers ignore SIGTERM (`sleep` as PID 1), so any stop
// would show as a container gone or started anew.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_REPLICA, LABEL_WORKLOAD } from '@coxswain/shared';
import { sleep, waitFor } from '../hosts';
import { E2E, spec } from './fixture';
import { Sampler } from './sampler';

const KEEP = 5;
const SOLO = 3;
/** The control plane's default at-most-one fence: the sampling must outlast it after the kill. */
const SINGLETON_FENCE_MS = 15_000;
const DOWN_FOR_MS = 5_000;

let e2e: E2E;

beforeAll(async () => {
  e2e = await E2E.start({ hosts: 3 });
  await e2e.ok('ApplyWorkload', { workload: spec('many', { replicas: KEEP, command: ['sleep', '3600'] }) });
  await e2e.ok('ApplyWorkload', {
    workload: spec('solo', { replicas: SOLO, command: ['sleep', '3600'], disconnect: 'stop' }),
  });
  await e2e.waitForWorkload('many', (w) => w.status.running === KEEP, `${KEEP} running`);
  await e2e.waitForWorkload('solo', (w) => w.status.running === SOLO, `${SOLO} running`);
});

afterAll(async () => {
  await e2e?.stop();
});

/** Every running Coxswain container on every engine: "host workload/replica id", sorted. */
async function runningEverywhere(): Promise<string[]> {
  const out: string[] = [];
  for (const [host, list] of await e2e.running())
    for (const c of list)
      out.push(`${host} ${c.Labels[LABEL_WORKLOAD]}/${c.Labels[LABEL_REPLICA]} ${c.Id.slice(0, 12)}`);
  return out.sort();
}

async function lastSeq(): Promise<number> {
  const { events } = await e2e.ok('ListEvents', { limit: 1 });
  return Number(events?.[0]?.seq ?? 0);
}

describe('a control-plane restart', () => {
  it('kill -9 and a restart 5 s later stop, restart, move or double nothing', async () => {
    const before = { many: await e2e.snapshot('many'), solo: await e2e.snapshot('solo') };
    expect(before.many.size).toBe(KEEP);
    expect(before.solo.size).toBe(SOLO);
    const initial = await runningEverywhere();
    expect(initial).toHaveLength(KEEP + SOLO);
    const seqBefore = await lastSeq();

    const sampler = new Sampler(runningEverywhere, 150);
    const killedAt = Date.now();
    await e2e.killControlPlane();
    await sleep(Math.max(0, killedAt + DOWN_FOR_MS - Date.now()));
    const restartedAt = Date.now();
    await e2e.startControlPlane();
    await e2e.waitForNodes(3, 15_000);
    console.log(`restart: control plane serving again after ${Date.now() - killedAt} ms, 3 nodes READY`);
    // Past the agents' fence counted from the kill, and past the first lease the restarted
    // control plane gives the nodes: whatever either would do, it has done by then.
    await sleep(Math.max(0, restartedAt + SINGLETON_FENCE_MS + 5_000 - Date.now()));
    const samples = await sampler.stop();

    expect(sampler.errors).toEqual([]);
    // Every 150 ms as asked; a loaded machine may stretch a probe, but not beyond 400 ms on average.
    expect(samples.length).toBeGreaterThan((Date.now() - killedAt) / 400);
    const changed = samples
      .filter((s) => s.value.join('\n') !== initial.join('\n'))
      .map((s) => `+${s.at - killedAt} ms: ${s.value.join(', ')}`);
    expect(changed.slice(0, 5), 'samples whose running containers differ from those before the kill').toEqual([]);
    expect(await e2e.snapshot('many'), 'same containers, same StartedAt').toEqual(before.many);
    expect(await e2e.snapshot('solo'), 'same at-most-one containers, same StartedAt').toEqual(before.solo);

    for (const [name, agent] of e2e.agents)
      expect(agent.log(), `${name}'s agent stopped nothing by its fence`).not.toMatch(/stopped at-most-one container/);
    const { events } = await e2e.ok('ListEvents', { limit: 1000 });
    const after = (events as any[])
      .filter((e) => Number(e.seq) > seqBefore)
      .map((e) => `${e.type} ${e.node ?? ''} ${e.workload ?? ''}`);
    expect(
      after.filter((e) => /^node\.down|^replica\.(lost|scheduled|moving|stopped|exited|restarted|pending)/.test(e)),
    ).toEqual([]);
    expect((await e2e.nodes()).map((n) => `${n.name}:${n.state}`).sort()).toEqual(['h1:READY', 'h2:READY', 'h3:READY']);
    await waitFor(
      'the restarted control plane counts everything running',
      async () => {
        const many = (await e2e.ok('GetWorkload', { name: 'many' })).status.running;
        const solo = (await e2e.ok('GetWorkload', { name: 'solo' })).status.running;
        return (many === KEEP && solo === SOLO) || undefined;
      },
      5_000,
    );
  });
});
