// Revisions of endpoint sets. A set's revision is the control plane's clock (ms) when the set
// was seen to change, kept strictly growing per workload within a run. That survives a restart
// without being stored: the clock has moved on, so every revision given after a restart is
// above every one given before it, and a watcher resuming with an old revision gets the current
// set. (A clock set back by more than the time the control plane was away would break that; the
// cost of a stored counter, a write per change of any set, was not worth it.)
import type { EndpointMsg } from '@coxswain/shared';

export class EndpointRevisions {
  private readonly last = new Map<string, { key: string; revision: number }>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** The revision of the workload's set as it is now: the last one, or a new one if it changed. */
  revise(workload: string, endpoints: readonly EndpointMsg[]): number {
    const key = JSON.stringify(endpoints);
    const prev = this.last.get(workload);
    if (prev && prev.key === key) return prev.revision;
    const revision = Math.max(this.clock(), (prev?.revision ?? 0) + 1);
    this.last.set(workload, { key, revision });
    return revision;
  }

  forget(workload: string): void {
    this.last.delete(workload);
  }
}
