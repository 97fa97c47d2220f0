// Rolling updates on real engines, sampled every 100 ms through the API: a roomy cluster with
// maxSurge 1 and maxUnavailable 0 never has fewer than 3 replicas running and ready, and a full
// one (3 replicas that fill 3 hosts) rolls one at a time, never fewer than 2. The workloads have
// no health check (ready once running); health-gated rollouts are in services.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../client';
import { waitFor } from '../hosts';
import { E2E, SERVICE_COMMAND, spec } from './fixture';
import { Sampler } from './sampler';

let e2e: E2E;
let api: ApiClient;

beforeAll(async () => {
  e2e = await E2E.start({
    hosts: 3,
    agentArgs: () => ['--capacity-cpu-millis', '1000'],
    controlPlaneArgs: ['--rebalance', 'off'],
  });
  api = apiClient(e2e.target, e2e.dbDir);
});

afterAll(async () => {
  api?.close();
  await e2e?.stop();
});

interface Seen {
  ready: number;
  generation: number;
  state: string;
}

/** Ready replicas as GetWorkload shows them (what endpoints are made of), and the rollout's state. */
async function seen(name: string): Promise<Seen> {
  const w = await api.call('GetWorkload', { name }, 2_000);
  return { ready: w.status.ready, generation: Number(w.generation), state: w.status.rollout.state };
}

const rolledOut = (generation: number) => (w: any) =>
  Number(w.generation) === generation &&
  w.status.rollout.state === 'complete' &&
  w.status.replicas.filter((r: any) => r.state !== 'STOPPING').every((r: any) => Number(r.generation) === generation);

/** Applies `next`, samples until the rollout to generation 2 is complete, and returns the samples. */
async function rollingUpdate(name: string, next: Record<string, unknown>, timeoutMs: number): Promise<Seen[]> {
  const sampler = new Sampler(() => seen(name), 100, timeoutMs + 10_000);
  try {
    const applied = await e2e.ok('ApplyWorkload', { workload: next });
    expect(Number(applied.generation)).toBe(2);
    await e2e.waitForWorkload(name, rolledOut(2), 'rolled out to generation 2', timeoutMs);
    // A few samples after the end, so that a drop at the very end would be seen too.
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    await sampler.stop();
  }
  expect(sampler.errors).toEqual([]);
  return sampler.samples.map((s) => s.value);
}

describe('rolling updates', () => {
  it('with maxSurge 1 and maxUnavailable 0 never has fewer than 3 ready on a roomy cluster', async () => {
    const base = spec('roomy', {
      replicas: 3,
      command: SERVICE_COMMAND,
      network: 'none',
      update: { maxSurge: 1, maxUnavailable: 0 },
    });
    await e2e.ok('ApplyWorkload', { workload: base });
    await e2e.waitForWorkload('roomy', (w) => w.status.ready === 3, '3 ready', 60_000);

    const samples = await rollingUpdate('roomy', { ...base, env: { VERSION: '2' } }, 90_000);
    expect(samples.length).toBeGreaterThan(10);
    expect(Math.min(...samples.map((s) => s.ready))).toBeGreaterThanOrEqual(3);
    // The samples did see the rollout under way, not only its two ends.
    expect(samples.some((s) => s.state === 'progressing')).toBe(true);
    // The engines agree: once the old copies have drained (the drain delay, then SIGTERM), 3
    // containers of the workload run.
    await waitFor(
      'the old copies gone from the engines',
      async () => ((await e2e.copies('roomy')).size === 3 ? true : undefined),
      30_000,
    );
    await e2e.ok('DeleteWorkload', { name: 'roomy' });
  });

  it('rolls a workload that fills every host one at a time, never fewer than 2 ready', async () => {
    await waitForEmpty();
    // `sleep` as PID 1 ignores SIGTERM: each old container takes its whole stop grace period,
    // as in the run that once dropped to 0 of 3.
    const base = spec('full', {
      replicas: 3,
      network: 'none',
      resources: { cpuMillis: 700, memoryBytes: String(32 << 20) },
    });
    await e2e.ok('ApplyWorkload', { workload: base });
    const placed = await e2e.waitForWorkload('full', (w) => w.status.ready === 3, '3 ready', 60_000);
    expect(new Set(placed.status.replicas.map((r: any) => r.node)).size).toBe(3);

    const samples = await rollingUpdate('full', { ...base, env: { VERSION: '2' } }, 120_000);
    const lowest = Math.min(...samples.map((s) => s.ready));
    expect(lowest).toBeGreaterThanOrEqual(2);
    // No surge copy fits anywhere, so it did go below 3 for a while: one replaced in place at a time.
    expect(lowest).toBe(2);
    const events = await e2e.ok('ListEvents', { workload: 'full', limit: 200 });
    const inPlace = events.events.filter(
      (e: any) => e.type === 'replica.updated' && /in place: no room for a surge copy/.test(e.message),
    );
    expect(inPlace.length).toBe(3);
  });
});

/** Every container of the first test is gone from the engines (its room is free again). */
async function waitForEmpty(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await e2e.runningCount('roomy')) === 0) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('the first workload still runs containers after 30 s');
}
