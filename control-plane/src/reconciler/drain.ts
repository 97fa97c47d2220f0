// The drain delay: a replica retired on purpose has left the endpoint set the moment it was
// retired (the set holds only replicas that want to run), and its container gets SIGTERM only
// once it has been out that long, so clients that follow the set stop sending first. Pure.
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
export function holdForDrain(
  stops: readonly StopCommand[],
  replicas: ReplicaTable,
  now: number,
  delayMs: number,
): DrainOutcome {
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
    if (now >= r.drainStartedAt + delayMs) out.stops.push(s);
  }
  return out;
}
