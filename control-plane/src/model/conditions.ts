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
  // Every heartbeat asks: the usual answer (an engine that answers, no condition) allocates nothing.
  if (!current && !engineError) return undefined;
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

/** A published port the node's mesh cannot listen on, as its agent reports it. */
export interface PortProblem {
  port: number;
  message: string;
}

const portPrefix = (port: number) => `${port}:`;

/**
 * What an agent's mesh status changes (undefined: nothing): one PORT_UNAVAILABLE condition per
 * published port it cannot bind, message "30080: address in use". Not blocking: the node keeps
 * its replicas and its other ports serve. A port's condition keeps its first `since` while it
 * stays unavailable, and clears when the agent no longer reports it (it bound the port, or the
 * port is no longer published at all).
 */
export function portStatus(n: NodeRecord, problems: readonly PortProblem[], now: number): ConditionChange | undefined {
  const current = (n.conditions ?? []).filter((c) => c.type === 'PORT_UNAVAILABLE');
  const others = (n.conditions ?? []).filter((c) => c.type !== 'PORT_UNAVAILABLE');
  const wanted = new Map<number, string>();
  for (const p of problems) {
    if (!Number.isInteger(p.port) || p.port <= 0 || p.port > 65535 || wanted.has(p.port)) continue;
    const reason = String(p.message ?? '')
      .trim()
      .slice(0, 200);
    const text = reason.startsWith(portPrefix(p.port)) ? reason : `${p.port}: ${reason || 'cannot listen'}`;
    wanted.set(p.port, text);
  }
  const byPort = new Map(current.map((c) => [Number(c.message.split(':')[0]), c]));
  const events: EventInput[] = [];
  const next = [...wanted.entries()]
    .sort(([a], [b]) => a - b)
    .map(([port, message]) => {
      const had = byPort.get(port);
      if (!had) events.push({ type: 'node.port-unavailable', node: n.name, message });
      return { type: 'PORT_UNAVAILABLE' as const, message, since: had?.since ?? now };
    });
  for (const [port] of byPort)
    if (!wanted.has(port)) events.push({ type: 'node.port-available', node: n.name, message: `${port}: listening` });
  const same =
    next.length === current.length &&
    next.every((c, i) => c.message === current[i].message && c.since === current[i].since);
  if (same) return undefined;
  return { conditions: [...others, ...next], events };
}
