// The one place that decides a node's READY/DOWN transitions and the events that record them.
// Pure: the dispatcher (registrations, messages from a DOWN node's agent) and the reconciler
// (lease expiry in its periodic pass) ask here, and the store only stores the result.
import type { EventInput, NodeRecord, NodeStateName } from './records';

/** A decided change of one node's state, with the events that describe it. */
export interface NodeTransition {
  name: string;
  state: NodeStateName;
  events: EventInput[];
}

/**
 * An agent (re)registered: the node is READY at once. A first registration also records where
 * the node is; a registration of a READY node is no transition and records nothing more.
 */
export function registered(before: NodeRecord | undefined, name: string, address: string): NodeTransition {
  const events: EventInput[] = [];
  if (!before) events.push({ type: 'node.registered', node: name, message: `address ${address}` });
  if (!before || before.state !== 'READY') events.push({ type: 'node.up', node: name });
  return { name, state: 'READY', events };
}

/**
 * A message arrived on a live stream. A node whose lease expired but whose stream survived (a
 * partition that healed) is READY again at once, without waiting for a pass or a re-registration.
 */
export function heardFrom(node: NodeRecord | undefined): NodeTransition | undefined {
  if (!node || node.state !== 'DOWN') return undefined;
  return { name: node.name, state: 'READY', events: [{ type: 'node.up', node: node.name }] };
}

/**
 * How long agents take to reconnect to a control plane that restarted or took over: they retry
 * at most 1 s apart, and the budget for a takeover is 5 s.
 */
export const RECONNECT_BUDGET_MS = 5000;

/**
 * The end of the first lease a (re)started control plane gives every READY node. What the node
 * was last heard before the restart says nothing about it now, and its agent learns of the new
 * process only by retrying: judging it DOWN one node timeout after the start would re-place the
 * work of every node whose agent had not yet reconnected. So no node is DOWN before its agent had
 * the reconnection budget plus a whole node timeout to be heard.
 */
export function firstLeaseEnd(startedAt: number, timeoutMs: number): number {
  return startedAt + RECONNECT_BUDGET_MS + timeoutMs;
}

/**
 * Lease: a READY node not heard from within the timeout is DOWN. Checked by the periodic pass;
 * never before `notBefore` (see firstLeaseEnd).
 */
export function leaseExpired(
  node: NodeRecord,
  now: number,
  timeoutMs: number,
  notBefore = 0,
): NodeTransition | undefined {
  if (node.state !== 'READY' || now - node.lastSeen <= timeoutMs || now <= notBefore) return undefined;
  return {
    name: node.name,
    state: 'DOWN',
    events: [{ type: 'node.down', node: node.name, message: `no heartbeat for ${now - node.lastSeen} ms` }],
  };
}

/** The event of a change of a node's scheduling flags (cordon, drain, uncordon). */
export function flagsEvent(name: string, flags: { cordoned: boolean; draining: boolean }): EventInput {
  return {
    type: flags.draining ? 'node.draining' : flags.cordoned ? 'node.cordoned' : 'node.uncordoned',
    node: name,
  };
}
