import type { Logger } from '@coxswain/shared';
import type { ManagedContainer } from '../docker/labels';
import { containersToStop, leaseExpired } from './lease';

export const DEFAULT_LEASE_MS = 3000;

export interface LeaseKeeperOptions {
  list: () => Promise<ManagedContainer[]>;
  stop: (containerId: string) => Promise<void>;
  logger: Logger;
  /**
   * How stale "the stream is up" may be: a dead TCP path is only noticed when a keepalive ping
   * goes unanswered, so at the moment a break is detected the control plane may have been
   * unreachable for up to this long already.
   */
  detectionWindowMs: number;
  checkIntervalMs?: number;
  now?: () => number;
}

/**
 * Tracks when the control plane was last heard from and, while the lease is expired, stops the
 * containers that must not outlive it.
 */
export class LeaseKeeper {
  private lastMessage: number;
  private connected = false;
  private lastUp: number;
  private leaseMs = DEFAULT_LEASE_MS;
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private readonly now: () => number;

  constructor(private readonly opts: LeaseKeeperOptions) {
    this.now = opts.now ?? Date.now;
    // Until the first connection, count from the agent's start: the containers may belong to an
    // earlier run that lost the control plane, and the same rule must cover them.
    this.lastMessage = this.now();
    this.lastUp = this.lastMessage;
  }

  setLeaseMs(ms: number): void {
    if (ms > 0) this.leaseMs = ms;
  }

  /** Any message from the control plane. */
  heard(): void {
    this.lastMessage = this.now();
  }

  setConnected(up: boolean): void {
    const now = this.now();
    if (this.connected && !up) this.lastUp = now - this.opts.detectionWindowMs;
    this.connected = up;
    if (up) this.lastMessage = now;
  }

  /** The latest moment the control plane is known to have been reachable. */
  lastHeard(): number {
    if (this.connected) return this.now();
    return Math.max(this.lastMessage, this.lastUp);
  }

  expired(): boolean {
    return leaseExpired(this.now(), this.lastHeard(), this.leaseMs);
  }

  start(): void {
    const every = this.opts.checkIntervalMs ?? 500;
    this.timer = setInterval(() => void this.check(), every);
    this.timer.unref?.();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One pass of the rule; exposed for tests. */
  async check(): Promise<string[]> {
    if (this.checking || !this.expired()) return [];
    this.checking = true;
    try {
      const containers = await this.opts.list();
      // Re-read the clock: the listing may have taken long enough for a reconnect to happen.
      const victims = containersToStop({ now: this.now(), lastHeard: this.lastHeard(), leaseMs: this.leaseMs, containers });
      const stopped: string[] = [];
      for (const c of victims) {
        const log = this.opts.logger.child({ workload: c.info.workload, replica: c.info.replica, epoch: c.info.epoch });
        try {
          await this.opts.stop(c.info.containerId);
          stopped.push(c.info.containerId);
          log.warn({ containerId: c.info.containerId, leaseMs: this.leaseMs }, 'lease expired: stopped at-most-one container');
        } catch (err) {
          log.error({ containerId: c.info.containerId, err: (err as Error).message }, 'lease expired but the container could not be stopped');
        }
      }
      return stopped;
    } catch (err) {
      this.opts.logger.error({ err: (err as Error).message }, 'lease check failed to list containers');
      return [];
    } finally {
      this.checking = false;
    }
  }
}
