import type { Logger } from '@coxswain/shared';
import { dockerMessage } from './connect';

export interface EngineMonitorOptions {
  /** One ping of the engine, aborted through `signal` (dockerode's `ping({ abortSignal })`). */
  ping: (signal: AbortSignal) => Promise<unknown>;
  intervalMs: number;
  /** A ping not answered in this time counts as a failure ("ping timed out after N ms"). */
  timeoutMs: number;
  logger: Logger;
  /** The engine answers again after failing: what was missed must be reported now. */
  onRecovered?: (downForMs: number) => void;
  /**
   * The engine stopped answering. The control plane counts its node timeout from the heartbeat
   * that says so: waiting for the next periodic one costs up to an interval of failover.
   */
  onDown?: (why: string) => void;
  now?: () => number;
}

/**
 * Whether the engine answers, from a ping every interval. Heartbeats read the latest status and
 * never wait for a ping: a frozen engine (which accepts connections and answers nothing) must not
 * delay them. One ping at a time; a slow one makes the next interval's check skip.
 */
export class EngineMonitor {
  private lastError = '';
  private failingSince: number | undefined;
  private busy = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: EngineMonitorOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Empty while the engine answers; otherwise why it did not, as heartbeats carry it. */
  get error(): string {
    return this.lastError;
  }

  get up(): boolean {
    return this.failingSince === undefined;
  }

  /** This agent's clock: when the engine last stopped answering (undefined while it answers). */
  get downSince(): number | undefined {
    return this.failingSince;
  }

  start(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), this.opts.intervalMs);
    this.timer.unref?.();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One ping (exposed for tests); a call while one is under way returns at once. */
  async check(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const ms = this.opts.timeoutMs;
    try {
      await this.opts.ping(AbortSignal.timeout(ms));
      this.answered();
    } catch (err) {
      const e = err as Error;
      const timedOut = e.name === 'AbortError' || e.name === 'TimeoutError';
      this.failed(timedOut ? `ping timed out after ${ms} ms` : `ping failed: ${dockerMessage(err)}`);
    } finally {
      this.busy = false;
    }
  }

  /**
   * A Docker call failed in a way only a missing engine explains (timed out, nothing on the
   * socket): the status is down from now, not from the next ping.
   */
  report(why: string): void {
    this.failed(why);
  }

  private answered(): void {
    if (this.failingSince === undefined) return;
    const downForMs = this.now() - this.failingSince;
    this.failingSince = undefined;
    this.lastError = '';
    this.opts.logger.info({ downForMs }, 'docker engine answers again; resyncing');
    this.opts.onRecovered?.(downForMs);
  }

  private failed(why: string): void {
    if (this.failingSince === undefined) {
      this.failingSince = this.now();
      this.lastError = why;
      this.opts.logger.warn({ err: why }, 'docker engine does not answer');
      this.opts.onDown?.(why);
      return;
    }
    this.lastError = why;
  }
}
