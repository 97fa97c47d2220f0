// What the agent does about containers while its engine does not answer. A stopped engine took
// its containers down with it; a frozen one (SIGSTOP, a deadlock) left them running, and only
// their cgroups reach them. The control plane re-places their replicas past its node timeout and
// sends stops for the copies left behind; this is where those stops land when Docker cannot.
import type { Logger, StopContainer } from '@coxswain/shared';
import { engineUnresponsive, type CgroupKill, type EngineMonitor, type ManagedContainer } from './docker';

/** The ack's detail of a stop done without the engine. */
export const KILLED_DETAIL = 'engine unresponsive: killed through its cgroup';

export interface EngineDownOptions {
  monitor: Pick<EngineMonitor, 'up' | 'downSince' | 'report'>;
  /** The normal way: through the engine. */
  stopAndRemove: (containerId: string, graceSeconds?: number) => Promise<void>;
  /** The way without it (killContainerCgroup). */
  kill: (containerId: string, pid: number | undefined) => Promise<CgroupKill>;
  logger: Logger;
  checkIntervalMs?: number;
  now?: () => number;
}

/** Docker states in which a container's processes may run. */
const ACTIVE = new Set(['running', 'restarting', 'paused']);

export class EngineDownGuard {
  /** The containers as the engine last described them: all there is to go on once it is silent. */
  private readonly known = new Map<string, ManagedContainer>();
  /** At-most-one fence, ms of engine silence after which their containers are killed (0: not yet told). */
  private fenceMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private readonly now: () => number;

  constructor(private readonly opts: EngineDownOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** The engine listed everything: what it did not list is gone. */
  sync(all: readonly ManagedContainer[]): void {
    this.known.clear();
    for (const c of all) this.known.set(c.info.containerId, c);
  }

  /** The engine described one container (undefined: it no longer exists). */
  observe(containerId: string, c: ManagedContainer | undefined): void {
    if (c) this.known.set(containerId, c);
    else this.known.delete(containerId);
  }

  /** From the registration's answer: the at-most-one fence, else the lease. */
  setFence(singletonFenceMs: number, leaseMs: number): void {
    const ms = singletonFenceMs > 0 ? singletonFenceMs : leaseMs;
    if (ms > 0) this.fenceMs = ms;
  }

  /**
   * A stop command: through the engine while it answers, else (known down, or the call timed
   * out) through the container's cgroup. Resolves with the ack's detail ('' for a normal stop).
   */
  async stop(cmd: Pick<StopContainer, 'containerId' | 'reason' | 'graceMs'>): Promise<string> {
    if (this.opts.monitor.up) {
      try {
        // Docker's stop timeout is whole seconds: a grace is rounded up, never cut short.
        const grace = cmd.graceMs === undefined ? undefined : Math.ceil(cmd.graceMs / 1000);
        await this.opts.stopAndRemove(cmd.containerId, grace);
        this.known.delete(cmd.containerId);
        return '';
      } catch (err) {
        if (!engineUnresponsive(err)) throw err;
        this.opts.monitor.report((err as Error).message);
      }
    }
    await this.killThroughCgroup(cmd.containerId, cmd.reason);
    return KILLED_DETAIL;
  }

  start(): void {
    this.timer = setInterval(() => void this.check(), this.opts.checkIntervalMs ?? 500);
    this.timer.unref?.();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * At-most-one containers must be gone before the control plane may re-place them: once the
   * engine has been silent for the fence, they are killed here, whatever the control plane says.
   * Returns the ids killed (for tests).
   */
  async check(): Promise<string[]> {
    const since = this.opts.monitor.downSince;
    if (this.checking || since === undefined || this.fenceMs <= 0 || this.now() - since < this.fenceMs) return [];
    this.checking = true;
    const done: string[] = [];
    try {
      for (const c of [...this.known.values()]) {
        if (c.disconnect !== 'stop' || !ACTIVE.has(c.info.state)) continue;
        try {
          await this.killThroughCgroup(
            c.info.containerId,
            `engine silent for ${this.now() - since} ms (at-most-one fence)`,
          );
          done.push(c.info.containerId);
        } catch (err) {
          this.opts.logger.error(
            {
              workload: c.info.workload,
              replica: c.info.replica,
              containerId: c.info.containerId,
              err: (err as Error).message,
            },
            'engine silent past the at-most-one fence, but its container could not be killed',
          );
        }
      }
    } finally {
      this.checking = false;
    }
    return done;
  }

  private async killThroughCgroup(containerId: string, why: string): Promise<void> {
    const c = this.known.get(containerId);
    const fields = { workload: c?.info.workload, replica: c?.info.replica, containerId, why };
    let result: CgroupKill;
    try {
      result = await this.opts.kill(containerId, c?.pid);
    } catch (err) {
      throw new Error(`engine unresponsive, and killing through the cgroup failed: ${(err as Error).message}`, {
        cause: err,
      });
    }
    this.opts.logger.warn({ ...fields, killed: result.killed.length, cgroups: result.dirs.length }, KILLED_DETAIL);
    // Not running any more, as far as anyone here can tell: the fence check must not kill it again.
    if (c) this.known.set(containerId, { ...c, info: { ...c.info, state: 'exited', exitCode: 137 } });
  }
}
