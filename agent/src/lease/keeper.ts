import type { Logger } from '@coxswain/shared';
import type { ManagedContainer } from '../docker';
import { activeAtMostOne, containersToStop, leaseExpired, startingLease } from './lease';
import type { LeaseRecordStore } from './record-file';

/** The fence before any control plane has told one (and none is remembered): the default node lease. */
export const DEFAULT_LEASE_MS = 3000;
/** The record is rewritten at most this often: an older record only makes a restarted agent stop sooner. */
const SAVE_EVERY_MS = 1000;

export interface LeaseKeeperOptions {
  list: () => Promise<ManagedContainer[]>;
  stop: (containerId: string) => Promise<void>;
  logger: Logger;
  checkIntervalMs?: number;
  now?: () => number;
  /** Where the last confirmation and fence are kept across restarts; absent: nowhere. */
  record?: LeaseRecordStore;
}

/**
 * The agent's half of the at-most-one fence. It runs from the last message the control plane
 * confirmed hearing (a heartbeat it acknowledged, or the registration it answered), counted from
 * when the agent *sent* it: the control plane counts its fence from when it received that
 * message, never earlier, so this one always ends first. An open stream proves nothing by
 * itself: a dead path is only noticed later, and a control plane may keep a socket open without
 * listening.
 *
 * Its length is the control plane's singleton fence, not the node lease: longer than a
 * control-plane restart or takeover, so those stop no at-most-one container. The last
 * confirmation and fence are kept in the state folder, so that a restarted agent that cannot
 * reach the control plane still counts from what the control plane last heard (see startingLease).
 *
 * While the fence has run out the containers that must not outlive it are stopped. A fence that
 * lapsed is not revived retroactively by a late confirmation: the control plane may have
 * re-placed those replicas during the gap, so they are stopped even then.
 */
export class LeaseKeeper {
  private lastRenewed: number;
  private fenceMs: number;
  private lastSaved = 0;
  private saveFailed = false;
  /** The lease lapsed and was renewed before a check could enforce it. */
  private lapsed = false;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<string[]> | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: LeaseKeeperOptions) {
    this.now = opts.now ?? Date.now;
    // Until the first confirmation the containers may belong to an earlier run that lost the
    // control plane: the same count must cover them, from where that run left it.
    let record;
    try {
      record = opts.record?.load();
    } catch (err) {
      opts.logger.warn({ err: (err as Error).message }, 'lease record unreadable: counting from now');
    }
    const start = startingLease(record, this.now(), DEFAULT_LEASE_MS);
    this.lastRenewed = start.lastHeard;
    this.fenceMs = start.fenceMs;
    opts.logger.info(
      { fenceMs: this.fenceMs, lastHeardAgoMs: this.now() - this.lastRenewed, remembered: !!record },
      'at-most-one fence',
    );
  }

  /** The fence the control plane told (Registered); 0 keeps the current one. */
  setFenceMs(ms: number): void {
    if (!(ms > 0) || ms === this.fenceMs) return;
    this.fenceMs = ms;
    this.save();
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
    if (at - this.lastSaved >= SAVE_EVERY_MS) this.save();
  }

  private save(): void {
    if (!this.opts.record) return;
    try {
      this.opts.record.save({ lastHeard: this.lastRenewed, fenceMs: this.fenceMs });
      this.lastSaved = this.lastRenewed;
      this.saveFailed = false;
    } catch (err) {
      // Logged once per failure spell: a full or read-only disk would otherwise log every second.
      if (!this.saveFailed)
        this.opts.logger.warn(
          { err: (err as Error).message },
          'cannot keep the lease record: a restart counts from older news',
        );
      this.saveFailed = true;
    }
  }

  /** The latest moment the control plane is known to have heard this agent. */
  lastHeard(): number {
    return this.lastRenewed;
  }

  expired(): boolean {
    return leaseExpired(this.now(), this.lastRenewed, this.fenceMs);
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
        : containersToStop({ now, lastHeard: this.lastRenewed, leaseMs: this.fenceMs, containers });
      const stopped: string[] = [];
      for (const c of victims) {
        const log = this.opts.logger.child({ workload: c.info.workload, replica: c.info.replica, epoch: c.info.epoch });
        try {
          await this.opts.stop(c.info.containerId);
          stopped.push(c.info.containerId);
          log.warn(
            { containerId: c.info.containerId, fenceMs: this.fenceMs, lastHeardAgoMs: now - this.lastRenewed },
            'fence ran out: stopped at-most-one container',
          );
        } catch (err) {
          log.error(
            { containerId: c.info.containerId, err: (err as Error).message },
            'fence ran out but the container could not be stopped',
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
