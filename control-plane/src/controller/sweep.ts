// The safety net for a change nobody marked: every workload is looked at within the sweep
// interval, a slice per pass, in name order. Measured reason: the pass over every workload that
// did this once a minute took ~150 ms at 20,000 replicas (~730 ms at 100,000), and every call
// and stream waited behind it; a slice costs what its few workloads cost.

export class Sweep {
  /** The last name looked at; the next slice starts after it ('' : from the first). */
  private after = '';
  private at: number;

  constructor(
    private readonly intervalMs: number,
    now: number,
  ) {
    this.at = now;
  }

  /** A pass looked at everything: the sweep starts its round again from here. */
  restart(now: number): void {
    this.after = '';
    this.at = now;
  }

  /**
   * The names (sorted, as given) due for a look now: as many as the time since the last slice
   * is a share of the interval, rounded up, so that a round takes no longer than the interval
   * however often passes run.
   */
  next(sorted: readonly string[], now: number): string[] {
    if (sorted.length === 0) return [];
    const share = Math.min(1, Math.max(0, now - this.at) / this.intervalMs);
    const count = Math.ceil(share * sorted.length);
    if (count === 0) return [];
    this.at = now;
    const out: string[] = [];
    let i = firstAfter(sorted, this.after);
    for (let k = 0; k < count; k++, i++) {
      if (i >= sorted.length) i = 0;
      out.push(sorted[i]);
    }
    this.after = out[out.length - 1];
    return out;
  }
}

/** The index of the first name greater than `name` (sorted.length if none). */
function firstAfter(sorted: readonly string[], name: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
