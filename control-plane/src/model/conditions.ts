// A node's conditions: what is wrong with it beside its liveness. Pure: the dispatcher asks here
// what a heartbeat changes, the reconciler and the API read the result.
import type { EventInput, NodeCondition, NodeRecord } from './records';

/** Conditions that keep new work off a node and, once they have lasted the node timeout, move its replicas. */
const BLOCKING = new Set<NodeCondition['type']>(['ENGINE_DOWN']);

/** The node's first blocking condition, if it has one. */
export function blockingCondition(n: Pick<NodeRecord, 'conditions'>): NodeCondition | undefined {
  return n.conditions?.find((c) => BLOCKING.has(c.type));
}

/** The state the API shows: a live node with a blocking condition is NOT_READY. */
export function publicNodeState(n: Pick<NodeRecord, 'state' | 'conditions'>): 'READY' | 'DOWN' | 'NOT_READY' {
  return n.state === 'READY' && blockingCondition(n) ? 'NOT_READY' : n.state;
}

/** A change of a node's conditions, to be written with its events. */
export interface ConditionChange {
  conditions: NodeCondition[];
  /** Set when the last blocking condition cleared: the node is READY again from now. */
  readySince?: number;
  events: EventInput[];
}

/**
 * What a heartbeat's engine status changes (undefined: nothing). ENGINE_DOWN appears with the
 * agent's reason and keeps the moment it was first seen while the reason changes, so that the
 * node timeout runs from the first failure; it clears when the engine answers again.
 */
export function engineStatus(n: NodeRecord, engineError: string, now: number): ConditionChange | undefined {
  const current = n.conditions?.find((c) => c.type === 'ENGINE_DOWN');
  const others = (n.conditions ?? []).filter((c) => c.type !== 'ENGINE_DOWN');
  const message = engineError.trim().slice(0, 500);
  if (!message) {
    if (!current) return undefined;
    return {
      conditions: others,
      readySince: others.some((c) => BLOCKING.has(c.type)) ? undefined : now,
      events: [{ type: 'node.engine-up', node: n.name, message: `after ${now - current.since} ms` }],
    };
  }
  if (current?.message === message) return undefined;
  const since = current?.since ?? now;
  return {
    conditions: [...others, { type: 'ENGINE_DOWN', message, since }],
    // Only its appearance is news; a changed reason is written quietly.
    events: current ? [] : [{ type: 'node.engine-down', node: n.name, message }],
  };
}
