import type { Logger } from '@coxswain/shared';
import { ALL_MOVE_REASONS, planMoves, type MovePlan, type MoveReason } from '../rebalancer';
import { firstLeaseEnd, rollbackWorkload, type WorkloadRecord } from '../model';
import { reconcile, runningReplicas, SettledMemo, type Command, type Rollback } from '../reconciler';
import { NodeLoad, unsettledNodes } from '../replica';
import { StoreUnavailableError, type ClusterStore, type PassState } from '../store';
import type { ChangeSource } from './pass-requests';
import { RoundClock } from './round-clock';
import { Sweep } from './sweep';

const DEFAULT_SWEEP_MS = 60_000;
/** A pass that holds the event loop this long is logged: it delays every stream and call meanwhile. */
const SLOW_PASS_MS = 100;
/** How often a workload that only waits for its containers to be reported is looked at anyway. */
const STARTING_LOOK_MS = 2_000;

/** What the controller needs of the agents' side: where commands go, and who can receive them. */
export interface CommandSink {
  /** Sends a command unless the same one is already on its way; a node without a stream drops it. */
  send(cmd: Command): void;
  /**
   * Nodes with a live stream: only they are sent commands this pass. The same set while none
   * opens or closes (never changed once handed out).
   */
  connectedNodes(): ReadonlySet<string>;
}

/** The controller's collaborators, all given at construction. */
export interface ControllerDeps {
  store: ClusterStore;
  log: Logger;
  commands: CommandSink;
  /** Facts changed: a pass is due soon. */
  changes: ChangeSource;
}

export interface ControllerOptions {
  nodeTimeoutMs: number;
  fenceMarginMs: number;
  /** Passes run at least this often, so leases expire and backoffs elapse without a trigger. */
  intervalMs: number;
  /**
   * Every workload is looked at at least this often (default 60 s), a slice of them by each
   * pass (see Sweep); otherwise passes look only at what changed and what is under way. The
   * safety net for a change that was not marked.
   */
  sweepIntervalMs?: number;
  /** Spread and compact by themselves; drains run either way. */
  autoRebalance: boolean;
  /** New replicas may move a running one to make room instead of opening an empty host. */
  makeRoom: boolean;
  /**
   * After a rebalancing round that found nothing to move, the next waits this long unless a node
   * changed or moves are under way (default 30 s, see RoundClock).
   */
  quietRoundMs?: number;
  /** Voluntary moves start at most this often... */
  moveIntervalMs: number;
  /** ...and at most this many are under way at once. */
  maxConcurrentMoves: number;
  /** A replica stopped on purpose gets SIGTERM this long after it left the endpoint set. */
  drainDelayMs?: number;
  /** Since when every connected agent's mesh serves the current table (see ReconcileInput). */
  meshSyncedAt?: () => number;
  meshAckTimeoutMs?: number;
  /** See ReconcileInput: the grace of a stale copy's stop, the settle time, the at-most-one fence. */
  staleStopTimeoutMs?: number;
  settleMs?: number;
  singletonFenceMs?: number;
  /** Told after every pass (for metrics), with whether its rebalancer planned and whether it looked at everything. */
  onPass?: (seconds: number, moves: MovePlan[], rebalanced: boolean, full: boolean) => void;
}

/**
 * Runs the reconciler: read the store, plan, commit the plan, send its commands. Passes are
 * synchronous (SQLite access is), so two can never interleave; triggers coalesce into one.
 */
