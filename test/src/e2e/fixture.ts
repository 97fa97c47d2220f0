// A whole cluster for end-to-end tests: simulated hosts, the control plane and the agents as real
// processes, driven through the public API by buf curl and observed on the engines directly.
// Security is on as by default: the API over TLS with the admin token, agents joining with the
// join token and talking mutual TLS; `insecure: true` runs the whole cluster with --insecure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { LABEL_EPOCH, LABEL_REPLICA, LABEL_WORKLOAD } from '@coxswain/shared';
import { CP, bufCurl, type BufOptions, type BufResult, type TlsOptions } from '../buf';
import { freePort, startHosts, spawnLogged, waitFor, type Cluster, type LoggedProcess, type TestHost } from '../hosts';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CONTROL_PLANE = path.join(REPO, 'control-plane', 'dist', 'main.js');
const AGENT = path.join(REPO, 'agent', 'dist', 'main.js');

/** One running container of a replica, as an engine reports it. */
export interface Copy {
  host: string;
  containerId: string;
  epoch: string;
}

export interface E2EOptions {
  hosts: number;
  /** Hosts (1-based) that get an agent at start; default all. */
  agentsOn?: number[];
  controlPlaneArgs?: string[];
  agentArgs?: (host: TestHost) => string[];
  /** Run control plane and agents with --insecure (plaintext, no tokens). */
  insecure?: boolean;
  /** Hosts (1-based) whose engine has Docker's bridge network; the others have host and none only. */
  bridgeOn?: number[];
  /**
   * Makes the folder of the control plane's database (and its keys) inside the run's folder, e.g.
   * a small file system mounted there: the harness's cleanup unmounts whatever is under it.
   * Default: a fresh temporary folder.
   */
  dbDir?: (cluster: Cluster) => Promise<string>;
}

export class E2E {
  readonly agents = new Map<string, LoggedProcess>();
  controlPlane!: LoggedProcess;
  port = 0;

  private constructor(
    readonly cluster: Cluster,
    private readonly opts: E2EOptions,
    readonly dbDir: string,
  ) {}

