// The endpoint rule: a replica is an endpoint while it wants to run, its own container runs and
// is ready (its check passes, or it has none), and its node is READY and not late with its
// heartbeat. Pure: plain records in, the set out. A replica retired on purpose has left the set
// the moment it was retired, which is what the drain delay before its stop counts from.
import type { AllocatedPort, EndpointMsg, WorkloadSpec } from '@coxswain/shared';
import {
  blockingCondition,
  type ContainerRecord,
  type NodeRecord,
  type ReplicaRecord,
  type WorkloadRecord,
} from '../model';
import { isCurrentContainer } from '../replica';

/** Running and ready: from its first passing check (at once without a check) to its first failure. */
export function isServing(spec: WorkloadSpec, c: ContainerRecord | undefined): boolean {
  return c?.state === 'running' && (!spec.health || c.health === 'healthy');
}

export interface EndpointInput {
  now: number;
  /** A node silent this long is late: its replicas leave the set before its lease runs out. */
  lateAfterMs: number;
  /**
   * When this control plane started serving: no node counts as late from before then. Every
   * node's last heartbeat is old just after a restart, and judging by it would empty every set
   * (and every agent's mesh) until the agents have reconnected.
   */
  heardSince?: number;
  workload: WorkloadRecord;
  replicas: readonly ReplicaRecord[];
  /** The workload's containers as reported (others are ignored). */
  containers: readonly ContainerRecord[];
  nodes: ReadonlyMap<string, NodeRecord>;
  /** A replica's host ports; none: one entry without a port. */
  portsOf: (r: ReplicaRecord) => readonly AllocatedPort[];
}

/** Where clients reach the node's replicas: its --advertise-address, else its stream's address. */
export const addressOf = (n: NodeRecord): string => n.advertiseAddress || n.address;

/**
 * Whether the node's replicas are endpoints: READY, on time with its heartbeat, and without a
 * blocking condition (an engine that does not answer may already have stopped them, and nobody
 * could tell).
 */
export function nodeServes(
  n: NodeRecord | undefined,
  now: number,
  lateAfterMs: number,
  heardSince = 0,
): n is NodeRecord {
  return (
    !!n &&
    n.state === 'READY' &&
    now - Math.max(n.lastSeen, heardSince) <= lateAfterMs &&
    blockingCondition(n) === undefined
  );
}

/** The set, one entry per replica and port, ordered by replica and port name. */
export function endpointSet(input: EndpointInput): EndpointMsg[] {
  const { workload: w } = input;
  const own = new Map<number, ContainerRecord>();
  const byId = new Map(input.replicas.filter((r) => r.workload === w.name).map((r) => [r.id, r]));
  for (const c of input.containers) {
    const r = byId.get(c.replica);
    if (c.workload === w.name && r && isCurrentContainer(r, c)) own.set(r.id, c);
  }
  const out: EndpointMsg[] = [];
  for (const r of [...byId.values()].sort((a, b) => a.id - b.id)) {
    if (r.node === null || !isServing(w.spec, own.get(r.id))) continue;
    const n = input.nodes.get(r.node);
    if (!nodeServes(n, input.now, input.lateAfterMs, input.heardSince)) continue;
    const ports = [...input.portsOf(r)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (ports.length === 0) out.push({ replica: r.id, node: n.name, address: addressOf(n), port: 0, portName: '' });
    for (const p of ports)
      out.push({ replica: r.id, node: n.name, address: addressOf(n), port: p.hostPort, portName: p.name });
  }
  return out;
}
