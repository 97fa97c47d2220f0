// Issue "a host drops", the rebalancing half, end to end with the default settings: after a lost
// host returns the cluster spreads itself again, drains empty a host, and cordons hold, all
// without the running count ever dipping below what the workload asks for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../hosts';
import { E2E, SERVICE_COMMAND, spec } from './fixture';
import { Sampler } from './sampler';

let e2e: E2E;

beforeAll(async () => {
  e2e = await E2E.start({ hosts: 3 });
  await e2e.ok('ApplyWorkload', { workload: spec('web', { replicas: 3, command: SERVICE_COMMAND }) });
  await e2e.waitForWorkload('web', (w) => w.status.running === 3, '3 running');
});

afterAll(async () => {
  await e2e?.stop();
});

/** Running containers of `web` per host, e.g. {h1: 1, h2: 1, h3: 1}, all engines included. */
async function perHost(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [host, list] of await e2e.running('web')) out[host] = list.length;
  return out;
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** Samples every 200 ms; the lowest running count seen, and when. */
function lowest(sampler: Sampler<Record<string, number>>, since: number): string {
  const low = sampler.since(since).reduce((a, s) => (sum(s.value) < sum(a.value) ? s : a));
  return `${sum(low.value)} at +${low.at - since} ms (${JSON.stringify(low.value)})`;
}

const spread = (c: Record<string, number>) => c.h1 === 1 && c.h2 === 1 && c.h3 === 1;

describe('rebalancing', () => {
  it('spreads out again after a lost host returns, never running fewer than desired', async () => {
    expect(await perHost()).toEqual({ h1: 1, h2: 1, h3: 1 });
    const h1 = e2e.cluster.host('h1');
    const sampler = new Sampler(perHost);
    await h1.cut();
    const doubled = await waitFor(
      'the lost replica doubled up on h2 or h3',
      async () => {
        const c = await perHost();
        return c.h2 + c.h3 === 3 ? c : undefined;
      },
      20_000,
      200,
    );
    console.log(`while h1 is cut: ${JSON.stringify(doubled)}`);
    const healAt = Date.now();
    await h1.heal();
    await waitFor(
      'one replica per host again',
      async () => {
        const w = await e2e.ok('GetWorkload', { name: 'web' });
        return (spread(await perHost()) && w.status.replicas.length === 3) || undefined;
      },
      45_000,
      200,
    );
    console.log(`spread again ${((Date.now() - healAt) / 1000).toFixed(1)} s after heal`);
    await sampler.stop();
    expect(sampler.errors).toEqual([]);
    const during = sampler.since(healAt);
    expect(during.length).toBeGreaterThan(3);
    const below = during.filter((s) => sum(s.value) < 3);
    expect(below, `lowest: ${lowest(sampler, healAt)}`).toEqual([]);
    // Moves are start-before-stop, so the count rises above 3 for a moment but settles at 3.
    expect(sum(await perHost())).toBe(3);
  });

  it('drains a host without dropping below the desired count', async () => {
    const before = await e2e.snapshot('web');
    const sampler = new Sampler(perHost);
    const startAt = Date.now();
    await e2e.ok('DrainNode', { name: 'h1' });
    await waitFor(
      'h1 empty, 3 running elsewhere',
      async () => {
        const c = await perHost();
        return (c.h1 === 0 && c.h2 + c.h3 === 3) || undefined;
      },
      30_000,
      200,
    );
    await sampler.stop();
    expect(sampler.errors).toEqual([]);
    expect(
      sampler.samples.filter((s) => sum(s.value) < 3),
      `lowest: ${lowest(sampler, startAt)}`,
    ).toEqual([]);
    // Only h1's replica moved.
    const after = await e2e.snapshot('web');
    expect([...before.keys()].filter((id) => !after.has(id))).toHaveLength(1);
    const node = (await e2e.nodes()).find((n) => n.name === 'h1');
    expect(node.draining).toBe(true);
  });

  it('a cordoned host receives nothing new, and keeps what it runs', async () => {
    await e2e.ok('UncordonNode', { name: 'h1' });
    // Uncordoning lets the cluster spread onto h1 again; let that finish before the cordon.
    await waitFor(
      'spread again after the drain',
      async () => {
        const w = await e2e.ok('GetWorkload', { name: 'web' });
        return (spread(await perHost()) && w.status.replicas.length === 3) || undefined;
      },
      30_000,
      200,
    );
    await e2e.ok('CordonNode', { name: 'h3' });
    const onH3 = (await e2e.running('web', [e2e.cluster.host('h3')])).get('h3')!.map((c) => c.Id);
    await e2e.ok('ScaleWorkload', { name: 'web', replicas: 6 });
    await e2e.waitForWorkload('web', (w) => w.status.running === 6 && w.status.replicas.length === 6, '6 running');
    // Give automatic rebalancing a few of its intervals to try something it must not.
    await new Promise((r) => setTimeout(r, 5000));
    const h3Now = (await e2e.running('web', [e2e.cluster.host('h3')])).get('h3')!.map((c) => c.Id);
    expect(h3Now).toEqual(onH3);
    const w = await e2e.ok('GetWorkload', { name: 'web' });
    expect(w.status.replicas.filter((r: any) => r.node === 'h3')).toHaveLength(onH3.length);
    expect(sum(await perHost())).toBe(6);
    await e2e.ok('UncordonNode', { name: 'h3' });
  });

  it('drains an at-most-one replica stop-before-start: never two copies, even for a moment', async () => {
    await e2e.ok('ApplyWorkload', { workload: spec('solo', { command: SERVICE_COMMAND, disconnect: 'stop' }) });
    const first = await e2e.waitForWorkload('solo', (w) => w.status.running === 1, 'running');
    const from = first.status.replicas[0].node as string;
    const copies = async () => [...(await e2e.copies('solo')).values()].reduce((n, list) => n + list.length, 0);
    const sampler = new Sampler(copies, 100, 60_000);
    try {
      await e2e.ok('DrainNode', { name: from });
      await waitFor(
        'solo running on another host',
        async () => {
          const w = await e2e.ok('GetWorkload', { name: 'solo' });
          return (w.status.running === 1 && w.status.replicas[0].node !== from) || undefined;
        },
        45_000,
        200,
      );
    } finally {
      await sampler.stop();
      await e2e.ok('UncordonNode', { name: from });
    }
    expect(sampler.errors).toEqual([]);
    expect(sampler.samples.length).toBeGreaterThan(3);
    expect(sampler.samples.filter((s) => s.value > 1)).toEqual([]);
    const onEngines = await e2e.running('solo');
    expect(onEngines.get(from)).toEqual([]);
    expect(await e2e.runningCount('solo')).toBe(1);
  });
});
