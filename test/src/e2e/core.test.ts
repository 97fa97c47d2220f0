// Issue "core", end to end: three simulated hosts with real engines, the control plane and the
// agents as real processes, the API driven by buf curl over reflection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_EPOCH, LABEL_GENERATION, LABEL_NODE, LABEL_REPLICA, LABEL_WORKLOAD } from '@coxswain/shared';
import { CP, bufCurl } from '../buf';
import { sleep, waitFor } from '../hosts';
import { E2E, spec } from './fixture';
import { Sampler } from './sampler';

let e2e: E2E;

beforeAll(async () => {
  e2e = await E2E.start({ hosts: 3 });
});

afterAll(async () => {
  await e2e?.stop();
});

/** Container id -> StartedAt for every running container of a workload, across all engines. */
async function snapshot(workload: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const h of e2e.hosts) {
    for (const c of await e2e.containers(h, workload)) {
      const info = await h.docker.getContainer(c.Id).inspect();
      if (info.State.Running) out.set(c.Id, info.State.StartedAt);
    }
  }
  return out;
}

describe('a three-host cluster', () => {
  it('lists three READY nodes with capacity and measured memory use', async () => {
    const nodes = await e2e.waitForNodes(3);
    expect(nodes.map((n) => n.name).sort()).toEqual(['h1', 'h2', 'h3']);
    for (const n of nodes) {
      expect(n.state).toBe('READY');
      expect(n.capacity.cpuMillis).toBeGreaterThan(0);
      expect(Number(n.capacity.memoryBytes)).toBeGreaterThan(0);
      expect(n.address).toBe(e2e.cluster.host(n.name).address);
    }
    await waitFor(
      'measured memory use on every node',
      async () => {
        const ns = await e2e.nodes();
        return ns.every((n) => Number(n.usage?.memoryUsedBytes ?? 0) > 0) || undefined;
      },
      15_000,
    );
  });

  it('runs 6 replicas applied with buf curl, 2 per host, with the contract labels and limits', async () => {
    const applied = await bufCurl(
      e2e.target,
      `${CP}/ApplyWorkload`,
      {
        workload: spec('web', { replicas: 6, resources: { cpuMillis: 250, memoryBytes: String(64 << 20) } }),
      },
      { tls: e2e.tls },
    );
    expect(applied.ok).toBe(true);
    const w = await e2e.waitForWorkload('web', (x) => x.status.running === 6, '6 running');
    for (const r of w.status.replicas) {
      expect(r.state).toBe('RUNNING');
      expect(['h1', 'h2', 'h3']).toContain(r.node);
    }
    const running = await e2e.running('web');
    for (const [host, list] of running) {
      expect(list, `containers on ${host}`).toHaveLength(2);
      for (const c of list) {
        expect(c.Labels[LABEL_WORKLOAD]).toBe('web');
        expect(c.Labels[LABEL_NODE]).toBe(host);
        expect(c.Labels[LABEL_GENERATION]).toBe('1');
        expect(c.Labels[LABEL_EPOCH]).toMatch(/^\d+$/);
        expect(c.Names[0]).toBe(`/coxswain-web-${c.Labels[LABEL_REPLICA]}`);
        const info = await e2e.cluster.host(host).docker.getContainer(c.Id).inspect();
        expect(info.HostConfig.NanoCpus).toBe(250_000_000);
        expect(info.HostConfig.Memory).toBe(64 << 20);
        const replica = w.status.replicas.find((r: any) => String(r.id ?? 0) === c.Labels[LABEL_REPLICA]);
        expect(replica.node).toBe(host);
      }
    }
  });

  it('brings a killed container back within 5 s and reports it on WatchEvents', async () => {
    const watching = bufCurl(e2e.target, `${CP}/WatchEvents`, { workload: 'web' }, { streamForMs: 9000, tls: e2e.tls });
    await sleep(1000);
    const host = e2e.cluster.host('h1');
    const victim = (await e2e.containers(host, 'web')).find((c) => c.State === 'running')!;
    const replica = victim.Labels[LABEL_REPLICA];
    const killedAt = Date.now();
    await host.docker.getContainer(victim.Id).kill();
    await waitFor(
      'the killed replica running again',
      async () => {
        const info = await host.docker
          .getContainer(victim.Id)
          .inspect()
          .catch(() => undefined);
        const again = (await e2e.containers(host, 'web')).find(
          (c) => c.Labels[LABEL_REPLICA] === replica && c.State === 'running',
        );
        return info?.State.Running || again ? true : undefined;
      },
      5000,
      100,
    );
    expect(Date.now() - killedAt).toBeLessThan(5000);
    const events = (await watching).json as any[];
    const mine = events.filter((e) => String(e.replica ?? 0) === replica && e.node === 'h1');
    expect(mine.map((e) => e.type)).toEqual(
      expect.arrayContaining(['replica.exited', 'replica.restarted', 'replica.started']),
    );
    expect(await e2e.runningCount('web')).toBe(6);
  });

  it('applies the same spec twice without restarting anything', async () => {
    const before = await snapshot('web');
    const again = await e2e.ok('ApplyWorkload', {
      workload: spec('web', { replicas: 6, resources: { cpuMillis: 250, memoryBytes: String(64 << 20) } }),
    });
    expect(again.generation).toBe('1');
    await sleep(2000);
    expect(await snapshot('web')).toEqual(before);
  });

  it('rolls every replica over to the new generation when the command changes, never below 6 running', async () => {
    const before = await snapshot('web');
    const counts = new Sampler(() => e2e.runningCount('web'), 200, 90_000);
    const changed = await e2e.ok('ApplyWorkload', {
      workload: spec('web', {
        replicas: 6,
        command: ['sleep', '99999'],
        resources: { cpuMillis: 250, memoryBytes: String(64 << 20) },
      }),
    });
    expect(changed.generation).toBe('2');
    await waitFor(
      '6 replicas of generation 2 and no other',
      async () => {
        const running = [...(await e2e.running('web')).values()].flat();
        return running.length === 6 && running.every((c) => c.Labels[LABEL_GENERATION] === '2') ? true : undefined;
      },
      60_000,
      300,
    );
    const samples = await counts.stop();
    expect(samples.length).toBeGreaterThan(3);
    expect(Math.min(...samples.map((x) => x.value))).toBeGreaterThanOrEqual(6);
    const after = await snapshot('web');
    for (const id of before.keys()) expect(after.has(id)).toBe(false);
  });

  it('scales 6 -> 2 leaving exactly 2 containers', async () => {
    await e2e.ok('ScaleWorkload', { name: 'web', replicas: 2 });
    await waitFor(
      'exactly 2 web containers on the engines',
      async () => {
        let all = 0;
        for (const h of e2e.hosts) all += (await e2e.containers(h, 'web')).length;
        return all === 2 ? true : undefined;
      },
      60_000,
      300,
    );
    expect(await e2e.runningCount('web')).toBe(2);
    const w = await e2e.waitForWorkload('web', (x) => x.status.replicas.length === 2, 'two replica slots');
    expect(w.status.running).toBe(2);
  });

  it('survives a SIGKILL of the control plane: state intact, agents reconnect, nothing restarted', async () => {
    const before = await snapshot('web');
    const wBefore = await e2e.ok('GetWorkload', { name: 'web' });
    e2e.controlPlane.kill('SIGKILL');
    await e2e.controlPlane.wait(10_000);
    await e2e.startControlPlane();
    const nodes = await e2e.waitForNodes(3, 30_000);
    expect(nodes).toHaveLength(3);
    const wAfter = await e2e.ok('GetWorkload', { name: 'web' });
    expect(wAfter.generation).toBe(wBefore.generation);
    const placement = (w: any) => w.status.replicas.map((r: any) => `${r.id ?? 0}@${r.node}#${r.epoch}`).sort();
    expect(placement(wAfter)).toEqual(placement(wBefore));
    await e2e.waitForWorkload('web', (x) => x.status.running === 2, 'running again after restart');
    await sleep(3000);
    expect(await snapshot('web')).toEqual(before);
  });

  it('lets a SIGKILLed agent adopt its containers when it comes back under the same name', async () => {
    const before = await snapshot('web');
    const host = e2e.cluster.host('h2');
    const agent = e2e.agents.get('h2')!;
    agent.kill('SIGKILL');
    await agent.wait(10_000);
    e2e.startAgent(host);
    await e2e.waitForNodes(3);
    await sleep(4000);
    expect(await snapshot('web')).toEqual(before);
    expect((await e2e.nodes()).every((n) => n.state === 'READY')).toBe(true);
  });

  it('reports a replica whose image cannot be pulled as FAILED with the reason, and keeps the agent up', async () => {
    // A registry on the host's own loopback that refuses connections: the pull fails at once and
    // sends nothing off the test network.
    await e2e.ok('ApplyWorkload', { workload: spec('nopull', { image: '127.0.0.1:1/missing/image:1' }) });
    const w = await e2e.waitForWorkload('nopull', (x) => x.status.replicas[0]?.state === 'FAILED', 'FAILED', 30_000);
    expect(w.status.replicas[0].reason).toMatch(/127\.0\.0\.1:1|pull|connect/i);
    expect((await e2e.nodes()).every((n) => n.state === 'READY')).toBe(true);
    for (const [name, agent] of e2e.agents) expect(agent.running, `agent ${name}`).toBe(true);
    await e2e.ok('DeleteWorkload', { name: 'nopull' });
  });

  it('deletes a workload leaving no container', async () => {
    await e2e.ok('DeleteWorkload', { name: 'web' });
    await waitFor(
      'no web container on any engine',
      async () => {
        for (const h of e2e.hosts) if ((await e2e.containers(h, 'web')).length > 0) return undefined;
        return true;
      },
      60_000,
      300,
    );
    expect((await e2e.call('GetWorkload', { name: 'web' })).code).toBe('not_found');
  });
});
