// Fencing: sorting the reported containers of drivable nodes into each replica's current one and
// the rest, which are stopped. Pure; the pass decides what to do with both.
import type { ContainerRecord } from '../model';
import { isCurrentContainer, isStaleCopy, replicaKey, type ReplicaTable } from '../replica';
import type { StopCommand } from './types';

export interface Fenced {
  /** workload -> replica id -> its current container. */
  current: Map<string, Map<number, ContainerRecord>>;
  /** Every other container, by replica key: a retired replica is forgotten once none is left. */
  others: Map<string, ContainerRecord[]>;
  /** One stop for each of the others, with why. */
  stops: StopCommand[];
}

export interface FenceOptions {
  /** The grace of a stale copy's stop (absent: its workload's own). */
  staleStopTimeoutMs?: number;
  /** Nodes being drained: an at-most-one replica's old copy there was moved away on purpose. */
  draining?: Pick<ReadonlySet<string>, 'has'>;
}

/** Sorts the containers on `drivable` nodes (live, agent connected); others are not looked at. */
export function fence(
  containers: readonly ContainerRecord[],
  replicas: ReplicaTable,
  drivable: Pick<ReadonlySet<string>, 'has'>,
  opts: FenceOptions = {},
): Fenced {
  const draining = opts.draining ?? new Set<string>();
  const out: Fenced = { current: new Map(), others: new Map(), stops: [] };
  for (const c of containers) {
    if (!drivable.has(c.node)) continue;
    const r = replicas.get(c.workload, c.replica);
    if (r && isCurrentContainer(r, c)) {
      let of = out.current.get(c.workload);
      if (!of) out.current.set(c.workload, (of = new Map()));
      of.set(c.replica, c);
      continue;
    }
    const key = replicaKey(c.workload, c.replica);
    const list = out.others.get(key) ?? [];
    list.push(c);
    out.others.set(key, list);
    const stale = !!r && isStaleCopy(r, c, draining);
    const reason = !r
      ? 'replica no longer exists'
      : r.desired === 'stop'
        ? 'replica retired'
        : `${stale ? 'stale' : 'replaced'} copy (epoch ${c.epoch}, current ${r.epoch} on ${r.node ?? 'none'})`;
    out.stops.push({
      kind: 'stop',
      node: c.node,
      containerId: c.containerId,
      workload: c.workload,
      replica: c.replica,
      epoch: c.epoch,
      reason,
      ...(stale && opts.staleStopTimeoutMs !== undefined ? { graceMs: opts.staleStopTimeoutMs } : {}),
    });
  }
  return out;
}
