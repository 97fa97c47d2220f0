// The drain: a replica retired on purpose has left the endpoint set the moment it was retired
// (the set holds only replicas that want to run), and its container gets SIGTERM only once those
// who send to it have let go. For a workload that publishes a port, that is every connected
// agent's routing mesh: the stop waits until all of them serve a table without the replica
// (bounded by the mesh ack timeout, for an agent that does not answer). For one that publishes
// nothing it is the drain delay, a guess at how fast clients that follow WatchEndpoints react.
// Pure.
import type { ReplicaRecord } from '../model';
import { isOwnContainer, type ReplicaTable } from '../replica';
import type { StopCommand } from './types';

export interface DrainOutcome {
  /** The stops that may go out now. */
  stops: StopCommand[];
  /** Retiring replicas seen for the first time: their drain starts now (the caller records it). */
  started: ReplicaRecord[];
}

/**
 * Holds back the stop of each retiring replica's own container until `delayMs` after its drain
 * started. Everything else is not delayed: a stale copy (fencing) has already been replaced, and a
 * container of a replica that no longer exists at all was never in the set.
 */
export interface DrainRule {
  now: number;
  /** For workloads that publish nothing (0: no drain at all). */
  delayMs: number;
  /** Whether the workload publishes a port (a deleted workload's is unknown: false). */
  publishes: (workload: string) => boolean;
  /** The latest moment every connected mesh served the table of that moment; absent: no mesh. */
  meshSyncedAt?: number;
  /** The longest a published workload's stop waits for the meshes. */
  meshAckTimeoutMs: number;
}

export function holdForDrain(stops: readonly StopCommand[], replicas: ReplicaTable, rule: DrainRule): DrainOutcome {
  const { delayMs } = rule;
  const out: DrainOutcome = { stops: [], started: [] };
  const starting = new Set<ReplicaRecord>();
  for (const s of stops) {
    const r = replicas.get(s.workload, s.replica);
    const draining = delayMs > 0 && r?.desired === 'stop' && isOwnContainer(r, { node: s.node, epoch: s.epoch });
    if (!r || !draining) {
      out.stops.push(s);
      continue;
    }
    if (r.drainStartedAt === 0) {
      if (!starting.has(r)) out.started.push(r);
      starting.add(r);
      continue;
    }
    if (drained(r, rule)) out.stops.push(s);
  }
  return out;
}

function drained(r: ReplicaRecord, rule: DrainRule): boolean {
  const since = r.drainStartedAt;
  if (rule.meshSyncedAt === undefined || !rule.publishes(r.workload)) return rule.now >= since + rule.delayMs;
  // Strictly later: a table computed in the millisecond the drain started may predate it.
  return rule.meshSyncedAt > since || rule.now >= since + rule.meshAckTimeoutMs;
}
