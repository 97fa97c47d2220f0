// When checks run, for which containers, and what a result leads to. The probes and the stop are
// effects behind functions the caller gives, so the timing is tested with fake timers.
import type { Logger } from '@coxswain/shared';
import type { Check, ProbeKind } from './check';
import { applyResult, type CheckResult, type HealthState, INITIAL_HEALTH, sameHealth, shouldStop } from './state';

/** A container as the checker needs to know it. */
export interface Watched {
  containerId: string;
  workload: string;
  replica: number;
  running: boolean;
  /** Unix ms, agent clock; 0 when unknown. A new value means the container was started again. */
  startedAt: number;
  check?: Check;
}

/** Runs one probe; resolves with its result, and should give up soon after `signal` aborts. */
export type Probe = (containerId: string, probe: ProbeKind, signal: AbortSignal) => Promise<CheckResult>;

export interface HealthCheckerOptions {
  probe: Probe;
  /** Stops (not removes) a container that failed too often: it exits and the control plane restarts it. */
  stop: (containerId: string) => Promise<void>;
  /** The container's health changed: it belongs in the next report. */
  onChange: (containerId: string) => void;
  logger: Logger;
  /** The first check comes after the interval, but never later than this: readiness should not wait 10 s. */
  firstCheckMaxMs?: number;
}

interface Entry {
  w: Watched;
  check: Check;
  state: HealthState;
  /** The running timer: the next check, or the timeout of the one in flight. */
  timer: NodeJS.Timeout | undefined;
  /** The probe in flight, if any: at most one per container. */
  inflight: AbortController | undefined;
  /** The start time failures are counted from (the container's, or when we first saw it). */
  since: number;
  stopping: boolean;
}

export class HealthChecker {
  private readonly entries = new Map<string, Entry>();
  private closed = false;
  /** Containers started before this are adopted (the agent restarted): their health is unknown. */
  private readonly createdAt = Date.now();

  constructor(private readonly opts: HealthCheckerOptions) {}

  /** The container's current facts (undefined: it is gone). Starts, restarts or ends its checks. */
  observe(containerId: string, w: Watched | undefined): void {
    if (this.closed) return;
    const existing = this.entries.get(containerId);
    if (!w || !w.running || !w.check) {
      if (existing) this.forget(existing);
      return;
    }
    if (existing && existing.w.startedAt === w.startedAt) return;
    if (existing) this.forget(existing);
    const check = w.check;
    const e: Entry = {
      w,
      check,
      state: INITIAL_HEALTH,
      timer: undefined,
      inflight: undefined,
      since: w.startedAt || Date.now(),
      stopping: false,
    };
    this.entries.set(containerId, e);
    // An adopted container was probably serving: it is checked at once, so that it is out of
    // the endpoints no longer than one check takes.
    const adopted = w.startedAt > 0 && w.startedAt < this.createdAt;
    this.schedule(e, adopted ? 0 : Math.min(check.intervalMs, this.opts.firstCheckMaxMs ?? 1000));
    this.opts.onChange(containerId);
  }

  /** A full inventory: containers not in it are forgotten. */
  sync(all: Watched[]): void {
    const seen = new Set<string>();
    for (const w of all) {
      seen.add(w.containerId);
      this.observe(w.containerId, w);
    }
    for (const e of [...this.entries.values()]) if (!seen.has(e.w.containerId)) this.forget(e);
  }

  /** The health of a checked, running container; undefined when it has no check running. */
  healthOf(containerId: string): HealthState | undefined {
    return this.entries.get(containerId)?.state;
  }

  /** How many containers are being checked (for tests and logs). */
  get size(): number {
    return this.entries.size;
  }

  close(): void {
    this.closed = true;
    for (const e of [...this.entries.values()]) this.forget(e);
  }

  private forget(e: Entry): void {
    if (this.entries.get(e.w.containerId) === e) this.entries.delete(e.w.containerId);
    if (e.timer) clearTimeout(e.timer);
    e.timer = undefined;
    e.inflight?.abort();
    e.inflight = undefined;
  }

  private current(e: Entry): boolean {
    return this.entries.get(e.w.containerId) === e && !e.stopping;
  }

  private schedule(e: Entry, delayMs: number): void {
    e.timer = setTimeout(() => {
      e.timer = undefined;
      this.run(e);
    }, delayMs);
  }

  private run(e: Entry): void {
    if (!this.current(e)) return;
    const abort = new AbortController();
    e.inflight = abort;
    let done = false;
    const finish = (result: CheckResult) => {
      if (done) return;
      done = true;
      if (e.timer) clearTimeout(e.timer);
      e.timer = undefined;
      e.inflight = undefined;
      if (this.current(e)) this.record(e, result);
    };
    // A hanging check is a failure at its timeout; the probe is told to give up.
    e.timer = setTimeout(() => {
      e.timer = undefined;
      abort.abort();
      finish({ ok: false, message: `timed out after ${e.check.timeoutMs} ms` });
    }, e.check.timeoutMs);
    this.opts
      .probe(e.w.containerId, e.check.probe, abort.signal)
      .then(finish, (err: Error) => finish({ ok: false, message: err.message }));
  }

  private record(e: Entry, result: CheckResult): void {
    const inStartPeriod = Date.now() - e.since < e.check.startPeriodMs;
    const next = applyResult(e.state, result, inStartPeriod);
    const changed = !sameHealth(e.state, next);
    const log = this.opts.logger.child({ workload: e.w.workload, replica: e.w.replica, containerId: e.w.containerId });
    if (changed && next.status !== e.state.status)
      log.info({ health: next.status, failures: next.failures, message: next.message }, 'health changed');
    e.state = next;
    if (changed) this.opts.onChange(e.w.containerId);
    if (shouldStop(next, e.check.failureThreshold)) {
      e.stopping = true;
      log.warn({ failures: next.failures, message: next.message }, 'health check failed too often; stopping container');
      this.opts.stop(e.w.containerId).catch((err: Error) => {
        log.warn({ err: err.message }, 'stopping unhealthy container failed');
        // Checked again, so a stop that failed is tried again after the next failure.
        if (this.entries.get(e.w.containerId) === e) {
          e.stopping = false;
          this.schedule(e, e.check.intervalMs);
        }
      });
      return;
    }
    this.schedule(e, e.check.intervalMs);
  }
}
