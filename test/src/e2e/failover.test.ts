// Issue "a host drops", end to end on real engines: replicas of a lost host come back elsewhere
// within seconds, a returning host's stale copies are fenced, at-most-one workloads never run
// twice, and a flapping link inside the lease moves nothing. Voluntary rebalancing is off here so
// that every container change seen is failover's doing (rebalance.test.ts covers moves).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, waitFor, type TestHost } from '../hosts';
import { type Copy, E2E, SERVICE_COMMAND, spec } from './fixture';
import { Sampler } from './sampler';

const REPLICAS = 6;
/** The agents' heartbeat interval (the default): "one heartbeat after reconnect". */
const HEARTBEAT_MS = 1000;

let e2e: E2E;

beforeAll(async () => {
  e2e = await E2E.start({ hosts: 3, controlPlaneArgs: ['--rebalance', 'off'] });
  await e2e.ok('ApplyWorkload', { workload: spec('web', { replicas: REPLICAS, command: SERVICE_COMMAND }) });
  await e2e.waitForWorkload('web', (w) => w.status.running === REPLICAS, `${REPLICAS} running`);
});

afterAll(async () => {
  await e2e?.stop();
});

function total(copies: Map<string, Copy[]>): number {
  let n = 0;
  for (const list of copies.values()) n += list.length;
  return n;
}

function doubled(copies: Map<string, Copy[]>): string[] {
  return [...copies]
    .filter(([, list]) => list.length > 1)
    .map(([k, list]) => `${k} on ${list.map((c) => c.host).join('+')}`);
}

/** Running containers outside `lost`, before a failover, to check later that none was touched. */
async function bystanders(workload: string, lost: TestHost): Promise<Map<string, string>> {
  const all = await e2e.snapshot(workload);
  const onLost = new Set((await e2e.containers(lost, workload)).map((c) => c.Id));
  return new Map([...all].filter(([id]) => !onLost.has(id)));
}

async function expectUntouched(before: Map<string, string>): Promise<void> {
  const after = await e2e.snapshot('web');
  for (const [id, startedAt] of before)
    expect(after.get(id), `container ${id.slice(0, 12)} kept running untouched`).toBe(startedAt);
}

/** After a host returns: fenced within one heartbeat of its reconnect, and never doubled after. */
async function expectFencedAfterReconnect(
  sampler: Sampler<Map<string, Copy[]>>,
  host: TestHost,
  since: number,
): Promise<void> {
  await waitFor(
    'no stale copy left',
    async () => {
      const copies = await e2e.copies('web');
      return (total(copies) === REPLICAS && doubled(copies).length === 0) || undefined;
    },
    30_000,
    100,
  );
  const reconnected = await waitFor(
    `${host.name} reconnected`,
    async () => (await e2e.nodeState(host.name)) === 'READY' && e2e.reconnectedAt(host.name, since),
    30_000,
    100,
  );
  // Keep watching a while, for a stale copy that comes back or a fencing that undoes itself.
  await sleep(Math.max(2000, reconnected + HEARTBEAT_MS + 3000 - Date.now()));
  await sampler.stop();
  const after = sampler.since(reconnected + HEARTBEAT_MS);
  expect(after.length).toBeGreaterThan(5);
  for (const s of after) {
    expect(doubled(s.value), `doubled ${s.at - reconnected} ms after reconnect`).toEqual([]);
    expect(total(s.value), `running ${s.at - reconnected} ms after reconnect`).toBeLessThanOrEqual(REPLICAS);
  }
  // Before the host returned, its engine may have been dying under a probe; after, nothing may fail.
  expect(sampler.errors.filter((e) => e.at >= since)).toEqual([]);
}

