// Ports, networks and volumes on real engines: replicas told their ports by $(VAR) answer HTTP at
// their host's address, fixed host ports are a resource of each host, dynamic ones are distinct
// per host, bridge mode publishes through the engine, and named volumes outlive their containers.
// Every request goes to a test host's address, bounded in count and time.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, waitFor, type TestHost } from '../hosts';
import { E2E, spec } from './fixture';

let e2e: E2E;

beforeAll(async () => {
  // h3 alone carries Docker's bridge network: bridge workloads may go only there.
  e2e = await E2E.start({ hosts: 3, bridgeOn: [3] });
}, 180_000);

afterAll(async () => {
  await e2e?.stop();
});

/** One GET with a 2 s bound; the status code, or 0 when nothing answered. */
function get(address: string, port: number, urlPath: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: address, port, path: urlPath, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** At most `tries` GETs 300 ms apart until one answers 200; the last status otherwise. */
async function getOk(address: string, port: number, urlPath = '/etc/hostname', tries = 20): Promise<number> {
  let status = 0;
  for (let i = 0; i < tries; i++) {
    status = await get(address, port, urlPath);
    if (status === 200) return status;
    await sleep(300);
  }
  return status;
}

const addressOf = (node: string) => e2e.cluster.host(node).address;

/** busybox httpd told its port by the agent; it serves the container's files, /etc/hostname among them. */
const HTTPD = ['httpd', '-f', '-p', '$(COXSWAIN_PORT_HTTP)'];
const small = { cpuMillis: 10, memoryBytes: String(8 << 20) };

async function running(name: string, count: number, timeoutMs = 60_000): Promise<any> {
  return e2e.waitForWorkload(
    name,
    (w) => (w.status?.replicas ?? []).filter((r: any) => r.state === 'RUNNING').length >= count,
    `${count} running`,
    timeoutMs,
  );
}

describe('ports', () => {
  it('lists the networks each node reported', async () => {
    const nodes = await e2e.nodes();
    const networks = Object.fromEntries(nodes.map((n) => [n.name, n.networks]));
    expect(networks.h1).toEqual(['host', 'none']);
    expect(networks.h3).toEqual(['bridge', 'host', 'none']);
  });

  it('runs host-network replicas with a dynamic port, one per host, each answering at its host', async () => {
    await e2e.ok('ApplyWorkload', {
      workload: spec('web', { replicas: 3, network: 'host', ports: [{ name: 'http' }], command: HTTPD }),
    });
    const w = await running('web', 3);
    const replicas = w.status.replicas;
    expect(new Set(replicas.map((r: any) => r.node)).size).toBe(3);
    for (const r of replicas) {
      expect(r.ports).toHaveLength(1);
      expect(r.ports[0]).toMatchObject({ name: 'http' });
      expect(r.ports[0].hostPort).toBeGreaterThanOrEqual(20000);
      expect(r.ports[0].hostPort).toBeLessThanOrEqual(29999);
      expect(await getOk(addressOf(r.node), r.ports[0].hostPort)).toBe(200);
    }
    await e2e.ok('DeleteWorkload', { name: 'web' });
  }, 120_000);

  it('places a fixed port once per host, keeps the rest pending naming the port, and never beside it', async () => {
    const fixed = { name: 'http', hostPort: 18080 };
    await e2e.ok('ApplyWorkload', {
      workload: spec('fixed', { replicas: 5, network: 'host', ports: [fixed], command: HTTPD, resources: small }),
    });
    const w = await e2e.waitForWorkload(
      'fixed',
      (x) =>
        x.status?.running === 3 &&
        x.status.replicas.filter((r: any) => r.state === 'PENDING' && /port 18080 in use/.test(r.reason)).length === 2,
      '3 running, 2 pending on the port',
      60_000,
    );
    const nodes = w.status.replicas.filter((r: any) => r.state === 'RUNNING').map((r: any) => r.node);
    expect(new Set(nodes).size).toBe(3);
    expect(w.status.replicas.find((r: any) => r.state === 'PENDING').reason).toBe(
      '0/3 nodes available: 3 port 18080 in use',
    );
    for (const node of nodes) expect(await getOk(addressOf(node), 18080)).toBe(200);

    // Another workload asking the same port waits; once a host frees it, it lands there and only there.
    await e2e.ok('ApplyWorkload', {
      workload: spec('rival', { network: 'host', ports: [fixed], command: HTTPD, resources: small }),
    });
    const rival = await e2e.waitForWorkload(
      'rival',
      (x) => /port 18080 in use/.test(x.status?.replicas?.[0]?.reason ?? ''),
      'pending on the port',
    );
    expect(rival.status.replicas[0].state).toBe('PENDING');
    await e2e.ok('ScaleWorkload', { name: 'fixed', replicas: 2 });
    const placed = await running('rival', 1);
    const after = await e2e.ok('GetWorkload', { name: 'fixed' });
    const fixedNodes = after.status.replicas.filter((r: any) => r.state === 'RUNNING').map((r: any) => r.node);
    expect(fixedNodes).toHaveLength(2);
    expect(fixedNodes).not.toContain(placed.status.replicas[0].node);
    // What each engine runs agrees: never two containers of the port on one host.
    for (const host of e2e.hosts) {
      const both = [...(await e2e.containers(host, 'fixed')), ...(await e2e.containers(host, 'rival'))];
      expect(both.filter((c) => c.State === 'running').length).toBeLessThanOrEqual(1);
    }
    await e2e.ok('DeleteWorkload', { name: 'fixed' });
    await e2e.ok('DeleteWorkload', { name: 'rival' });
  }, 150_000);

  it('gives 50 dynamic-port replicas on 3 hosts distinct ports per host, all answering', async () => {
    await e2e.ok('ApplyWorkload', {
      workload: spec('many', {
        replicas: 50,
        network: 'host',
        ports: [{ name: 'http' }],
        command: HTTPD,
        resources: small,
      }),
    });
    const w = await running('many', 50, 120_000);
    const byNode = new Map<string, number[]>();
    for (const r of w.status.replicas) byNode.set(r.node, [...(byNode.get(r.node) ?? []), r.ports[0].hostPort]);
    expect([...byNode.keys()].sort()).toEqual(['h1', 'h2', 'h3']);
    for (const ports of byNode.values()) expect(new Set(ports).size).toBe(ports.length);
    // 50 requests, each bounded; a replica just started gets a few tries.
    const statuses = await Promise.all(
      w.status.replicas.map((r: any) => getOk(addressOf(r.node), r.ports[0].hostPort, '/etc/hostname', 10)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    await e2e.ok('DeleteWorkload', { name: 'many' });
    await waitFor(
      'the 50 containers gone',
      async () => ((await e2e.runningCount('many')) === 0 ? true : undefined),
      90_000,
    );
  }, 300_000);

  it('publishes a bridge-mode container port on a dynamic host port at the host with a bridge', async () => {
    await e2e.ok('ApplyWorkload', {
      workload: spec('bridged', {
        network: 'bridge',
        ports: [{ name: 'http', containerPort: 8080 }],
        command: HTTPD,
      }),
    });
    const w = await running('bridged', 1);
    const r = w.status.replicas[0];
    expect(r.node).toBe('h3');
    expect(r.ports[0]).toMatchObject({ name: 'http', containerPort: 8080 });
    const h3 = e2e.cluster.host('h3');
    const env = (await h3.docker.getContainer(r.containerId).inspect()).Config.Env;
    expect(env).toContain('COXSWAIN_PORT_HTTP=8080');
    expect(env).toContain(`COXSWAIN_HOST_IP=${h3.address}`);
    expect(await getOk(h3.address, r.ports[0].hostPort)).toBe(200);
    await e2e.ok('DeleteWorkload', { name: 'bridged' });
    // Kept off h3, a bridge workload finds no host with its network, and says so.
    await e2e.ok('ApplyWorkload', {
      workload: spec('unbridged', { network: 'bridge', constraints: ['node.name != h3'] }),
    });
    const pending = await e2e.waitForWorkload(
      'unbridged',
      (x) => /network/.test(x.status?.replicas?.[0]?.reason ?? ''),
      'pending for its network',
    );
    expect(pending.status.replicas[0].reason).toBe(
      '0/3 nodes available: 2 no bridge network, 1 constraint node.name != h3',
    );
    await e2e.ok('DeleteWorkload', { name: 'unbridged' });
  }, 120_000);
});

describe('volumes', () => {
  const volumeNames = async (host: TestHost, workload: string) =>
    ((await host.docker.listVolumes({ filters: { label: [`coxswain.workload=${workload}`] } })).Volumes ?? [])
      .map((v) => v.Name)
      .sort();

  it('keeps a named volume across containers, one per replica, with bind and tmpfs mounts', async () => {
    const bindDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-bind-'));
    fs.writeFileSync(path.join(bindDir, 'greeting'), 'from the host\n');
    try {
      await e2e.ok('ApplyWorkload', {
        workload: spec('vol', {
          replicas: 2,
          constraints: ['node.name == h1'],
          mounts: [
            { type: 'volume', source: 'data', target: '/data' },
            { type: 'bind', source: bindDir, target: '/conf', readOnly: true },
            { type: 'tmpfs', target: '/scratch' },
          ],
          // The first container of a replica writes its own id; later ones find it there.
          command: [
            'sh',
            '-c',
            'test -f /data/first || hostname > /data/first; cp /conf/greeting /scratch/g; sleep 100000',
          ],
        }),
      });
      const w = await running('vol', 2);
      const h1 = e2e.cluster.host('h1');
      const read = async (id: string, file: string) => {
        const exec = await h1.docker.getContainer(id).exec({ Cmd: ['cat', file], AttachStdout: true });
        const stream = await exec.start({});
        const chunks: Buffer[] = [];
        await new Promise<void>((resolve) => {
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => resolve());
        });
        // The multiplexed stream has an 8-byte header per frame; the text is what follows.
        return Buffer.concat(chunks).subarray(8).toString().trim();
      };
      // proto3 JSON leaves out zeros: replica 0 has no id field.
      const first = w.status.replicas.find((r: any) => (r.id ?? 0) === 0);
      const written = await waitFor(
        'the first write',
        async () => (await read(first.containerId, '/data/first')) || undefined,
        10_000,
      );
      expect(await read(first.containerId, '/scratch/g')).toBe('from the host');
      expect(await volumeNames(h1, 'vol')).toEqual(['coxswain-vol-0-data', 'coxswain-vol-1-data']);
      const inspected = await h1.docker.getVolume('coxswain-vol-0-data').inspect();
      expect(inspected.Labels).toMatchObject({
        'coxswain.workload': 'vol',
        'coxswain.replica': '0',
        'coxswain.node': 'h1',
      });

      // The container goes; the replica's next container is a new one and finds the data.
      await h1.docker.getContainer(first.containerId).remove({ force: true });
      const again = await e2e.waitForWorkload(
        'vol',
        (x) =>
          x.status.replicas.some(
            (r: any) => (r.id ?? 0) === 0 && r.state === 'RUNNING' && r.containerId !== first.containerId,
          ),
        'a new container for replica 0',
        60_000,
      );
      const second = again.status.replicas.find((r: any) => (r.id ?? 0) === 0);
      expect(second.containerId).not.toBe(first.containerId);
      expect(await read(second.containerId, '/data/first')).toBe(written);
      await e2e.ok('DeleteWorkload', { name: 'vol' });
    } finally {
      fs.rmSync(bindDir, { recursive: true, force: true });
    }
  }, 150_000);
});
