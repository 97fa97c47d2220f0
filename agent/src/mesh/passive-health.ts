// Which endpoints recently failed to connect, and until when they are held out. Pure apart from
// the clock it is given, so the hold-out schedule is tested without waiting.

export interface HoldOutPolicy {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_HOLD_OUT: HoldOutPolicy = { firstMs: 2000, maxMs: 30_000 };

interface Record {
  failures: number;
  until: number;
}

export class PassiveHealth {
  private readonly held = new Map<string, Record>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly policy: HoldOutPolicy = DEFAULT_HOLD_OUT,
  ) {}

  /** A connect failed or timed out: hold the endpoint out, twice as long as the last time. */
  failed(key: string): void {
    const prev = this.held.get(key);
    const failures = (prev?.failures ?? 0) + 1;
    const ms = Math.min(this.policy.maxMs, this.policy.firstMs * 2 ** Math.min(failures - 1, 20));
    this.held.set(key, { failures, until: this.now() + ms });
  }

  /** A connect succeeded: the endpoint is trusted again at once. */
  succeeded(key: string): void {
    this.held.delete(key);
  }

  isHeldOut(key: string): boolean {
    const r = this.held.get(key);
    return !!r && r.until > this.now();
  }

  /** Drops records of endpoints that are no longer in any table, so the map cannot grow forever. */
  retain(keys: Set<string>): void {
    for (const k of this.held.keys()) if (!keys.has(k)) this.held.delete(k);
  }
}
