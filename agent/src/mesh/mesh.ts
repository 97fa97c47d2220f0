// The routing mesh of one agent: applies each MeshTable the control plane sends (a listener per
// published port, each with its endpoint set) and reports what it could not bind.
import type { Logger, MeshStatus, MeshTable } from '@coxswain/shared';
import { endpointKey } from './choose';
import { dialTcp, type Dial } from './dial';
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
}

export class Mesh {
  private readonly ports = new Map<number, PortProxy>();
  private readonly active = new Map<string, number>();
  private readonly health: PassiveHealth;
  readonly metrics: MeshMetrics;
  private revision = 0;
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
            if (this.ports.get(port) === proxy && bound) this.sendStatus();
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

  private sendStatus(): void {
    if (!this.closed) this.opts.sendStatus(this.status());
  }

  close(): void {
    this.closed = true;
    for (const p of this.ports.values()) p.close();
    this.ports.clear();
  }
}
