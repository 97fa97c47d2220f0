// The routing mesh of one agent: applies each MeshTable the control plane sends (a listener per
// published port, each with its endpoint set, and the kernel's forwards to this host's endpoints)
// and reports what it could not bind.
import type { ContainerInfo, Logger, MeshService, MeshStatus, MeshTable } from '@coxswain/shared';
import { endpointKey } from './choose';
import { dialTcp, type Dial } from './dial';
import type { KernelPath } from './kernel-path';
import { localForwards } from './kernel-rules';
import { LocalReplicas } from './local-replicas';
import { MeshMetrics } from './metrics';
import { PassiveHealth } from './passive-health';
import { PortProxy } from './port-proxy';

export interface MeshOptions {
  node: string;
  connectTimeoutMs: number;
  logger: Logger;
  /** Told after every table applied, and whenever the set of unbindable ports changes. */
  sendStatus: (status: MeshStatus) => void;
  metrics?: MeshMetrics;
  /** Where listeners bind: every address of the host. Tests use loopback. */
  host?: string;
  /** Injected only by tests, for connects that never answer (which loopback cannot produce). */
  dial?: Dial;
  health?: PassiveHealth;
  maxTries?: number;
  totalBudgetMs?: number;
  bindRetryMs?: number;
  /** Hands connections to this host's own endpoints to the kernel; without it all go through userspace. */
  kernel?: Pick<KernelPath, 'sync' | 'close'>;
}

export class Mesh {
  private readonly ports = new Map<number, PortProxy>();
  private readonly active = new Map<string, number>();
  private readonly health: PassiveHealth;
  readonly metrics: MeshMetrics;
  private revision = 0;
  private services: readonly MeshService[] = [];
  private readonly local = new LocalReplicas();
  private closed = false;

  constructor(private readonly opts: MeshOptions) {
    this.health = opts.health ?? new PassiveHealth();
    this.metrics = opts.metrics ?? new MeshMetrics();
  }

  /**
   * Replaces the whole table. New connections use the new sets as soon as this returns; the ack
   * goes out once every new listener has tried its first bind.
   */
  async apply(table: MeshTable): Promise<void> {
    if (this.closed) return;
    this.revision = Number(table.revision);
    this.services = table.services;
    const wanted = new Map(table.services.filter((s) => s.publish > 0).map((s) => [s.publish, s]));
    for (const [port, proxy] of this.ports) {
      if (wanted.has(port)) continue;
      proxy.close();
      this.ports.delete(port);
    }
    const keys = new Set<string>();
    for (const [port, svc] of wanted) {
      for (const e of svc.endpoints) keys.add(endpointKey(e));
      let proxy = this.ports.get(port);
      if (!proxy) {
        proxy = new PortProxy({
          port,
          host: this.opts.host ?? '0.0.0.0',
          node: this.opts.node,
          dial: this.opts.dial ?? dialTcp,
          connectTimeoutMs: this.opts.connectTimeoutMs,
          maxTries: this.opts.maxTries ?? 5,
          totalBudgetMs: this.opts.totalBudgetMs ?? 2000,
          bindRetryMs: this.opts.bindRetryMs ?? 5000,
          health: this.health,
          active: this.active,
          metrics: this.metrics,
          logger: this.opts.logger,
          onBindChange: () => {
            // Only a change after the first bind is news on its own; the first goes with the ack.
            if (this.ports.get(port) !== proxy || !bound) return;
            void this.syncKernel();
            this.sendStatus();
          },
        });
        this.ports.set(port, proxy);
      }
      proxy.setEndpoints(svc.endpoints);
    }
    this.health.retain(keys);
    let bound = false;
    await Promise.all([...this.ports.values()].map((p) => p.bound));
    bound = true;
    // Before the ack: a replica that left the table must get no new connection from the kernel either.
    await this.syncKernel();
    // A newer table arrived meanwhile: its own apply acks, once its listeners have bound.
    if (this.closed || this.revision !== Number(table.revision)) return;
    this.opts.logger.info(
      { revision: this.revision, ports: [...this.ports.keys()], unavailable: this.unavailable().length },
      'mesh table applied',
    );
    this.sendStatus();
  }

  status(): MeshStatus {
    return { revision: this.revision, unavailable: this.unavailable() };
  }

  private unavailable(): MeshStatus['unavailable'] {
    return [...this.ports.entries()].filter(([, p]) => p.problem).map(([port, p]) => ({ port, message: p.problem }));
  }

  /**
   * What the agent saw of one of its own containers (and its network mode): the kernel forwards
   * only to local replicas seen running in the host's network with a passing check, and stops at
   * once when one stops or fails, before the control plane's next table.
   */
  observeLocal(containerId: string, info: ContainerInfo | undefined, network?: string): void {
    if (this.local.observe(containerId, info, network)) void this.syncKernel();
  }

  /** From the newest table whenever called, so the last call always leaves the kernel current. */
  private syncKernel(): Promise<void> {
    if (!this.opts.kernel || this.closed) return Promise.resolve();
    const listening = (port: number) => this.ports.get(port)?.listening ?? false;
    const up = this.services.map((s) => ({
      ...s,
      endpoints: s.endpoints.filter((e) => e.node !== this.opts.node || this.local.forwardable(s.workload, e.replica)),
    }));
    return this.opts.kernel.sync(localForwards(up, this.opts.node, listening));
  }

  private sendStatus(): void {
    if (!this.closed) this.opts.sendStatus(this.status());
  }

  /** Stops listening and removes the kernel's forwards; connections already joined finish. */
  close(): Promise<void> {
    this.closed = true;
    for (const p of this.ports.values()) p.close();
    this.ports.clear();
    return this.opts.kernel?.close() ?? Promise.resolve();
  }
}
