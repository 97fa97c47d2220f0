import type { Logger } from '@coxswain/shared';
import type { Dispatcher } from './dispatcher';
import { reconcile } from './reconciler';
import type { Store } from './store';

export interface ControllerOptions {
  nodeTimeoutMs: number;
  fenceMarginMs: number;
  /** Passes run at least this often, so leases expire and backoffs elapse without a trigger. */
  intervalMs: number;
}

/**
 * Runs the reconciler: read the store, plan, commit the plan, send its commands. Passes are
 * synchronous (SQLite access is), so two can never interleave; triggers coalesce into one.
 */
export class Controller {
  private timer: NodeJS.Timeout | undefined;
  private queued = false;
  private dispatcher: Dispatcher | undefined;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly opts: ControllerOptions,
  ) {}

  attach(dispatcher: Dispatcher): void {
    this.dispatcher = dispatcher;
  }

  start(): void {
    this.store.refreshLeases(Date.now());
    this.timer = setInterval(() => this.pass(), this.opts.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Asks for a pass soon; many triggers in one tick make one pass. */
  trigger = (): void => {
    if (this.queued) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      this.pass();
    });
  };

  pass(): void {
    try {
      const state = this.store.loadState();
      const plan = reconcile({
        ...state,
        now: Date.now(),
        nodeTimeoutMs: this.opts.nodeTimeoutMs,
        fenceMarginMs: this.opts.fenceMarginMs,
        connected: this.dispatcher?.connectedNodes() ?? new Set(),
      });
      this.store.applyChanges(plan.changes);
      for (const n of plan.changes.nodeStates ?? []) this.log.warn({ node: n.name, state: n.state }, 'node state');
      for (const cmd of plan.commands) this.dispatcher?.send(cmd);
    } catch (err) {
      this.log.error({ err }, 'reconcile pass failed');
    }
  }
}
