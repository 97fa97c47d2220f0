// A service end to end on three real engines: an httpd workload on the hosts' network with a
// dynamic port and an http health check is listed by ListEndpoints (sent with buf curl) and every
// endpoint answers; a drained host's replica leaves the set the drain delay before its SIGTERM; a
// healthy update never has fewer than 3 ready endpoints; a rolling update is gated by that check (a new spec whose check never passes
// stops after its first new replica, fails at its progress deadline and rolls back by itself,
// never leaving fewer than 3 ready endpoints); a fixed port on every host with maxUnavailable 0
// stalls with a reason, and with the defaults rolls with at most one endpoint missing. Every
// request goes to a test host's address, bounded in count and time.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CP, bufCurl } from '../buf';
import { sleep, waitFor } from '../hosts';
import { E2E, spec, watchSigterms } from './fixture';
import { Sampler } from './sampler';

let e2e: E2E;

beforeAll(async () => {
  e2e = await E2E.start({ hosts: 3, controlPlaneArgs: ['--rebalance', 'off'] });
}, 180_000);

afterAll(async () => {
  await e2e?.stop();
});

/** One GET with a 2 s bound: the status code, or 0 when nothing answered. */
function get(address: string, port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: address, port, path, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

interface Endpoint {
  replica: number;
  node: string;
  address: string;
  port: number;
  portName: string;
}

async function endpoints(name: string): Promise<Endpoint[]> {
  const r = await e2e.ok('ListEndpoints', { name });
  return (r.endpoints ?? []) as Endpoint[];
}

/** httpd on the port the agent names; ready once GET /etc/hostname answers. */
const service = (name: string, extra: Record<string, unknown> = {}) =>
  spec(name, {
    replicas: 3,
    network: 'host',
    ports: [{ name: 'http' }],
    command: ['httpd', '-f', '-p', '$(COXSWAIN_PORT_HTTP)'],
    health: { http: { port: 'http', path: '/etc/hostname' }, interval: '500ms', timeout: '1s', failureThreshold: 3 },
    ...extra,
  });

describe('a service on three hosts', () => {
  it('lists three endpoints with buf curl, one per host, and each answers 200', async () => {
    await e2e.ok('ApplyWorkload', { workload: service('web') });
    await waitFor('3 ready endpoints', async () => ((await endpoints('web')).length === 3 ? true : undefined), 60_000);
    const listed = await bufCurl(e2e.target, `${CP}/ListEndpoints`, { name: 'web' }, { tls: e2e.tls });
    expect(listed.ok).toBe(true);
    const eps = (listed.json as { revision: string; endpoints: Endpoint[] }).endpoints;
    expect(Number((listed.json as { revision: string }).revision)).toBeGreaterThan(0);
    expect(eps.map((e) => e.node).sort()).toEqual(['h1', 'h2', 'h3']);
    for (const e of eps) {
      expect(e.address).toBe(e2e.cluster.host(e.node).address);
      expect(e.portName).toBe('http');
      expect(e.port).toBeGreaterThanOrEqual(20000);
      expect(await get(e.address, e.port, '/etc/hostname')).toBe(200);
    }
  });

  it('drains a host: its replica leaves ListEndpoints at least the drain delay before its SIGTERM', async () => {
    const h1 = e2e.cluster.host('h1');
    const w = await e2e.ok('GetWorkload', { name: 'web' });
    const victim = w.status.replicas.find((r: any) => r.node === 'h1').containerId as string;
    const sigterms = await watchSigterms(h1, victim);
    const kills = sigterms.times;
    // When the drained replica was last seen in the set, sampled every 100 ms.
    let lastSeen = 0;
    const sampler = new Sampler(
      async () => {
        const onH1 = (await endpoints('web')).some((e) => e.node === 'h1');
        if (onH1) lastSeen = Date.now();
        return onH1;
      },
      100,
      60_000,
    );
    try {
      await e2e.ok('DrainNode', { name: 'h1' });
      await waitFor('SIGTERM to the drained replica', async () => kills.length > 0 || undefined, 30_000, 50);
    } finally {
      await sampler.stop();
      sigterms.stop();
    }
    expect(sampler.errors).toEqual([]);
    // The sampler saw it last at most 100 ms (one sample) before it really left the set.
    expect(kills[0] - lastSeen).toBeGreaterThanOrEqual(2000 - 150);
    // Moved, start-before-stop: three endpoints again, none on h1.
    await waitFor(
      '3 endpoints off h1',
      async () => {
        const eps = await endpoints('web');
        return eps.length === 3 && eps.every((e) => e.node !== 'h1') ? true : undefined;
      },
      60_000,
    );
    await e2e.ok('UncordonNode', { name: 'h1' });
    await e2e.ok('DeleteWorkload', { name: 'web' });
  });

  it('stops a rollout whose check never passes, fails it at the deadline and rolls back, never below 3 ready', async () => {
    const base = service('gated', {
      update: { maxSurge: 1, maxUnavailable: 0, progressDeadline: '8s', autoRollback: true },
    });
    await e2e.ok('ApplyWorkload', { workload: base });
    await waitFor(
      '3 ready endpoints',
      async () => ((await endpoints('gated')).length === 3 ? true : undefined),
      60_000,
    );
    // A healthy update first: surge one, retire one once the new one is ready; never below 3.
    const healthy = new Sampler(async () => (await endpoints('gated')).length, 100, 90_000);
    try {
      await e2e.ok('ApplyWorkload', { workload: { ...base, env: { VERSION: '2' } } });
      await e2e.waitForWorkload(
        'gated',
        (w) =>
          Number(w.generation) === 2 &&
          w.status.rollout.state === 'complete' &&
          w.status.replicas.every((r: any) => Number(r.generation) === 2),
        'rolled out to generation 2',
        90_000,
      );
      await sleep(500);
    } finally {
      await healthy.stop();
    }
    expect(healthy.errors).toEqual([]);
    expect(healthy.samples.length).toBeGreaterThan(10);
    expect(Math.min(...healthy.samples.map((x) => x.value))).toBeGreaterThanOrEqual(3);

    const sampler = new Sampler(async () => (await endpoints('gated')).length, 100, 90_000);
    try {
      // Generation 3 checks a path httpd does not serve: its replicas never become ready.
      const broken = service('gated', {
        update: { maxSurge: 1, maxUnavailable: 0, progressDeadline: '8s', autoRollback: true },
        health: {
          http: { port: 'http', path: '/no-such-file' },
          interval: '500ms',
          timeout: '1s',
          failureThreshold: 3,
        },
      });
      const applied = await e2e.ok('ApplyWorkload', { workload: broken });
      expect(Number(applied.generation)).toBe(3);
      // Rolled back: a new generation (4) with generation 2's check, every replica on it and ready.
      const back = await e2e.waitForWorkload(
        'gated',
        (w) =>
          Number(w.generation) === 4 &&
          w.spec.health?.http?.path === '/etc/hostname' &&
          w.status.ready === 3 &&
          w.status.replicas.filter((r: any) => r.state !== 'STOPPING').every((r: any) => Number(r.generation) === 4),
        'rolled back to the working spec as generation 4',
        60_000,
      );
      expect(back.status.replicas.filter((r: any) => r.state !== 'STOPPING')).toHaveLength(3);
      await sleep(500);
    } finally {
      await sampler.stop();
    }
    expect(sampler.errors).toEqual([]);
    expect(Math.min(...sampler.samples.map((s) => s.value))).toBeGreaterThanOrEqual(3);
    const events = (await e2e.ok('ListEvents', { workload: 'gated', limit: 500 })).events as any[];
    expect(events.some((e) => e.type === 'rollout.failed')).toBe(true);
    // Only one new replica was tried: the rollout does not go on past a copy that never gets ready.
    const history = await e2e.ok('ListGenerations', { name: 'gated' });
    expect(history.generations[0].cause).toMatch(/automatic rollback/);
    await e2e.ok('DeleteWorkload', { name: 'gated' });
  });

  it('stalls a fixed port on every host with maxUnavailable 0, and rolls it with the defaults', async () => {
    await waitFor('gated gone', async () => ((await e2e.runningCount('gated')) === 0 ? true : undefined), 60_000);
    const fixed = (extra: Record<string, unknown>) =>
      service('fixed', { ports: [{ name: 'http', hostPort: 20999 }], ...extra });
    await e2e.ok('ApplyWorkload', { workload: fixed({ update: { maxSurge: 1, maxUnavailable: 0 } }) });
    await waitFor('3 ready', async () => ((await endpoints('fixed')).length === 3 ? true : undefined), 60_000);
    await e2e.ok('ApplyWorkload', { workload: fixed({ update: { maxSurge: 1, maxUnavailable: 0 }, env: { V: '2' } }) });
    const stalled = await e2e.waitForWorkload('fixed', (w) => w.status.rollout.state === 'stalled', 'stalled', 30_000);
    expect(stalled.status.rollout.message).toMatch(/20999/);
    expect((await endpoints('fixed')).length).toBe(3);

    const sampler = new Sampler(async () => (await endpoints('fixed')).length, 100, 120_000);
    try {
      await e2e.ok('ApplyWorkload', { workload: fixed({ env: { V: '3' } }) });
      await e2e.waitForWorkload(
        'fixed',
        (w) =>
          w.status.rollout.state === 'complete' &&
          w.status.ready === 3 &&
          w.status.replicas.every((r: any) => Number(r.generation) === Number(w.generation)),
        'rolled out with the defaults',
        120_000,
      );
      await sleep(500);
    } finally {
      await sampler.stop();
    }
    expect(sampler.errors).toEqual([]);
    expect(Math.min(...sampler.samples.map((s) => s.value))).toBeGreaterThanOrEqual(2);
  });
});
