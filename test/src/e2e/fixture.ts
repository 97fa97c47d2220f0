// A whole cluster for end-to-end tests: simulated hosts, the control plane and the agents as real
// processes, driven through the public API by buf curl and observed on the engines directly.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { LABEL_WORKLOAD } from '@coxswain/shared';
import { CP, bufCurl, type BufResult } from '../buf';
import { startHosts, spawnLogged, waitFor, type Cluster, type LoggedProcess, type TestHost } from '../hosts';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CONTROL_PLANE = path.join(REPO, 'control-plane', 'dist', 'main.js');
const AGENT = path.join(REPO, 'agent', 'dist', 'main.js');

export interface E2EOptions {
  hosts: number;
  /** Hosts (1-based) that get an agent at start; default all. */
  agentsOn?: number[];
  controlPlaneArgs?: string[];
  agentArgs?: (host: TestHost) => string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export class E2E {
  readonly agents = new Map<string, LoggedProcess>();
  controlPlane!: LoggedProcess;
  port = 0;
  readonly dbDir: string;

  private constructor(readonly cluster: Cluster, private readonly opts: E2EOptions) {
    this.dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-e2e-'));
  }

  static async start(opts: E2EOptions): Promise<E2E> {
    const cluster = await startHosts({ count: opts.hosts });
    const e2e = new E2E(cluster, opts);
    try {
      e2e.port = await freePort();
      await e2e.startControlPlane();
      for (const i of opts.agentsOn ?? cluster.hosts.map((h) => h.index)) e2e.startAgent(cluster.host(i));
      await e2e.waitForNodes((opts.agentsOn ?? cluster.hosts).length);
      return e2e;
    } catch (err) {
      await e2e.stop();
      throw err;
    }
  }

  /** Where tests call the API (loopback); agents reach the same port over the bridge. */
  get target(): string {
    return `127.0.0.1:${this.port}`;
  }

  get hosts(): TestHost[] {
    return this.cluster.hosts;
  }

  async startControlPlane(extra: string[] = []): Promise<void> {
    this.controlPlane = spawnLogged('node', [
      CONTROL_PLANE, '--listen', `0.0.0.0:${this.port}`, '--db', path.join(this.dbDir, 'coxswain.db'),
      ...(this.opts.controlPlaneArgs ?? []), ...extra,
    ], { logFile: path.join(this.cluster.dir, 'logs', `control-plane-${Date.now()}.log`), env: { ...process.env } });
    await this.controlPlane.waitForLog(/control plane serving/, 20_000);
  }

  startAgent(host: TestHost, extra: string[] = []): LoggedProcess {
    const args = [
      AGENT, '--control-plane', `${host.gateway}:${this.port}`, '--name', host.name, '--docker-host', host.dockerHost,
      '--container-network', 'none', '--stop-timeout', '2s', ...(this.opts.agentArgs?.(host) ?? []), ...extra,
    ];
    const proc = host.startProcess('node', args, {}, { logName: `agent-${Date.now()}.log` });
    this.agents.set(host.name, proc);
    return proc;
  }

  call(method: string, body: unknown = {}): Promise<BufResult> {
    return bufCurl(this.target, `${CP}/${method}`, body);
  }

  /** Calls and fails the test on an error answer. */
  async ok(method: string, body: unknown = {}): Promise<any> {
    const r = await this.call(method, body);
    if (!r.ok) throw new Error(`${method} failed: ${r.code}: ${r.message}`);
    return r.json;
  }

  async nodes(): Promise<any[]> {
    return (await this.ok('ListNodes')).nodes ?? [];
  }

  async waitForNodes(ready: number, timeoutMs = 30_000): Promise<any[]> {
    return waitFor(`${ready} READY nodes`, async () => {
      const nodes = await this.nodes();
      return nodes.filter((n) => n.state === 'READY').length === ready ? nodes : undefined;
    }, timeoutMs, 300);
  }

  /** Coxswain containers on one host's engine (all states). */
  async containers(host: TestHost, workload?: string): Promise<Docker.ContainerInfo[]> {
    const label = workload ? `${LABEL_WORKLOAD}=${workload}` : LABEL_WORKLOAD;
    return host.docker.listContainers({ all: true, filters: { label: [label] } });
  }

  /** Running Coxswain containers per host name, read from the engines themselves. */
  async running(workload?: string, hosts: TestHost[] = this.hosts): Promise<Map<string, Docker.ContainerInfo[]>> {
    const out = new Map<string, Docker.ContainerInfo[]>();
    for (const h of hosts) {
      if (!h.engineRunning) continue;
      out.set(h.name, (await this.containers(h, workload)).filter((c) => c.State === 'running'));
    }
    return out;
  }

  async runningCount(workload?: string, hosts?: TestHost[]): Promise<number> {
    let n = 0;
    for (const list of (await this.running(workload, hosts)).values()) n += list.length;
    return n;
  }

  async waitForWorkload(name: string, pred: (w: any) => boolean, what: string, timeoutMs = 30_000): Promise<any> {
    return waitFor(`${name}: ${what}`, async () => {
      const r = await this.call('GetWorkload', { name });
      return r.ok && pred(r.json) ? r.json : undefined;
    }, timeoutMs, 300);
  }

  async stop(): Promise<void> {
    const errors: string[] = [];
    for (const a of this.agents.values()) await a.stop(3_000).catch((e: Error) => errors.push(e.message));
    await this.controlPlane?.stop(3_000).catch((e: Error) => errors.push(e.message));
    await this.cluster.teardown().catch((e: Error) => errors.push(e.message));
    fs.rmSync(this.dbDir, { recursive: true, force: true });
    if (errors.length) throw new Error(`e2e cleanup: ${errors.join('; ')}`);
  }
}

export function spec(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name, image: 'coxswain/busybox:1', command: ['sleep', '100000'], replicas: 1,
    resources: { cpuMillis: 100, memoryBytes: String(32 << 20) }, ...extra,
  };
}