describe('a host drops', () => {
  it('cut off: its replicas run elsewhere within seconds; on return its stale copies are stopped', async () => {
    const h1 = e2e.cluster.host('h1');
    const before = await bystanders('web', h1);
    const onH1 = (await e2e.running('web', [h1])).get('h1')!.length;
    expect(onH1).toBeGreaterThan(0);
    const sampler = new Sampler(() => e2e.copies('web'));
    const cutAt = Date.now();
    await h1.cut();
    const seconds = ((await e2e.waitForReplicasOff('web', h1, REPLICAS, 20_000)) - cutAt) / 1000;
    console.log(`cut: every replica running elsewhere after ${seconds.toFixed(2)} s`);
    expect(seconds).toBeLessThan(8);
    expect(await e2e.nodeState('h1')).toBe('DOWN');
    // The cut host's agent and containers live on: availability wins for "disconnect": "keep".
    expect((await e2e.running('web', [h1])).get('h1')!.length).toBe(onH1);

    const healAt = Date.now();
    await h1.heal();
    await expectFencedAfterReconnect(sampler, h1, healAt);
    await expectUntouched(before);
    await e2e.waitForNodes(3);
  });

  it('killed: its replicas run elsewhere; revived, it runs nothing stale', async () => {
    const victim = e2e.cluster.host('h2');
    expect((await e2e.running('web', [victim])).get('h2')!.length).toBeGreaterThan(0);
    const before = await bystanders('web', victim);
    const sampler = new Sampler(() => e2e.copies('web'));
    const killedAt = Date.now();
    await victim.kill();
    const seconds = ((await e2e.waitForReplicasOff('web', victim, REPLICAS, 20_000)) - killedAt) / 1000;
    console.log(`kill: every replica running elsewhere after ${seconds.toFixed(2)} s`);
    expect(seconds).toBeLessThan(8);
    const reviveAt = Date.now();
    await e2e.revive(victim);
    await expectFencedAfterReconnect(sampler, victim, reviveAt);
    await expectUntouched(before);
    // The dead host's old containers are removed, not merely left exited.
    await waitFor(
      'no container left on the revived host',
      async () => (await e2e.containers(victim, 'web')).length === 0 || undefined,
      15_000,
    );
    await e2e.waitForNodes(3);
  });

  it('an at-most-one workload never runs twice across a cut and a heal', async () => {
    await e2e.ok('ApplyWorkload', { workload: spec('solo', { command: SERVICE_COMMAND, disconnect: 'stop' }) });
    const w = await e2e.waitForWorkload('solo', (x) => x.status.running === 1, 'running');
    const host = e2e.cluster.host(w.status.replicas[0].node);
    const count = async () => total(await e2e.copies('solo'));
    const where = async () => [...(await e2e.copies('solo')).values()].flat().map((c) => c.host);
    const sampler = new Sampler(where);
    const cutAt = Date.now();
    await host.cut();
    await waitFor(
      'solo running off the cut host',
      async () => {
        const copies = [...(await e2e.copies('solo')).values()].flat();
        return copies.some((c) => c.host !== host.name) || undefined;
      },
      30_000,
      100,
    );
    console.log(`at-most-one: running elsewhere after ${((Date.now() - cutAt) / 1000).toFixed(2)} s`);
    const healAt = Date.now();
    await host.heal();
    await waitFor(`${host.name} reconnected`, () => e2e.reconnectedAt(host.name, healAt), 30_000, 100);
    await sleep(3000);
    const samples = await sampler.stop();
    expect(sampler.errors).toEqual([]);
    expect(samples.length).toBeGreaterThan(20);
    const over = samples.filter((s) => s.value.length > 1).map((s) => `${s.value.join('+')} at +${s.at - cutAt} ms`);
    expect(over, 'samples with more than one copy running').toEqual([]);
    // How long nobody ran it: the safety margin between the agent's own stop and the restart.
    const lastOld = samples.filter((s) => s.value.includes(host.name) && s.at < healAt).pop()!;
    const firstNew = samples.find((s) => s.value.some((h) => h !== host.name))!;
    console.log(
      `at-most-one: old copy last seen +${lastOld.at - cutAt} ms, new copy first seen +${firstNew.at - cutAt} ms`,
    );
    expect(await count()).toBe(1);
    await e2e.ok('DeleteWorkload', { name: 'solo' });
    // Gone from the engines (after the drain delay) before the next test watches for stops.
    await waitFor('solo gone', async () => (total(await e2e.copies('solo')) === 0 ? true : undefined), 30_000);
  });

  it('a link flapping inside the lease marks no node DOWN and moves or stops nothing', async () => {
    // At-most-one replicas on every host too: their agent must not stop them for a short blip.
    await e2e.ok('ApplyWorkload', {
      workload: spec('guard', { replicas: 3, command: SERVICE_COMMAND, disconnect: 'stop' }),
    });
    await e2e.waitForWorkload('guard', (w) => w.status.running === 3, '3 running');
    await e2e.waitForNodes(3);
    const before = { web: await e2e.snapshot('web'), guard: await e2e.snapshot('guard') };
    expect(before.web.size).toBe(REPLICAS);
    const host = e2e.cluster.host('h3');
    expect((await e2e.running('guard', [host])).get('h3')!.length).toBe(1);
    const events = e2e.call('WatchEvents', {}, { streamForMs: 14_000 });
    await sleep(500);
    for (let i = 0; i < 4; i++) {
      await host.cut();
      await sleep(1000);
      await host.heal();
      await sleep(1000);
    }
    await sleep(4000);
    const seen = ((await events).json as any[]).map((e) => `${e.type} ${e.node ?? ''} ${e.workload ?? ''}`);
    expect(
      seen.filter((e) => /^node\.down|^replica\.(lost|scheduled|moving|stopped|exited|restarted)/.test(e)),
    ).toEqual([]);
    expect((await e2e.nodes()).map((n) => `${n.name}:${n.state}`).sort()).toEqual(['h1:READY', 'h2:READY', 'h3:READY']);
    expect(await e2e.snapshot('web')).toEqual(before.web);
    expect(await e2e.snapshot('guard')).toEqual(before.guard);
  });
});
