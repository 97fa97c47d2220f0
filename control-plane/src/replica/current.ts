// Which container is a replica's own: the one rule that fences stale copies. A replica is
// placed anew (a new node or a new epoch) whenever it moves, fails over or rolls in place, so
// only a container of its node and its epoch is it; anything else is a stale copy to stop.
import type { ContainerRecord, ReplicaRecord } from '../model';
import { replicaKey } from './placement';
import { ReplicaTable, type ReplicaIndex } from './table';

/** What identifies a container: where it runs and the epoch it was started for. */
type ContainerPlace = Pick<ContainerRecord, 'node' | 'epoch'>;

/**
 * The container was started for this placement of the replica (same node, same epoch), whether
 * the replica still wants it or is retiring. The caller has matched workload and replica id.
 */
export function isOwnContainer(r: ReplicaRecord, c: ContainerPlace): boolean {
  return r.node === c.node && r.epoch === c.epoch;
}

/** The container is the replica's current one: its own, and the replica wants to run. */
export function isCurrentContainer(r: ReplicaRecord, c: ContainerPlace): boolean {
  return r.desired === 'run' && isOwnContainer(r, c);
}

/** Keys of replicas whose current container is running. */
export function runningReplicas(
  replicas: Iterable<ReplicaRecord> | ReplicaIndex,
  containers: readonly ContainerRecord[],
): Set<string> {
  const current = new ReplicaTable(replicas);
  const out = new Set<string>();
  for (const c of containers) {
    if (c.state !== 'running') continue;
    const r = current.get(c.workload, c.replica);
    if (r && isCurrentContainer(r, c)) out.add(replicaKey(r.workload, r.id));
  }
  return out;
}
