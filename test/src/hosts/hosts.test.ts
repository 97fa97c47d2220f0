import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_IMAGE, cleanupLeftovers, startHosts, type Cluster, type TestHost } from './index';
import { findStaticBusybox } from './image';
import { listMounts } from './mounts';
import { listLinks, listNamespaces } from './network';
import { findCgroups } from './cgroups';
import { isAlive } from './procs';
import { waitFor } from './exec';

const LABEL = 'coxswain.test';

/**
 * One bounded HTTP GET from inside a host with the machine's static busybox. nc rather than
 * wget: the static wget of Debian's busybox crashes on start-up.
 */
async function fetchFrom(
  host: TestHost,
  busybox: string,
  ip: string,
  port: number,
): Promise<{ ok: boolean; body: string }> {
  const script = `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | ${busybox} nc -w 2 "$0" "$1"`;
  const res = await host.tryExec(busybox, ['sh', '-c', script, ip, String(port)], { timeoutMs: 10_000 });
  const ok = res.code === 0 && /^HTTP\/1\.[01] 200/.test(res.stdout);
  return { ok, body: res.stdout.slice(res.stdout.indexOf('\r\n\r\n') + 4) };
}

async function runContainer(host: TestHost, cmd: string[], networkMode: string): Promise<string> {
  const container = await host.docker.createContainer({
    Image: BUSYBOX_IMAGE,
    Cmd: cmd,
    Labels: { [LABEL]: host.name },
    HostConfig: { NetworkMode: networkMode },
  });
  await container.start();
  return container.id;
}

async function containerPid(host: TestHost, id: string): Promise<number> {
  const info = await host.docker.getContainer(id).inspect();
  expect(info.State.Running).toBe(true);
  return info.State.Pid;
}

describe('test-host harness', () => {
  let cluster: Cluster;
  let server: Server;
  let serverPort: number;
  let busybox: string;

  beforeAll(async () => {
    busybox = await findStaticBusybox();
    await cleanupLeftovers();
    cluster = await startHosts({ count: 2 });
    // A stand-in for the control plane: listening in the root namespace on the bridge address.
    server = createServer((_req, res) => res.end('root namespace says hi\n'));
    await new Promise<void>((resolve) => server.listen(0, cluster.bridgeAddress, resolve));
    serverPort = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server?.close();
    await cluster?.teardown();
  });

  it('starts one answering engine per host, each with the busybox image', async () => {
    expect(cluster.hosts.map((h) => h.name)).toEqual(['h1', 'h2']);
    expect(new Set(cluster.hosts.map((h) => h.address)).size).toBe(2);
    for (const host of cluster.hosts) {
      expect(String(await host.docker.ping())).toBe('OK');
      const version = await host.docker.version();
      expect(version.ApiVersion).toMatch(/^1\.\d+$/);
      const image = await host.docker.getImage(BUSYBOX_IMAGE).inspect();
      expect(image.RepoTags).toContain(BUSYBOX_IMAGE);
    }
  });

  it('runs a container on each host, visible through dockerode', async () => {
    for (const host of cluster.hosts) {
      const id = await runContainer(host, ['sleep', '600'], 'none');
      const listed = await host.docker.listContainers({ filters: { label: [`${LABEL}=${host.name}`] } });
      expect(listed.map((c) => c.Id)).toContain(id);
      expect(listed.find((c) => c.Id === id)?.State).toBe('running');
    }
  });

  it('lets hosts reach each other and the bridge address', async () => {
    const [a, b] = cluster.hosts as [TestHost, TestHost];
    // Host networking, so the server answers on host B's own address.
    await runContainer(b, ['httpd', '-f', '-p', '8080', '-h', '/var/www'], 'host');
    const fromA = await waitFor(
      'httpd on host B to answer host A',
      async () => {
        const r = await fetchFrom(a, busybox, b.address, 8080);
        return r.ok ? r : undefined;
      },
      15_000,
      500,
    );
    expect(fromA.body).toContain('coxswain test host');
    const bridge = await fetchFrom(a, busybox, cluster.bridgeAddress, serverPort);
    expect(bridge).toEqual({ ok: true, body: 'root namespace says hi\n' });
  });

  it('cut() isolates a host and heal() reconnects it', async () => {
    const a = cluster.host('h1');
    await a.cut();
    expect(a.isCut).toBe(true);
    expect((await fetchFrom(a, busybox, cluster.bridgeAddress, serverPort)).ok).toBe(false);
    // The engine itself lives on: the host is cut off, not dead.
    expect(String(await a.docker.ping())).toBe('OK');
    await a.heal();
    const back = await waitFor(
      'host A to reach the bridge after heal',
      async () => (await fetchFrom(a, busybox, cluster.bridgeAddress, serverPort)).ok,
      15_000,
      500,
    );
    expect(back).toBe(true);
  });

  it('kill() leaves no process of the host running', async () => {
    const b = cluster.host('h2');
    const own = await containerPid(b, await runContainer(b, ['sleep', '600'], 'none'));
    const shared = await containerPid(b, await runContainer(b, ['sleep', '601'], 'host'));
    const agentLike = b.startProcess(busybox, ['sleep', '600']);
    await b.kill();
    expect(await isAlive(own)).toBe(false);
    expect(await isAlive(shared)).toBe(false);
    await agentLike.wait(5_000);
    expect(await b.livePids()).toEqual([]);
    // The other host is untouched.
    expect(String(await cluster.host('h1').docker.ping())).toBe('OK');
  });

  it('brings a killed host back with restartDocker()', async () => {
    const b = cluster.host('h2');
    await b.restartDocker();
    expect(String(await b.docker.ping())).toBe('OK');
    const id = await runContainer(b, ['sleep', '600'], 'none');
    expect(await containerPid(b, id)).toBeGreaterThan(0);
  });

  it('teardown leaves no namespace, link, mount, cgroup or engine behind', async () => {
    const run = cluster.run;
    const dir = cluster.dir;
    await cluster.teardown();
    expect((await listNamespaces()).filter((n) => n.includes(run))).toEqual([]);
    expect((await listLinks()).filter((n) => n.includes(run))).toEqual([]);
    expect((await listMounts()).filter((m) => m.mountPoint.startsWith(dir))).toEqual([]);
    expect(await findCgroups((name) => name.includes(`cox-${run}-`))).toEqual([]);
  });
});