  static async start(opts: E2EOptions): Promise<E2E> {
    const cluster = await startHosts({ count: opts.hosts, bridgeOn: opts.bridgeOn });
    let dbDir: string;
    try {
      dbDir = opts.dbDir ? await opts.dbDir(cluster) : fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-e2e-'));
    } catch (err) {
      await cluster.teardown();
      throw err;
    }
    const e2e = new E2E(cluster, opts, dbDir);
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

  /** Also when a test passes --insecure itself through the control plane's arguments. */
  get insecure(): boolean {
    return !!this.opts.insecure || (this.opts.controlPlaneArgs ?? []).includes('--insecure');
  }

  /** How buf curl reaches the API: the cluster CA and the admin token (undefined with --insecure). */
  get tls(): TlsOptions | undefined {
    if (this.insecure) return undefined;
    return { caFile: path.join(this.dbDir, 'ca.crt'), token: this.secret('admin.token') };
  }

  /** The current join token, as the control plane keeps it beside its database. */
  get joinToken(): string {
    return this.secret('join.token');
  }

  private secret(file: string): string {
    return fs.readFileSync(path.join(this.dbDir, file), 'utf8').trim();
  }

  async startControlPlane(extra: string[] = []): Promise<void> {
    // The bridge address is an interface address anyway; naming the gateways keeps the server
    // certificate right even if the harness ever routes differently.
    const security = this.insecure
      ? ['--insecure'].filter((f) => !this.opts.controlPlaneArgs?.includes(f))
      : [...new Set(this.hosts.map((h) => h.gateway))].flatMap((g) => ['--tls-san', g]);
    this.controlPlane = spawnLogged(
      'node',
      [
        CONTROL_PLANE,
        '--listen',
        `0.0.0.0:${this.port}`,
        '--db',
        path.join(this.dbDir, 'coxswain.db'),
        ...security,
        ...(this.opts.controlPlaneArgs ?? []),
        ...extra,
      ],
      { logFile: path.join(this.cluster.dir, 'logs', `control-plane-${Date.now()}.log`), env: { ...process.env } },
    );
    await this.controlPlane.waitForLog(/control plane serving/, 20_000);
  }

  /** kill -9 of the control plane, as a crash is: no shutdown, nothing flushed. */
  async killControlPlane(): Promise<void> {
    this.controlPlane.kill('SIGKILL');
    await this.controlPlane.wait(10_000);
  }

  /** Where the agent of a host keeps its key, certificate and lease record: survives agent restarts. */
  agentStateDir(host: TestHost): string {
    return path.join(host.dir, 'agent-state');
  }

  startAgent(host: TestHost, extra: string[] = []): LoggedProcess {
    const own = [...(this.opts.agentArgs?.(host) ?? []), ...extra];
    const security = this.insecure ? ['--insecure'].filter((f) => !own.includes(f)) : ['--join-token', this.joinToken];
    // Always the host's own folder, --insecure too: the default is one folder for every agent of
    // this machine, and the agent keeps its lease record there.
    const state = own.includes('--state-dir') ? [] : ['--state-dir', this.agentStateDir(host)];
    const args = [
      AGENT,
      '--control-plane',
      `${host.gateway}:${this.port}`,
      '--name',
      host.name,
      '--docker-host',
      host.dockerHost,
      '--container-network',
      'none',
      '--stop-timeout',
      '2s',
      ...security,
      ...state,
      ...own,
    ];
    const proc = host.startProcess('node', args, {}, { logName: `agent-${Date.now()}.log` });
    this.agents.set(host.name, proc);
    return proc;
  }

  /** Calls the user API with the cluster's CA and admin token; `opts` may add streaming etc. */
  call(method: string, body: unknown = {}, opts: BufOptions = {}): Promise<BufResult> {
    return bufCurl(this.target, `${CP}/${method}`, body, { tls: this.tls, ...opts });
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
    return waitFor(
      `${ready} READY nodes`,
      async () => {
        const nodes = await this.nodes();
        return nodes.filter((n) => n.state === 'READY').length === ready ? nodes : undefined;
      },
      timeoutMs,
      300,
    );
  }

  /**
   * Coxswain containers on one host's engine (all states). Bounded: a frozen engine never
   * answers, and a sampler asking every engine must not hang on one.
   */
  async containers(host: TestHost, workload?: string): Promise<Docker.ContainerInfo[]> {
    const label = workload ? `${LABEL_WORKLOAD}=${workload}` : LABEL_WORKLOAD;
    return host.docker.listContainers({
      all: true,
      filters: { label: [label] },
      abortSignal: AbortSignal.timeout(5000),
    });
  }

  /** Running Coxswain containers per host name, read from the engines themselves. */
  async running(workload?: string, hosts: TestHost[] = this.hosts): Promise<Map<string, Docker.ContainerInfo[]>> {
    const out = new Map<string, Docker.ContainerInfo[]>();
    for (const h of hosts) {
      // A frozen engine cannot be asked: tests see its containers through its cgroups instead.
      if (!h.engineRunning || h.engineFrozen) continue;
      out.set(
        h.name,
        (await this.containers(h, workload)).filter((c) => c.State === 'running'),
      );
    }
    return out;
  }

  async runningCount(workload?: string, hosts?: TestHost[]): Promise<number> {
    let n = 0;
    for (const list of (await this.running(workload, hosts)).values()) n += list.length;
    return n;
  }

  /**
   * Waits until each of the workload's `replicas` runs (as the engines see it) on a host other
   * than `away`: what a failover must achieve. Resolves with the time it was seen, in ms.
   */
  async waitForReplicasOff(workload: string, away: TestHost, replicas: number, timeoutMs: number): Promise<number> {
    await waitFor(
      `every ${workload} replica running off ${away.name}`,
      async () => {
        const copies = await this.copies(workload);
        const elsewhere = [...copies.values()].filter((list) => list.some((c) => c.host !== away.name)).length;
        return elsewhere === replicas || undefined;
      },
      timeoutMs,
      100,
    );
    return Date.now();
  }

  /**
   * Running copies per replica ("workload/replica") across every engine that is up, cut hosts
   * included: the test reaches a cut host's engine over its unix socket, so a copy the control
   * plane cannot see still counts.
   */
  async copies(workload: string): Promise<Map<string, Copy[]>> {
    const out = new Map<string, Copy[]>();
    for (const [host, list] of await this.running(workload)) {
      for (const c of list) {
        const key = `${workload}/${c.Labels[LABEL_REPLICA]}`;
        out.set(key, [...(out.get(key) ?? []), { host, containerId: c.Id, epoch: c.Labels[LABEL_EPOCH] ?? '' }]);
      }
    }
    return out;
  }

  /** Container id -> StartedAt for every running container of a workload, across all engines. */
  async snapshot(workload: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const [host, list] of await this.running(workload)) {
      for (const c of list) {
        const info = await this.cluster
          .host(host)
          .docker.getContainer(c.Id)
          .inspect()
          .catch(() => undefined);
        if (info?.State.Running) out.set(c.Id, info.State.StartedAt);
      }
    }
    return out;
  }

