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
