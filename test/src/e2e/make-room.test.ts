// Making room on real engines: a new workload that fits no used host moves one running replica
// into another host's gap (start-before-stop) instead of opening an empty host, starts only once
// the moved replica's old container is gone, and ends where the simulator says it would.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_WORKLOAD } from '@coxswain/shared';
import { waitFor } from '../hosts';
import { E2E, SERVICE_COMMAND, spec } from './fixture';
import { Sampler } from './sampler';

const SIMULATOR = path.join(
  path.dirname(require.resolve('@coxswain/control-plane/package.json')),
  'dist',
  'simulate.js',
);
// In file order: big and small share h1 (100 left), mid opens h2 (300 left). fresh (400) fits
// neither; moving small into h2's gap leaves h1 exactly room for it, and h3 stays empty.
const ROWS: [string, number][] = [
  ['big', 600],
  ['small', 300],
  ['mid', 700],
  ['fresh', 400],
];

let e2e: E2E;

beforeAll(async () => {
  e2e = await E2E.start({
    hosts: 3,
    agentArgs: () => ['--capacity-cpu-millis', '1000'],
    // Only the scheduler's own moves are under test.
    controlPlaneArgs: ['--rebalance', 'off'],
  });
});

afterAll(async () => {
  await e2e?.stop();
});

async function simulate(): Promise<{ summary: any; at: Record<string, string> }> {
  const dir = fs.mkdtempSync(path.join(e2e.cluster.dir, 'sim-'));
  fs.writeFileSync(
    path.join(dir, 'nodes.csv'),
    `name,cpu_milli,memory_mib\n${e2e.hosts.map((h) => `${h.name},1000,65536`).join('\n')}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'pods.csv'),
    `name,cpu_milli,memory_mib\n${ROWS.map(([n, cpu]) => `${n},${cpu},32`).join('\n')}\n`,
  );
  const { stdout } = await promisify(execFile)(process.execPath, [
    SIMULATOR,
    '--nodes',
    path.join(dir, 'nodes.csv'),
    '--workloads',
    path.join(dir, 'pods.csv'),
    '--plan',
  ]);
  const summary = JSON.parse(stdout.trim().split('\n').pop()!);
  return { summary, at: Object.fromEntries(summary.placements.map((p: any) => [p.workload, p.node])) };
}

/** Workload -> the hosts its running containers are on, read from the engines. */
async function liveHosts(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [host, list] of await e2e.running())
    for (const c of list) (out[c.Labels[LABEL_WORKLOAD]] ??= []).push(host);
  return out;
}

describe('make room', () => {
  it('moves one running replica instead of opening a host, never overcommits, and agrees with the simulator', async () => {
    const sim = await simulate();
    expect(sim.summary).toMatchObject({ placed: 4, nodesUsed: 2, moves: 1 });
    expect(sim.summary.moved).toEqual([{ workload: 'small', replica: 0, from: 'h1', to: 'h2' }]);

    const apply = (name: string, cpu: number) =>
      e2e.ok('ApplyWorkload', {
        workload: spec(name, {
          command: SERVICE_COMMAND,
          resources: { cpuMillis: cpu, memoryBytes: String(32 << 20) },
        }),
      });
    for (const [name, cpu] of ROWS.slice(0, 3)) {
      await apply(name, cpu);
      await e2e.waitForWorkload(name, (w) => w.status.running === 1, 'running');
    }
    expect(await liveHosts()).toEqual({ big: ['h1'], small: ['h1'], mid: ['h2'] });

    // What runs on h1, every 100 ms, while fresh arrives and small moves away.
    const h1 = e2e.cluster.host(1);
    const sampler = new Sampler(
      async () => (await e2e.containers(h1)).filter((c) => c.State === 'running').map((c) => c.Labels[LABEL_WORKLOAD]),
      100,
      60_000,
    );
    try {
      await apply('fresh', 400);
      await waitFor(
        'fresh running and small running once, on h2',
        async () => {
          const live = await liveHosts();
          return live.fresh?.length === 1 && live.small?.length === 1 && live.small[0] === 'h2' ? live : undefined;
        },
        45_000,
        200,
      );
      // The end state was read apart from the sampler: let it catch up with it too.
      await waitFor(
        'the sampler to see fresh on h1',
        async () => sampler.samples.some((s) => s.value.includes('fresh')) || undefined,
        10_000,
        100,
      );
    } finally {
      await sampler.stop();
    }
    const seen = sampler.samples.map((s) => s.value);
    expect(seen.some((names) => names.includes('small'))).toBe(true);
    expect(seen.some((names) => names.includes('fresh'))).toBe(true);
    // 600 + 300 + 400 on a host of 1000: the new replica waited for the moved one to be gone.
    expect(seen.filter((names) => names.includes('small') && names.includes('fresh'))).toEqual([]);

    const live = await liveHosts();
    expect(live).toEqual(Object.fromEntries(Object.entries(sim.at).map(([w, n]) => [w, [n]])));
    expect(await e2e.runningCount(undefined, [e2e.cluster.host(3)])).toBe(0);
    const fresh = await e2e.ok('GetWorkload', { name: 'fresh' });
    expect(fresh.status.replicas[0]).toMatchObject({ state: 'RUNNING', node: 'h1' });
  });
});
