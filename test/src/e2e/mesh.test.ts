// The routing mesh end to end on three real engines: a published port answers on every host, the
// one without a replica too; a port taken on one host gives that node a PORT_UNAVAILABLE condition
// and an event while it stays READY, and clears when the port frees; out-of-range and taken publish
// ports are refused; idle, garbage and a thousand simultaneous connections leave the mesh serving and
// the node's heartbeat fresh; a container reaches a service by COXSWAIN_SERVICE_*; a scale-down
// loses no request. Every request goes to a test host's address, bounded in count and time.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, waitFor, type LoggedProcess } from '../hosts';
import { E2E, spec } from './fixture';
import { Sampler } from './sampler';

let e2e: E2E;
const startedAt = Date.now();

beforeAll(async () => {
  // h3 has no `role=web` label: the web workload never runs there.
  e2e = await E2E.start({
    hosts: 3,
    controlPlaneArgs: ['--rebalance', 'off'],
    agentArgs: (h) => ['--labels', h.index === 3 ? 'role=edge' : 'role=web'],
  });
}, 180_000);

afterAll(async () => {
  await e2e?.stop();
});

/** One GET on a new connection with a 2 s bound: the status code, or why nothing answered. */
function fetchOnce(address: string, port: number, path = '/etc/hostname'): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get({ host: address, port, path, timeout: 2000, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** The status code, or 0 when nothing answered. */
async function get(address: string, port: number, path = '/etc/hostname'): Promise<number> {
  const r = await fetchOnce(address, port, path);
  return typeof r === 'number' ? r : 0;
}

/** At most `tries` GETs 300 ms apart until one answers 200; the last status otherwise. */
async function getOk(address: string, port: number, tries = 40): Promise<number> {
  let status = 0;
  for (let i = 0; i < tries; i++) {
    status = await get(address, port);
    if (status === 200) return status;
    await sleep(300);
  }
  return status;
}

const addressOf = (node: string) => e2e.cluster.host(node).address;

const web = (extra: Record<string, unknown> = {}) =>
  spec('web', {
    replicas: 2,
    network: 'host',
    ports: [{ name: 'http', publish: 30080 }],
    command: ['httpd', '-f', '-p', '$(COXSWAIN_PORT_HTTP)'],
    constraints: ['node.labels.role == web'],
    health: { http: { port: 'http', path: '/etc/hostname' }, interval: '500ms', timeout: '1s', failureThreshold: 3 },
    // Enough CPU for a fork per request at 50 req/s: at 10 millicores httpd falls behind, its backlog fills and its check times out.
    resources: { cpuMillis: 250, memoryBytes: String(32 << 20) },
    ...extra,
  });

async function readyEndpoints(name: string): Promise<any[]> {
  return ((await e2e.ok('ListEndpoints', { name })).endpoints ?? []) as any[];
}

async function node(name: string): Promise<any> {
  return (await e2e.nodes()).find((n) => n.name === name);
}

async function events(type: string): Promise<any[]> {
  const all = ((await e2e.ok('ListEvents', { limit: 1000 })).events ?? []) as any[];
  return all.filter((e) => e.type === type);
}

describe('the routing mesh', () => {
  it('answers on every host, the one without a replica too', async () => {
    await e2e.ok('ApplyWorkload', { workload: web() });
    await waitFor(
      '2 ready endpoints',
      async () => ((await readyEndpoints('web')).length === 2 ? true : undefined),
      60_000,
    );
    const nodes = (await readyEndpoints('web')).map((e) => e.node).sort();
    expect(nodes).toEqual(['h1', 'h2']);
    for (const h of e2e.hosts) expect(await getOk(h.address, 30080)).toBe(200);
    // A host with a replica hands the port to it in the kernel; h3, with none, proxies in userspace.
    for (const e of await readyEndpoints('web')) {
      const nat = (await e2e.cluster.host(e.node).exec('iptables-save', ['-t', 'nat'])).stdout;
      expect(nat).toContain(`--dport 30080 -j DNAT --to-destination ${e.address}:${e.port}`);
    }
    expect((await e2e.cluster.host('h3').exec('iptables-save', ['-t', 'nat'])).stdout).not.toContain('30080');
  });

  it('marks a node whose publish port is taken PORT_UNAVAILABLE, keeps it READY, and clears it', async () => {
    // A squatter on h3's 30081 before any workload publishes it.
    const squatter: LoggedProcess = e2e.cluster
      .host('h3')
      .startProcess('node', [
        '-e',
        "require('net').createServer(()=>{}).listen(30081,'0.0.0.0',()=>console.log('squatting'))",
      ]);
    try {
      await squatter.waitForLog(/squatting/, 10_000);
      await e2e.ok('ApplyWorkload', {
        workload: spec('other', {
          replicas: 1,
          network: 'host',
          ports: [{ name: 'http', publish: 30081 }],
          command: ['httpd', '-f', '-p', '$(COXSWAIN_PORT_HTTP)'],
          constraints: ['node.labels.role == web'],
          health: { http: { port: 'http', path: '/etc/hostname' }, interval: '500ms' },
          resources: { cpuMillis: 10, memoryBytes: String(8 << 20) },
        }),
      });
      const h3 = await waitFor(
        'h3 PORT_UNAVAILABLE',
        async () => {
          const n = await node('h3');
          return (n?.conditions ?? []).some((c: any) => c.type === 'PORT_UNAVAILABLE') ? n : undefined;
        },
        30_000,
      );
      expect(h3.state).toBe('READY');
      const cond = h3.conditions.find((c: any) => c.type === 'PORT_UNAVAILABLE');
      expect(cond.message).toMatch(/30081/);
      const ev = await waitFor(
        'a node.port-unavailable event',
        async () => (await events('node.port-unavailable')).at(0),
        10_000,
      );
      expect(JSON.stringify(ev)).toMatch(/h3/);
      // The other published port of that host keeps serving.
      expect(await getOk(addressOf('h3'), 30080)).toBe(200);
    } finally {
      await squatter.stop(3_000);
    }
    await waitFor(
      'h3 condition cleared',
      async () => {
        const n = await node('h3');
        return (n?.conditions ?? []).every((c: any) => c.type !== 'PORT_UNAVAILABLE') || undefined;
      },
      30_000,
    );
    expect(await getOk(addressOf('h3'), 30081)).toBe(200);
    expect(await node('h3')).toMatchObject({ state: 'READY' });
    await e2e.ok('DeleteWorkload', { name: 'other' });
  });

  it('refuses a publish port out of range or held by another workload, naming field and holder', async () => {
    for (const port of [29999, 32768]) {
      const r = await e2e.call('ApplyWorkload', {
        workload: spec('bad', { network: 'host', ports: [{ name: 'http', publish: port }] }),
      });
      expect(r.code).toBe('invalid_argument');
      expect(r.message).toMatch(/publish/);
    }
    const r = await e2e.call('ApplyWorkload', {
      workload: spec('thief', { network: 'host', ports: [{ name: 'http', publish: 30080 }] }),
    });
    expect(r.code).toBe('invalid_argument');
    expect(r.message).toMatch(/publish/);
    expect(r.message).toMatch(/web/);
  });

  it('survives idle, garbage and a thousand simultaneous connections', async () => {
    const h1 = addressOf('h1');
    const h3 = addressOf('h3');
    const open = (host: string, write?: Buffer): Promise<net.Socket | undefined> =>
      new Promise((resolve) => {
        const s = net.connect({ host, port: 30080 });
        const timer = setTimeout(() => {
          s.destroy();
          resolve(undefined);
        }, 10_000);
        s.on('error', () => {
          clearTimeout(timer);
          resolve(undefined);
        });
        s.on('connect', () => {
          clearTimeout(timer);
          if (write) s.write(write);
          resolve(s);
        });
      });
    // Clients that say nothing, held open a few seconds, on the kernel path (h1) and through the
    // userspace proxy (h3).
    for (const host of [h1, h3]) {
      const idle = (await Promise.all(Array.from({ length: 20 }, () => open(host)))).filter((s) => s !== undefined);
      expect(idle.length).toBe(20);
      // Clients that send bytes that are no HTTP at all.
      const garbage = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          open(host, Buffer.from(Array.from({ length: 512 }, (_x, j) => (i * 31 + j * 7) % 256))),
        ),
      );
      expect(garbage.filter((s) => s !== undefined).length).toBeGreaterThan(0);
      await sleep(3000);
      for (const s of [...idle, ...garbage]) s?.destroy();
    }
    // A thousand at once, all closed after. h3 has no replica: its userspace proxy takes every one
    // of them. (On h1 the kernel hands them straight to httpd, whose backlog of 9 and quarter core
    // then set how many connect in time: that measures the app, not the mesh, so it is not counted.)
    const burst = await Promise.all(Array.from({ length: 1000 }, () => open(h3)));
    const connected = burst.filter((s) => s !== undefined).length;
    for (const s of burst) s?.destroy();
    expect(connected).toBeGreaterThan(900);
    const direct = await Promise.all(Array.from({ length: 1000 }, () => open(h1)));
    for (const s of direct) s?.destroy();
    await sleep(500);
    for (const host of [h1, h3]) expect(await getOk(host, 30080, 10)).toBe(200);
    for (const name of ['h1', 'h3']) {
      const n = await node(name);
      expect(n.state).toBe('READY');
      expect(Date.now() - Date.parse(n.lastHeartbeat)).toBeLessThan(10_000);
    }
    const bad = [...(await events('node.down')), ...(await events('node.late'))].filter(
      (e) => Date.parse(e.time) >= startedAt,
    );
    expect(bad).toEqual([]);
  });

  it('gives a container COXSWAIN_SERVICE_WEB_HTTP, and it reaches web through it', async () => {
    await e2e.ok('ApplyWorkload', {
      workload: spec('front', {
        network: 'host',
        command: [
          'sh',
          '-c',
          "trap 'exit 0' TERM; i=0; while [ $i -lt 600 ]; do wget -q -O /dev/null http://$COXSWAIN_SERVICE_WEB_HTTP/etc/hostname && echo reached-web; i=$((i+1)); sleep 1; done",
        ],
        resources: { cpuMillis: 10, memoryBytes: String(8 << 20) },
      }),
    });
    const found = await waitFor(
      'front running',
      async () => {
        for (const [host, list] of await e2e.running('front')) if (list[0]) return { host, id: list[0].Id };
        return undefined;
      },
      60_000,
    );
    const container = e2e.cluster.host(found.host).docker.getContainer(found.id);
    const env = (await container.inspect()).Config.Env;
    expect(env).toContain('COXSWAIN_SERVICE_WEB_HTTP=127.0.0.1:30080');
    await waitFor(
      'front reached web',
      async () =>
        (await container.logs({ stdout: true, stderr: true })).toString().includes('reached-web') ? true : undefined,
      30_000,
      500,
    );
    await e2e.ok('DeleteWorkload', { name: 'front' });
  });

  it('scales down from 3 to 1 without failing a request through the mesh', async () => {
    await e2e.ok('ApplyWorkload', { workload: web({ replicas: 3 }) });
    await waitFor(
      '3 ready endpoints',
      async () => ((await readyEndpoints('web')).length === 3 ? true : undefined),
      60_000,
    );
    // Through every host in turn: h3 proxies in userspace, h1 and h2 forward in the kernel to their
    // own replica until it leaves, and must stop doing so before it gets SIGTERM.
    const results: { at: number; via: string; status: number | string }[] = [];
    let stop = false;
    let scaledAt = 0;
    // 50 requests/s, a new connection each, for at most 40 s.
    const loop = (async () => {
      const start = Date.now();
      const pending: Promise<void>[] = [];
      for (let i = 0; i < 2000 && !stop && Date.now() - start < 40_000; i++) {
        await sleep(start + i * 20 - Date.now());
        const at = Date.now();
        const via = e2e.hosts[i % e2e.hosts.length];
        pending.push(fetchOnce(via.address, 30080).then((status) => void results.push({ at, via: via.name, status })));
      }
      await Promise.all(pending);
    })();
    const listed = new Sampler(
      async () => (await readyEndpoints('web')).map((e) => `${e.node}:${e.port}`).join('+'),
      300,
      60_000,
    );
    try {
      await sleep(2000);
      scaledAt = Date.now();
      await e2e.ok('ApplyWorkload', { workload: web({ replicas: 1 }) });
      await e2e.waitForWorkload('web', (w) => w.status.replicas.length === 1, 'one replica left', 30_000);
      await sleep(3000);
    } finally {
      stop = true;
      await loop;
      await listed.stop();
    }
    expect(results.length).toBeGreaterThan(100);
    // As ms from the scale-down, so a failure can be set beside the agents' and control plane's logs.
    const failed = results.filter((r) => r.status !== 200).map((r) => `${r.at - scaledAt}ms via ${r.via} ${r.status}`);
    if (failed.length > 0) {
      // What the entry host's mesh and the control plane did meanwhile, for the report.
      const lines = (log: string) =>
        log
          .split('\n')
          .filter(
            (l) => /mesh|endpoint|drain|stopp/i.test(l) && Number(/"time":(\d+)/.exec(l)?.[1]) >= scaledAt - 1000,
          );
      for (const h of e2e.hosts)
        console.log(
          `${h.name} agent:\n${lines(e2e.agents.get(h.name)?.log() ?? '')
            .slice(0, 40)
            .join('\n')}`,
        );
      console.log(`ListEndpoints: ${listed.samples.map((x) => `${x.at - scaledAt}ms ${x.value}`).join(', ')}`);
      const eps = await readyEndpoints('web');
      for (const e of eps)
        console.log(`endpoint ${e.node} ${e.address}:${e.port} direct ${await fetchOnce(e.address, e.port)}`);
      for (const h of e2e.hosts) console.log(`via ${h.name}:30080 ${await fetchOnce(h.address, 30080)}`);
      const again: (number | string)[] = [];
      for (let i = 0; i < 100; i++) {
        again.push(await fetchOnce(addressOf('h3'), 30080));
        await sleep(20);
      }
      console.log(`after: ${again.join(',')}`);
      console.log(
        (e2e.agents.get('h3')?.log() ?? '')
          .split('\n')
          .filter((l) => /"level":[456]0/.test(l))
          .slice(-10)
          .join('\n'),
      );
      console.log(`control plane:\n${lines(e2e.controlPlane.log()).slice(0, 40).join('\n')}`);
    }
    expect(failed).toEqual([]);
  });
});
