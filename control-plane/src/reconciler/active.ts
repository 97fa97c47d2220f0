// Which workloads still have something under way after a pass: the ones an incremental pass
// must look at again on its own, because time alone moves them on (a backoff runs out, a drain
// delay passes, a copy becomes ready for minReady, a deadline falls). Every other workload is at
// rest: nothing about it changes until a fact about it does (a report, an apply, a node), and
// those mark it for a look by themselves.
import type { ContainerRecord, NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { notReady } from './engine-down';
import { isExited, wantsRestart } from './restart';

export interface AtRestInput {
  name: string;
  /** Absent: deleted (its leftovers are under way until none is left). */
  workload: WorkloadRecord | undefined;
  /** Its replicas after the pass. */
  replicas: ReadonlyMap<number, ReplicaRecord> | undefined;
  /** Its replicas' current containers on drivable nodes, by replica id, as fencing found them. */
  current: ReadonlyMap<number, ContainerRecord> | undefined;
  /** Workloads with a container to stop (a stale copy, a retired replica's, a deleted workload's). */
  stopping: ReadonlySet<string>;
  /** Nodes that are READY with their agent connected. */
  drivable: Pick<ReadonlySet<string>, 'has'>;
  nodes: ReadonlyMap<string, NodeRecord>;
}

/**
 * Whether the workload needs another look soon although nothing about it may change: at the next
 * pass ('now'); only once in a while, because it merely waits for its new containers to be
 * reported, and the report will mark it ('starting'); or not at all (undefined).
 */
export function underWay(a: AtRestInput): 'now' | 'starting' | undefined {
  const w = a.workload;
  if (a.stopping.has(a.name)) return 'now';
  if (!w) return (a.replicas?.size ?? 0) > 0 ? 'now' : undefined;
  let starting = false;
  for (const r of a.replicas?.values() ?? []) {
    if (r.desired !== 'run' || r.replaces !== null || r.node === null || r.waitingForRoom) return 'now';
    if (r.generation !== w.generation || !a.drivable.has(r.node) || notReady(a.nodes.get(r.node))) return 'now';
    const c = a.current?.get(r.id);
    if (!c) {
      // Sent its start; a failed one comes back as a change of the replica. An at-most-one one
      // may be held until its old copy's fence runs out, which no report announces.
      if (r.failures > 0 || w.spec.disconnect === 'stop') return 'now';
      starting = true;
      continue;
    }
    // Running, or ended for good (a job done, a policy that does not restart).
    if (c.state !== 'running' && !(isExited(c) && !wantsRestart(w.spec, c))) return 'now';
  }
  return starting ? 'starting' : undefined;
}
