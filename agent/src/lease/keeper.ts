import type { Logger } from '@coxswain/shared';
import type { ManagedContainer } from '../docker';
import { activeAtMostOne, containersToStop, leaseExpired } from './lease';

export const DEFAULT_LEASE_MS = 3000;

export interface LeaseKeeperOptions {
  list: () => Promise<ManagedContainer[]>;
  stop: (containerId: string) => Promise<void>;
  logger: Logger;
  checkIntervalMs?: number;
  now?: () => number;
}

/**
 * The agent's half of the node lease. It runs from the last message the control plane confirmed
 * hearing (a heartbeat it acknowledged, or the registration it answered), counted from when the
 * agent *sent* it: the control plane's lease for the node starts when it received that message,
 * never earlier, so this one always ends first. An open stream proves nothing by itself: a dead
 * path is only noticed later, and a control plane may keep a socket open without listening.
 *
 * While the lease is expired the containers that must not outlive it are stopped. A lease that
 * lapsed is not revived retroactively by a late confirmation: the control plane may have
 * re-placed those replicas during the gap, so they are stopped even then.
 */
export class LeaseKeeper {
  private lastRenewed: number;
  private leaseMs = DEFAULT_LEASE_MS;
  /** The lease lapsed and was renewed before a check could enforce it. */
  private lapsed = false;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<string[]> | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: LeaseKeeperOptions) {
    this.now = opts.now ?? Date.now;
    // Until the first confirmation, count from the agent's start: the containers may belong to
    // an earlier run that lost the control plane, and the same rule must cover them.
    this.lastRenewed = this.now();
  }

  setLeaseMs(ms: number): void {
    if (ms > 0) this.leaseMs = ms;
  }

  /** The control plane confirmed a message this agent sent at `sentAt` (this agent's clock). */
  renewed(sentAt: number): void {
    const now = this.now();
    // A confirmation from the future is a bug or a foreign clock; it may not extend anything.
    const at = Math.min(sentAt, now);
    if (!(at > this.lastRenewed)) return;
    if (this.expired()) {
      this.lapsed = true;
      void this.check();
    }
    this.lastRenewed = at;
  }

  /** The latest moment the control plane is known to have heard this agent. */
  lastHeard(): number {
    return this.lastRenewed;
  }

  expired(): boolean {
    return leaseExpired(this.now(), this.lastRenewed, this.leaseMs);
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

  /** One pass of the rule; exposed for tests. Concurrent calls share one pass. */
  check(): Promise<string[]> {
    if (this.checking) return this.checking;
    if (!this.lapsed && !this.expired()) return Promise.resolve([]);
    this.checking = this.enforce().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async enforce(): Promise<string[]> {
    const lapsed = this.lapsed;
    try {
      const containers = await this.opts.list();
      // Re-read the clock: the listing may have taken long enough for a renewal to come in.
      const now = this.now();
      const victims = lapsed
        ? activeAtMostOne(containers)
        : containersToStop({ now, lastHeard: this.lastRenewed, leaseMs: this.leaseMs, containers });
      const stopped: string[] = [];
      for (const c of victims) {
        const log = this.opts.logger.child({ workload: c.info.workload, replica: c.info.replica, epoch: c.info.epoch });
        try {
          await this.opts.stop(c.info.containerId);
          stopped.push(c.info.containerId);
          log.warn(
            { containerId: c.info.containerId, leaseMs: this.leaseMs, lastHeardAgoMs: now - this.lastRenewed },
            'lease expired: stopped at-most-one container',
          );
        } catch (err) {
          log.error(
            { containerId: c.info.containerId, err: (err as Error).message },
            'lease expired but the container could not be stopped',
          );
        }
      }
      if (lapsed && stopped.length === victims.length) this.lapsed = false;
      return stopped;
    } catch (err) {
      this.opts.logger.error({ err: (err as Error).message }, 'lease check failed to list containers');
      return [];
    }
  }
}