export class Controller {
  private timer: NodeJS.Timeout | undefined;
  private queued = false;
  /** Callers waiting for the queued pass. */
  private waiting: (() => void)[] = [];
  private readonly rounds: RoundClock;
  private running = false;
  /** Workloads marked by changes that no committed pass has looked at yet. */
  private readonly marked = new Set<string>();
  /** Workloads the last pass left with something under way (ReconcilePlan.active). */
  private active = new Set<string>();
  /**
   * Workloads waiting for their new containers to be reported (ReconcilePlan.starting), with
   * when they are looked at again unless a report comes first. Measured reason: after 50 hosts
   * were lost at 10,000 replicas, the 800 workloads re-placed were each looked at by every pass
   * until their containers ran, and reports queued behind those passes for seconds.
   */
  private readonly starting = new Map<string, number>();
  /** Until a pass that looked at everything committed: a node changed, or nothing is known yet. */
  private fullDue = true;
  private readonly sweep: Sweep;
  /** See workloadNames. */
  private namesOf: readonly WorkloadRecord[] = [];
  private lastWorkloads: readonly WorkloadRecord[] = [];
  private names: string[] = [];
  /** What every node holds, kept by workload as they change (see NodeLoad). */
  private readonly load = new NodeLoad();
  private readonly settled = new SettledMemo();
  /** The nodes with a stream at the last pass: one that connects or leaves changes what may be driven. */
  private lastConnected: ReadonlySet<string> = new Set<string>();
  /** Since when passes could not commit (disk full); 0 while they can. */
  private uncommittedSince = 0;
  /** Why the last pass could not commit, if it could not. */
  private uncommitted: StoreUnavailableError | undefined;
  /** See firstLeaseEnd: set at start. */
  private leasesHoldUntil = 0;
  private readonly store: ClusterStore;
  private readonly log: Logger;
  private readonly commands: CommandSink;

  constructor(
    deps: ControllerDeps,
    private readonly opts: ControllerOptions,
  ) {
    this.store = deps.store;
    this.log = deps.log;
    this.commands = deps.commands;
    this.rounds = new RoundClock(opts);
    this.sweep = new Sweep(opts.sweepIntervalMs ?? DEFAULT_SWEEP_MS, Date.now());
    deps.changes.onChanged(this.trigger);
  }

  start(): void {
    const now = Date.now();
    // The time a node was last heard before this process started is no news about it now.
    this.store.refreshLeases(now);
    this.leasesHoldUntil = firstLeaseEnd(now, this.opts.nodeTimeoutMs);
    this.running = true;
    this.tick();
  }

