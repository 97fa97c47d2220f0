/**
 * Exponential reconnect delay with jitter, so a fleet of agents that lost the control plane at
 * the same moment does not reconnect in lockstep.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly initialMs = 200,
    private readonly maxMs = 1000,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt: half fixed, half random, of min(initial * 2^n, max). */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
  }

  reset(): void {
    this.attempt = 0;
  }
}
