// Agents' reports, written together: those that arrive in one turn of the event loop go to the
// store as one transaction. Measured reason: with one transaction per report, the commit (a
// flush of the disk) took 27 % of the control plane's thread while 10,000 replicas were placed
// on 1,000 agents, and heartbeat acks and API calls queued behind it.

/** A report's write; a write that throws is retried alone (see flush). */
export type ReportWrite = () => void;

export interface ReportBatchDeps {
  /** All of them in one transaction, or throws and writes none. */
  batch(writes: readonly ReportWrite[]): void;
  /** One of them on its own (with the caller's handling of a store that cannot write). */
  single(node: string, write: ReportWrite): void;
  /** The batch was written: a pass should look. */
  written(): void;
  /** A batch that failed as a whole, before its writes were retried one by one. */
  failed(err: unknown, nodes: readonly string[]): void;
}

export class ReportBatch {
  /** At most one report per node: a write reads the node's containers as the store has them. */
  private readonly queued = new Map<string, ReportWrite>();
  private scheduled = false;

  constructor(private readonly deps: ReportBatchDeps) {}

  /** Queues the node's report; a second one of the same node first writes what is queued. */
  add(node: string, write: ReportWrite): void {
    if (this.queued.has(node)) this.flush();
    this.queued.set(node, write);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Whether a report of the node waits: anything else the node says must come after it. */
  holds(node: string): boolean {
    return this.queued.has(node);
  }

  /** Writes what is queued. A batch that fails is written report by report, so one bad report costs only itself. */
  flush(): void {
    if (this.queued.size === 0) return;
    const entries = [...this.queued];
    this.queued.clear();
    try {
      this.deps.batch(entries.map(([, w]) => w));
    } catch (err) {
      this.deps.failed(
        err,
        entries.map(([node]) => node),
      );
      for (const [node, w] of entries) this.deps.single(node, w);
    }
    this.deps.written();
  }
}
