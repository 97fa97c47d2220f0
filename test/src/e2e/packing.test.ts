// Packing on real engines: hosts advertise 1000 millicores each (--capacity-cpu-millis), so the
// placements are decided by the scheduler exactly as on hosts of that size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../hosts';
import { E2E, spec } from './fixture';

let e2e: E2E;

beforeAll(async () => {
  e2e = await E2E.start({
    hosts: 4,
    agentsOn: [1, 2, 3],
    agentArgs: () => ['--capacity-cpu-millis', '1000'],
    controlPlaneArgs: ['--rebalance', 'off'],
  });
});

afterAll(async () => {
  await e2e?.stop();
});

describe('packing', () => {
  it('packs four different 400-millicore workloads onto 2 hosts of 1000, not 3', async () => {
    for (const name of ['a', 'b', 'c', 'd']) {
      await e2e.ok('ApplyWorkload', {
        workload: spec(name, { resources: { cpuMillis: 400, memoryBytes: String(32 << 20) } }),
      });
    }
    const hostsUsed = await waitFor(
      'four running replicas',
      async () => {
        const used = new Set<string>();
        let running = 0;
        for (const [host, list] of await e2e.running()) {
          running += list.length;
          if (list.length > 0) used.add(host);
        }
        return running === 4 ? used : undefined;
      },
      30_000,
      300,
    );
    expect(hostsUsed.size).toBe(2);
    const nodes = await e2e.nodes();
    const allocated = nodes.map((n) => n.allocated?.cpuMillis ?? 0).sort();
    expect(allocated).toEqual([0, 800, 800]);
  });

  it('keeps a workload bigger than every host PENDING with a reason, and runs it when a big host joins', async () => {
    await e2e.ok('ApplyWorkload', {
      workload: spec('big', { resources: { cpuMillis: 1500, memoryBytes: String(32 << 20) } }),
    });
    const pending = await e2e.waitForWorkload('big', (w) => w.status.replicas[0]?.state === 'PENDING', 'pending');
    expect(pending.status.replicas[0].reason).toMatch(/cpu/);
    // After the first test the hosts have 1000, 200 and 200 millicores free.
    expect(pending.status.replicas[0].reason).toContain('3 insufficient cpu (need 1500m cpu, most free 1000m)');
    expect(await e2e.runningCount('big')).toBe(0);

    e2e.startAgent(e2e.cluster.host(4), ['--capacity-cpu-millis', '2000']);
    const running = await e2e.waitForWorkload('big', (w) => w.status.running === 1, 'running on the new host', 30_000);
    expect(running.status.replicas[0].node).toBe('h4');
    const onH4 = (await e2e.running('big')).get('h4') ?? [];
    expect(onH4).toHaveLength(1);
  });
});
