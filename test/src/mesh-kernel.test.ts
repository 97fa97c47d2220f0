// The mesh's kernel path against real netfilter: a bare test host (a network namespace, no
// engine) with busybox httpd as the replicas, and the agent's KernelPath running iptables inside
// that namespace. Requests go only to the test host's own address, from the root namespace
// (PREROUTING) and from inside the host (OUTPUT).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KernelPath } from '@coxswain/agent';
import { createLogger } from '@coxswain/shared';
import { cleanupLeftovers, startHosts, waitFor, type Cluster, type TestHost } from './hosts';
import { findStaticBusybox } from './hosts/image';

const PUBLISH = 30555;
const silent = createLogger('test', 'silent');

function get(address: string, port: number): Promise<{ ok: true; body: string } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const req = http.get({ host: address, port, path: '/id', agent: false, timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () =>
        resolve(res.statusCode === 200 ? { ok: true, body } : { ok: false, error: `HTTP ${res.statusCode}` }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ ok: false, error: err.code ?? err.message }));
  });
}

describe('mesh kernel path (iptables DNAT in a test host)', () => {
  let cluster: Cluster;
  let host: TestHost;
  let busybox: string;
  let kernel: KernelPath;
  const nat = async () => (await host.exec('iptables-save', ['-t', 'nat'])).stdout;

  beforeAll(async () => {
    busybox = await findStaticBusybox();
    await cleanupLeftovers();
    cluster = await startHosts({ count: 1, docker: false });
    host = cluster.host(1);
    for (const [port, id] of [
      [8080, 'one'],
      [8081, 'two'],
    ] as const) {
      const root = path.join(host.dir, `www-${port}`);
      fs.mkdirSync(root, { recursive: true });
      fs.writeFileSync(path.join(root, 'id'), id);
      host.startProcess(busybox, ['httpd', '-f', '-p', `${host.address}:${port}`, '-h', root]);
    }
    await waitFor('both httpds', async () => ((await get(host.address, 8081)).ok ? true : undefined), 10_000);
    await waitFor('both httpds', async () => ((await get(host.address, 8080)).ok ? true : undefined), 10_000);
    kernel = new KernelPath({ logger: silent, prefix: ['nsenter', `--net=/run/netns/${host.namespace}`] });
  }, 60_000);

  afterAll(async () => {
    await kernel?.close();
    await cluster?.teardown();
  });

  it('touches nothing while there is nothing to forward', async () => {
    await kernel.sync([]);
    expect(kernel.active).toBe(false);
    expect(await nat()).not.toContain('COXSWAIN');
  });

  it("forwards a published port to the host's endpoint, from outside and from the host itself", async () => {
    expect((await get(host.address, PUBLISH)).ok).toBe(false);
    await kernel.sync([{ publish: PUBLISH, targets: [{ address: host.address, port: 8080 }] }]);
    expect(kernel.active).toBe(true);
    expect(await get(host.address, PUBLISH)).toMatchObject({ ok: true, body: 'one' });
    const script = `printf 'GET /id HTTP/1.0\\r\\n\\r\\n' | ${busybox} nc -w 2 127.0.0.1 ${PUBLISH}`;
    const inside = await host.tryExec(busybox, ['sh', '-c', script], { timeoutMs: 10_000 });
    expect(inside.stdout).toMatch(/^HTTP\/1\.[01] 200[\s\S]*\r\n\r\none$/);
    // A nat rule sees a connection's first packet only: two connections, two counted.
    expect((await kernel.connections()).get(PUBLISH)).toBe(2);
  });

  it('shares a port between two endpoints and keeps counting across rewrites', async () => {
    await kernel.sync([
      {
        publish: PUBLISH,
        targets: [
          { address: host.address, port: 8080 },
          { address: host.address, port: 8081 },
        ],
      },
    ]);
    const seen = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const r = await get(host.address, PUBLISH);
      expect(r.ok).toBe(true);
      if (r.ok) seen.set(r.body, (seen.get(r.body) ?? 0) + 1);
    }
    // Each of 40 picks is even odds: both answer unless something is wrong (chance 2^-39).
    expect([...seen.keys()].sort()).toEqual(['one', 'two']);
    expect((await kernel.connections()).get(PUBLISH)).toBe(42);
  });

  it('stops forwarding what left the set, and its close leaves no rule behind', async () => {
    await kernel.sync([{ publish: PUBLISH, targets: [{ address: host.address, port: 8081 }] }]);
    for (let i = 0; i < 5; i++) expect(await get(host.address, PUBLISH)).toMatchObject({ ok: true, body: 'two' });
    await kernel.sync([]);
    // Nothing listens on the published port itself here: without the rule the kernel refuses.
    expect(await get(host.address, PUBLISH)).toMatchObject({ ok: false, error: 'ECONNREFUSED' });
    expect((await kernel.connections()).get(PUBLISH)).toBe(47);
    await kernel.close();
    expect(await nat()).not.toContain('COXSWAIN');
    expect(kernel.active).toBe(false);
  });

  it('empties the chain of an agent that died, even with nothing to forward', async () => {
    const prefix = ['nsenter', `--net=/run/netns/${host.namespace}`];
    // What a killed agent leaves behind: its chain, the jumps and a rule (it is never closed).
    const died = new KernelPath({ logger: silent, prefix });
    await died.sync([{ publish: PUBLISH, targets: [{ address: host.address, port: 8080 }] }]);
    expect(await get(host.address, PUBLISH)).toMatchObject({ ok: true, body: 'one' });
    const next = new KernelPath({ logger: silent, prefix });
    await next.sync([]);
    expect(await get(host.address, PUBLISH)).toMatchObject({ ok: false, error: 'ECONNREFUSED' });
    await next.close();
    expect(await nat()).not.toContain('COXSWAIN');
  });

  it('where iptables cannot run, stays out of the way and reports itself inactive', async () => {
    const broken = new KernelPath({ logger: silent, prefix: ['/nonexistent/enter-namespace'] });
    await broken.sync([{ publish: PUBLISH, targets: [{ address: host.address, port: 8080 }] }]);
    expect(broken.active).toBe(false);
    expect((await broken.connections()).size).toBe(0);
    await broken.close();
  });
});
