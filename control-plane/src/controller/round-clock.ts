// When the rebalancer plans: a round looks at every replica, so it comes only when something it
// depends on may have changed, and not more often than moves may start.

/**
 * After a round that moved nothing, the next one waits this long unless a node changed (joined,
 * left, was cordoned or drained) or moves are under way. Measured reason: under a steady stream
 * of applies each round (~150 ms at 20,000 replicas) came every 2 s and set the API's p99.
 */
export const QUIET_ROUND_MS = 30_000;

export interface RoundClockOptions {
  /** Voluntary moves start at most this often. */
  moveIntervalMs: number;
  /** See QUIET_ROUND_MS (default). */
  quietRoundMs?: number;
}

/**
 * What a round found: 'settled' is nothing to move with every node settled; 'moved' is anything
 * else (a move, or a node not yet settled that may take one once it is).
 */
export type RoundResult = 'moved' | 'settled';

export class RoundClock {
  private lastMoveAt = 0;
  /**
   * When the rebalancer last planned. Rounds come at most once per move interval even while the
   * cluster keeps changing (measured: with a round whenever the revision had moved, planning took
   * 40 % of a busy control plane's thread at 5,000 replicas).
   */
  private lastPlanAt = 0;
  /** Whether the last round moved something, or a node changed since it: the next one is due soon. */
  private soon = true;
  /** Moves under way when the last round planned, or a node draining: the next round is due soon. */
  private busyAtRound = false;
  /**
   * The store revision on which the rebalancer last found nothing to move, every node settled.
   * Until the revision moves on, planning again would find the same nothing. Measured reason:
   * with a round due whenever no move had started for 2 s, a settled cluster of 500 agents
   * planned on every pass, 30-38 % of the control plane's thread.
   */
  private settledAt: number | undefined;

  constructor(private readonly opts: RoundClockOptions) {}

  private get quietMs(): number {
    return this.opts.quietRoundMs ?? QUIET_ROUND_MS;
  }

  /** A node joined, left or changed: the next round is due after the move interval only. */
  nodeChanged(): void {
    this.soon = true;
  }

  /** Whether a round is due now, on the store's revision. */
  due(now: number, revision: number): boolean {
    const gap = this.soon ? this.opts.moveIntervalMs : Math.max(this.opts.moveIntervalMs, this.quietMs);
    return (
      now - this.lastMoveAt >= this.opts.moveIntervalMs && now - this.lastPlanAt >= gap && revision !== this.settledAt
    );
  }

  /** A round is about to plan; moves are under way or a node drains (its next round is due soon). */
  planning(busy: boolean): void {
    this.busyAtRound = busy;
  }

  /** A pass committed, having started `moves` moves; `round` is what its round found, if it had one. */
  passed(now: number, revision: number, moves: number, round: RoundResult | undefined): void {
    if (moves > 0) this.lastMoveAt = now;
    if (round === undefined) return;
    // On the revision the pass planned from: if its own commit changed anything, the next round plans.
    this.settledAt = round === 'settled' ? revision : undefined;
    this.lastPlanAt = now;
    // 'moved': it moved something, or an unsettled node may take a move once it settles. Moves
    // come in runs (a spread takes several rounds, each after the last one completed): the pause
    // starts only once a run has ended.
    this.soon = round === 'moved' || this.busyAtRound || now - this.lastMoveAt < this.quietMs;
  }
}
