// Whether a node is trusted with voluntary moves again. A host that came back (from DOWN, or from
// a blocking condition) may go again at once, as a flapping one does: a spread or make-room move
// onto it would be undone by the next failover. So moves land there only once it has been READY
// for the settle time and has shed the stale copies it came back with. Replacements after a loss
// do not ask: they go to any live node. Pure.
import type { ContainerRecord, NodeRecord, ReplicaRecord } from '../model';
import { isOwnContainer } from './current';
import { replicaKey } from './placement';

/** Conditions that keep new work off a node (the node is not READY in all but name). */
const BLOCKING = new Set(['ENGINE_DOWN']);

export interface SettleInput {
  now: number;
  /** How long a node must have been READY; 0 or absent: no wait. */
  settleMs?: number;
  /** Whether a stale copy (see isStaleCopy) still runs on the node. */
  hasStaleCopy: boolean;
}

/** The node receives voluntary moves: READY, no blocking condition, steady long enough, no stale copy. */
export function isSettledNode(n: NodeRecord, input: SettleInput): boolean {
  if (n.state !== 'READY') return false;
  if ((n.conditions ?? []).some((c) => BLOCKING.has(c.type))) return false;
  // Unknown (a node READY before the time was kept) counts as steady.
  if (n.readySince !== undefined && input.now - n.readySince < (input.settleMs ?? 0)) return false;
  return !input.hasStaleCopy;
}

/**
 * A stale copy: an older copy of a replica that still runs and was placed anew after a loss. It
 * has already been replaced, so it gets a short stop. Not stale: the copies a replica leaves
 * behind on purpose, in place (a rollout: the copy is of an older generation) or off a draining
 * node (an at-most-one replica moves itself, stop-before-start); those keep their grace.
 */
export function isStaleCopy(r: ReplicaRecord, c: ContainerRecord, draining: Pick<ReadonlySet<string>, 'has'>): boolean {
  if (r.desired !== 'run' || isOwnContainer(r, c)) return false;
  if (c.node === r.node) return c.generation === r.generation;
  return !draining.has(c.node);
}

/** Nodes where a stale copy still runs. */
export function nodesWithStaleCopies(
  replicas: Iterable<ReplicaRecord>,
  containers: readonly ContainerRecord[],
  draining: ReadonlySet<string>,
): Set<string> {
  const byKey = new Map<string, ReplicaRecord>();
  for (const r of replicas) byKey.set(replicaKey(r.workload, r.id), r);
  const out = new Set<string>();
  for (const c of containers) {
    if (c.state === 'exited' || c.state === 'dead' || out.has(c.node)) continue;
    const r = byKey.get(replicaKey(c.workload, c.replica));
    if (r && isStaleCopy(r, c, draining)) out.add(c.node);
  }
  return out;
}

/** The READY nodes that receive no voluntary move yet (see isSettledNode). */
export function unsettledNodes(input: {
  nodes: readonly NodeRecord[];
  replicas: Iterable<ReplicaRecord>;
  containers: readonly ContainerRecord[];
  now: number;
  settleMs?: number;
}): Set<string> {
  const draining = new Set(input.nodes.filter((n) => n.draining).map((n) => n.name));
  const stale = nodesWithStaleCopies(input.replicas, input.containers, draining);
  const out = new Set<string>();
  for (const n of input.nodes) {
    if (n.state !== 'READY') continue;
    if (!isSettledNode(n, { now: input.now, settleMs: input.settleMs, hasStaleCopy: stale.has(n.name) }))
      out.add(n.name);
  }
  return out;
}
