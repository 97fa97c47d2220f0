import type { ContainerInfo, ContainerReport, Logger } from '@coxswain/shared';
import type { ManagedContainer } from '../docker';

export interface ReporterOptions {
  list: () => Promise<ManagedContainer[]>;
  inspect: (containerId: string) => Promise<ManagedContainer | undefined>;
  /** Returns false when there is no stream to send on; the report is then dropped. */
  send: (report: ContainerReport) => boolean;
  logger: Logger;
  debounceMs?: number;
  /** Longest a single report may take to build before it is given up. */
  timeoutMs?: number;
}

/**
 * Turns Docker events into container reports. Changes are batched for a short while because one
 * docker action emits several events (kill, die, stop), and every report is built and sent
 * through one queue so a slow full inventory can never overtake a newer incremental report.
 */
export class Reporter {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  private readonly timeoutMs: number;

  constructor(private readonly opts: ReporterOptions) {
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  /** A container changed; it will be part of the next incremental report. */
  changed(containerId: string): void {
    if (this.closed) return;
    this.pending.add(containerId);
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flushChanges();
      }, this.opts.debounceMs ?? 50);
    }
  }

  /** Sends the whole inventory; resolves once it was sent (or dropped). */
  full(): Promise<void> {
    return this.enqueue(async () => {
      const containers = await this.opts.list();
      const report: ContainerReport = { full: true, containers: containers.map((c) => c.info), removed: [] };
      // Changes queued before this inventory are covered by it.
      if (this.opts.send(report)) this.opts.logger.debug({ containers: containers.length }, 'full report sent');
    }, 'full report');
  }

  private flushChanges(): void {
    const ids = [...this.pending];
    this.pending.clear();
    if (ids.length === 0) return;
    void this.enqueue(async () => {
      const containers: ContainerInfo[] = [];
      const removed: string[] = [];
      for (const id of ids) {
        const c = await this.opts.inspect(id);
        if (c) containers.push(c.info);
        else removed.push(id);
      }
      this.opts.send({ full: false, containers, removed });
    }, 'incremental report');
  }

  private enqueue(task: () => Promise<void>, what: string): Promise<void> {
    // A hung engine must not wedge the queue forever: later reports would never go out.
    const bounded = () =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
        task()
          .then(resolve, reject)
          .finally(() => clearTimeout(timer));
      });
    this.queue = this.queue.then(bounded).catch((err: Error) => {
      this.opts.logger.warn({ err: err.message }, `${what} failed`);
    });
    return this.queue;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
