// Nodes whose engine does not answer (a blocking condition such as ENGINE_DOWN): the agent is on
// the line, so stops still reach it (it kills through cgroups), but nothing can start there, and
// once the condition has lasted the node timeout its replicas are re-placed like a lost host's.
import { blockingCondition, type ContainerRecord, type NodeRecord, type ReplicaRecord } from '../model';

/** Docker states in which a container's processes may still run. */
const MAY_RUN = new Set(['running', 'created', 'restarting', 'paused']);

/** A live node that takes nothing new (no placement, no start): its engine does not answer. */
export function notReady(n: NodeRecord | undefined): boolean {
  return !!n && n.state === 'READY' && blockingCondition(n) !== undefined;
}

/**
 * Why the replicas assigned to `name` are lost (undefined: they are not): the node is DOWN or
 * gone, or its blocking condition has lasted the node timeout.
 */
export function lostReason(
  name: string,
  n: NodeRecord | undefined,
  now: number,
  nodeTimeoutMs: number,
): string | undefined {
  if (!n || n.state !== 'READY') return `node ${name} is down`;
  const c = blockingCondition(n);
  if (c && now - c.since >= nodeTimeoutMs) return `engine on node ${name} does not answer (${c.message})`;
  return undefined;
}

/**
 * When an at-most-one replica on a node whose engine does not answer may be re-placed without
 * its stop confirmed: by then the agent has killed it itself (it does so after the fence).
 */
export function singletonSafeAt(n: NodeRecord, singletonFenceMs: number, fenceMarginMs: number): number {
  return (blockingCondition(n)?.since ?? 0) + singletonFenceMs + fenceMarginMs;
}

/** A copy of the replica reported on `node` whose processes may still run. */
export function copyMayRun(containers: readonly ContainerRecord[], r: ReplicaRecord, node: string): boolean {
  return containers.some(
    (c) => c.node === node && c.workload === r.workload && c.replica === r.id && MAY_RUN.has(c.state),
  );
}
