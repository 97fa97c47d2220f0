import type { ManagedContainer } from '../docker';

/** Docker states in which a container still runs (or is about to) and so must be stopped. */
const ACTIVE_STATES = new Set(['running', 'restarting', 'paused']);

export interface LeaseInput {
  now: number;
  /** Last moment the control plane was known to be reachable, in ms. */
  lastHeard: number;
  leaseMs: number;
  containers: ManagedContainer[];
}

export function leaseExpired(now: number, lastHeard: number, leaseMs: number): boolean {
  return now - lastHeard > leaseMs;
}

/**
 * The containers an agent cut off from the control plane must stop itself: once the lease has
 * expired the control plane may already be starting a replacement elsewhere, and workloads with
 * disconnect=stop promise at most one running copy. Others keep running (availability wins).
 */
export function containersToStop(input: LeaseInput): ManagedContainer[] {
  if (!leaseExpired(input.now, input.lastHeard, input.leaseMs)) return [];
  return activeAtMostOne(input.containers);
}

/** Running (or about to run) containers of workloads with disconnect=stop. */
export function activeAtMostOne(containers: ManagedContainer[]): ManagedContainer[] {
  return containers.filter((c) => c.disconnect === 'stop' && ACTIVE_STATES.has(c.info.state));
}

/**
 * How long at-most-one containers may run on without contact, as the control plane's Registered
 * says: their own fence, longer than a control-plane restart (0 from an older control plane,
 * which re-places them after the node lease: then that one).
 */
export function singletonFence(r: { leaseMs: number; singletonFenceMs?: number }): number {
  return r.singletonFenceMs && r.singletonFenceMs > 0 ? r.singletonFenceMs : r.leaseMs;
}

/** What the keeper keeps across agent restarts (this agent's wall clock, ms). */
export interface LeaseRecord {
  /** Send time of the last message the control plane confirmed (or older: never newer). */
  lastHeard: number;
  /** The fence the control plane last told. */
  fenceMs: number;
}

/**
 * Where a starting keeper's count begins. The control plane re-places an at-most-one replica
 * counting from when it last heard the node, not from when this agent started: a restarted agent
 * that cannot reach it must count from the last confirmation of its previous run, or it would
 * stop its containers after their replacements started. Without a record (a first start, or a
 * wiped state folder) the start is all there is; a clock from the future is not trusted further
 * than now.
 */
export function startingLease(
  record: LeaseRecord | undefined,
  now: number,
  defaultFenceMs: number,
): { lastHeard: number; fenceMs: number } {
  if (!record) return { lastHeard: now, fenceMs: defaultFenceMs };
  return {
    lastHeard: Math.min(record.lastHeard, now),
    fenceMs: record.fenceMs > 0 ? record.fenceMs : defaultFenceMs,
  };
}
