// Every reported copy of each replica, for the one rule that needs them all: an at-most-one
// replica never starts while another copy of it may still run.
import type { ContainerRecord, NodeRecord, ReplicaRecord } from '../model';
import { isCurrentContainer } from './current';
import { replicaKey } from './placement';

export class Copies {
  private readonly byKey = new Map<string, ContainerRecord[]>();

  constructor(containers: readonly ContainerRecord[]) {
    for (const c of containers) {
      const key = replicaKey(c.workload, c.replica);
      const list = this.byKey.get(key);
      if (list) list.push(c);
      else this.byKey.set(key, [c]);
    }
  }

  /**
   * Some copy other than the replica's current one is reported running (or about to) on a host
   * that is READY, connected or not, or on a DOWN host whose agent may not have stopped it yet:
   * within the singleton fence plus the fence margin (`graceMs`), as failover waits.
   */
  otherMayRun(r: ReplicaRecord, nodes: ReadonlyMap<string, NodeRecord>, now: number, graceMs: number): boolean {
    for (const c of this.byKey.get(replicaKey(r.workload, r.id)) ?? []) {
      if (isCurrentContainer(r, c) || (c.state !== 'running' && c.state !== 'created')) continue;
      const host = nodes.get(c.node);
      if (host && (host.state === 'READY' || now < host.lastSeen + graceMs)) return true;
    }
    return false;
  }
}