  async nodeState(name: string): Promise<string | undefined> {
    return (await this.nodes()).find((n) => n.name === name)?.state;
  }

  /**
   * When the control plane's current session with `node` began (its log's clock), if it began at
   * or after `since`: the agent registered on a new stream, or a stream that survived the outage
   * carried news again. A dead stream may deliver a last burst when the link returns and then
   * close; that is no reconnect, so ask once the host is known to be back for good.
   */
  reconnectedAt(node: string, since: number): number | undefined {
    let began: number | undefined;
    for (const line of this.controlPlane.log().split('\n')) {
      if (!line.includes(`"node":"${node}"`)) continue;
      const m = /"msg":"(agent registered|node back|agent stream closed)"/.exec(line);
      const time = m && (JSON.parse(line) as { time: number }).time;
      if (!m || time! < since) continue;
      if (m[1] === 'agent stream closed') began = undefined;
      else began ??= time!;
    }
    return began;
  }

  /** Brings a killed host back: a fresh engine (its containers stay exited) and a new agent. */
  async revive(host: TestHost): Promise<void> {
    await host.startDocker();
    this.startAgent(host);
  }

  async waitForWorkload(name: string, pred: (w: any) => boolean, what: string, timeoutMs = 30_000): Promise<any> {
    return waitFor(
      `${name}: ${what}`,
      async () => {
        const r = await this.call('GetWorkload', { name });
        return r.ok && pred(r.json) ? r.json : undefined;
      },
      timeoutMs,
      300,
    );
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

/**
 * A long-running command that exits at once on SIGTERM, as a well-behaved service does; `sleep`
 * as PID 1 ignores SIGTERM, so every stop would wait out the whole grace period.
 */
/**
 * The times (ms) at which the engine of `host` sent SIGTERM to a container, as its `kill` events
 * report them, from now until `stop()`.
 */
export async function watchSigterms(host: TestHost, containerId: string): Promise<{ times: number[]; stop(): void }> {
  const times: number[] = [];
  const events = (await host.docker.getEvents({
    filters: { container: [containerId], event: ['kill'] },
  })) as NodeJS.ReadableStream;
  events.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      const e = JSON.parse(line) as { timeNano: number; Actor?: { Attributes?: Record<string, string> } };
      const signal = e.Actor?.Attributes?.signal;
      if (signal === '15' || signal === 'SIGTERM') times.push(Math.floor(e.timeNano / 1e6));
    }
  });
  return { times, stop: () => (events as unknown as { destroy?: () => void }).destroy?.() };
}

export const SERVICE_COMMAND = ['sh', '-c', "trap 'exit 0' TERM; sleep 100000 & wait"];

export function spec(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    image: 'coxswain/busybox:1',
    command: ['sleep', '100000'],
    replicas: 1,
    resources: { cpuMillis: 100, memoryBytes: String(32 << 20) },
    // The test hosts have no bridge network unless a test gives them one.
    network: 'none',
    ...extra,
  };
}