  /**
   * The periodic pass. At a size where one pass takes a good part of the interval, the next
   * waits twice as long as the last one took, so that periodic passes never fill the event
   * loop and starve the agents' streams; leases still expire within a few passes.
   */
  private tick(): void {
    if (!this.running) return;
    const started = Date.now();
    this.pass();
    const took = Date.now() - started;
    this.timer = setTimeout(() => this.tick(), Math.max(this.opts.intervalMs, 2 * took));
    this.timer.unref();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Asks for a pass soon; many triggers in one tick make one pass. */
  trigger = (): void => {
    if (this.queued) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      const waiting = this.waiting;
      this.waiting = [];
      this.pass();
      for (const done of waiting) done();
    });
  };

  /**
   * Resolves after a pass that began after this call. API calls answer only then, so answers
   * show placements, yet calls that arrive together share one pass: a pass at scale costs
   * a fraction of a second, and one per call made concurrent callers wait on each other in turn.
   */
  settle(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.trigger();
    });
  }

  /** Plans voluntary moves now; unless dryRun, starts them. */
  rebalance(dryRun: boolean): MovePlan[] {
    const state = this.store.loadState();
    const budget = this.moveBudget(state.replicas.filter((r) => r.replaces !== null).length);
    if (dryRun) {
      return planMoves({
        ...state,
        running: runningReplicas(state.replicas, state.containers),
        maxMoves: budget,
        unsettled: unsettledNodes({ ...state, now: Date.now(), settleMs: this.opts.settleMs }),
      });
    }
    const moves = this.pass({ maxMoves: budget, moveReasons: ALL_MOVE_REASONS });
    // Moves that were planned but not committed never start: the caller must hear so.
    if (this.uncommitted) throw this.uncommitted;
    return moves;
  }

  private moveBudget(inFlight: number): number {
    return Math.max(0, this.opts.maxConcurrentMoves - inFlight);
  }

  /**
   * One pass. It looks at the workloads that changed since the last one, those still under way
   * and the sweep's slice, or at every workload when a node changed or an agent connected or
   * left. Measured reason: a pass over every replica took ~770 ms at 100,000 of them with nothing
   * to do, and one ran for every report and API call.
   */
  pass(force?: { maxMoves: number; moveReasons: readonly MoveReason[] }): MovePlan[] {
    try {
      const now = Date.now();
      const revision = this.store.revision();
      const changes = this.store.takeChanges();
      for (const w of changes.workloads) this.marked.add(w);
      if (changes.nodes) {
        this.fullDue = true;
        this.rounds.nodeChanged();
      }
      const connected = this.commands.connectedNodes();
      const full = this.fullDue || !sameSet(connected, this.lastConnected);
      if (full || changes.nodes) this.settled.clear();
      else for (const w of changes.workloads) this.settled.forget(w);
      const scope = full ? undefined : new Set([...this.marked, ...this.active]);
      const swept = scope ? this.sweep.next(this.workloadNames(), now) : [];
      if (scope) {
        for (const [name, at] of this.starting) if (at <= now) scope.add(name);
        for (const name of swept) scope.add(name);
      }
      const state = this.store.passState(scope);
      this.lastWorkloads = state.workloads;
      // A swept workload's share of the load is summed anew too: the net catches drift there as well.
      this.keepLoad(state, full ? undefined : [...changes.workloads, ...swept]);
      const moves = force ?? this.automaticMoves(state, now, revision);
      const plan = reconcile({
        ...state,
        replicas: [],
        scope,
        index: state,
        load: this.load,
        settled: this.settled,
        now,
        nodeTimeoutMs: this.opts.nodeTimeoutMs,
        leasesHoldUntil: this.leasesHoldUntil,
        fenceMarginMs: this.opts.fenceMarginMs,
        makeRoom: this.opts.makeRoom,
        drainDelayMs: this.opts.drainDelayMs,
        meshSyncedAt: this.opts.meshSyncedAt?.(),
        meshAckTimeoutMs: this.opts.meshAckTimeoutMs,
        staleStopTimeoutMs: this.opts.staleStopTimeoutMs,
        settleMs: this.opts.settleMs,
        singletonFenceMs: this.opts.singletonFenceMs,
        connected,
        ...moves,
      });
      this.store.applyChanges(plan.changes);
      this.marked.clear();
      this.active = new Set(plan.active);
      if (full) this.starting.clear();
      for (const name of plan.active) this.starting.delete(name);
      const waiting = new Set(plan.starting);
      for (const name of scope ?? []) if (!waiting.has(name)) this.starting.delete(name);
      for (const name of plan.starting)
        if (!this.starting.has(name) || (this.starting.get(name) ?? 0) <= now)
          this.starting.set(name, now + STARTING_LOOK_MS);
      this.lastConnected = connected;
      if (full) {
        this.fullDue = false;
        this.sweep.restart(now);
      }
      // Replicas of a node this pass found DOWN are every workload's business: look at them now.
      if ((plan.changes.nodeStates ?? []).length > 0) this.trigger();
      for (const n of plan.changes.nodeStates ?? []) this.log.warn({ node: n.name, state: n.state }, 'node state');
      for (const m of plan.moves)
        this.log.info(
          { workload: m.workload, replica: m.replica, from: m.from, to: m.to, reason: m.reason },
          'move started',
        );
      this.rounds.passed(now, revision, plan.moves.length, plan.rebalancer === 'idle' ? undefined : plan.rebalancer);
      for (const cmd of plan.commands) this.commands.send(cmd);
      this.rollBack(plan.rollbacks, now);
      const took = Date.now() - now;
      this.opts.onPass?.(took / 1000, plan.moves, plan.rebalancer !== 'idle', full);
      if (took >= SLOW_PASS_MS)
        this.log.info(
          {
            ms: took,
            full,
            workloads: scope?.size ?? state.workloads.length,
            rebalanced: plan.rebalancer !== 'idle',
            changes: (plan.changes.upsertReplicas?.length ?? 0) + (plan.changes.deleteReplicas?.length ?? 0),
          },
          'slow reconcile pass',
        );
      this.committed(now);
      return plan.moves;
    } catch (err) {
      // What the pass learnt may rest on writes the store does not have.
      this.settled.clear();
      // The plan is committed before any of its commands is sent: a pass that could not commit
      // sent nothing, and the next one plans again from the same state.
      if (err instanceof StoreUnavailableError) this.notCommitted(err);
      else {
        this.log.error({ err }, 'reconcile pass failed');
        // Changes taken from the store may not have reached the node load: the next pass rebuilds it.
        this.fullDue = true;
      }
      return [];
    }
  }

  /** Brings the load up to the state a pass starts from: the changed workloads, or every one. */
  private keepLoad(state: PassState, changed: Iterable<string> | undefined): void {
    if (!changed) this.load.reset();
    const names = changed ?? state.replicas.keys();
    for (const name of names) this.load.set(name, state.replicas.get(name)?.values() ?? [], state.workload(name));
  }

  /**
   * Workload names in order, as the last pass read them (the store's list, the same object until
   * a workload changes): the sweep may lag a pass behind a new workload, never a round.
   */
  private workloadNames(): string[] {
    if (this.lastWorkloads !== this.namesOf) {
      this.namesOf = this.lastWorkloads;
      this.names = this.lastWorkloads.map((w) => w.name);
    }
    return this.names;
  }

  /** Once per outage, not once per pass (four a second). */
  private notCommitted(err: StoreUnavailableError): void {
    this.uncommitted = err;
    if (this.uncommittedSince !== 0) return;
    this.uncommittedSince = Date.now();
    this.log.error({ reason: err.message }, 'reconcile passes cannot commit: nothing is sent until they can');
  }

  private committed(now: number): void {
    this.uncommitted = undefined;
    if (this.uncommittedSince === 0) return;
    this.log.warn({ outageMs: now - this.uncommittedSince }, 'reconcile passes commit again');
    this.uncommittedSince = 0;
  }

  /**
   * Failed rollouts with autoRollback: the previous generation's spec again, as a new generation,
   * unless the workload has moved on since the pass read it. The next pass rolls it out.
   */
  private rollBack(rollbacks: readonly Rollback[], now: number): void {
    for (const rb of rollbacks) {
      if (this.store.getWorkload(rb.workload)?.generation !== rb.generation) continue;
      const result = rollbackWorkload(this.store, rb.workload, 0, () => rb.cause, now);
      if (result.kind !== 'rolled-back') {
        this.log.warn(
          { workload: rb.workload, generation: rb.generation },
          'automatic rollback: no earlier generation',
        );
        continue;
      }
      this.log.warn(
        { workload: rb.workload, from: result.from, to: result.to, generation: result.workload.generation },
        'automatic rollback',
      );
      if (result.changed) this.trigger();
    }
  }

  private automaticMoves(
    state: PassState,
    now: number,
    revision: number,
  ): { maxMoves: number; moveReasons: readonly MoveReason[] } {
    const draining = state.nodes.some((n) => n.draining);
    const reasons: readonly MoveReason[] = this.opts.autoRebalance ? ALL_MOVE_REASONS : draining ? ['drain'] : [];
    if (reasons.length === 0 || !this.rounds.due(now, revision)) return { maxMoves: 0, moveReasons: reasons };
    const inFlight = movesInFlight(state.replicas);
    this.rounds.planning(inFlight > 0 || draining);
    return { maxMoves: this.moveBudget(inFlight), moveReasons: reasons };
  }
}

/** New copies that replace a replica (moves and rollouts under way). */
function movesInFlight(replicas: PassState['replicas']): number {
  let n = 0;
  for (const of of replicas.values()) for (const r of of.values()) if (r.replaces !== null) n++;
  return n;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
