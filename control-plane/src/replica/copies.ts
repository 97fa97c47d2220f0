// Every reported copy of each replica, for the one rule that needs them all: an at-most-one
// replica never starts while another copy of it may still run.
import { blockingCondition, type ContainerRecord, type NodeRecord, type ReplicaRecord } from '../model';
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
   * within the singleton fence plus the fence margin (`graceMs`), as failover waits. On a host
   * whose engine does not answer, a copy still reported running may run until its stop is
   * confirmed (the report then says exited) or `blockedGraceMs` has passed since the engine
   * stopped answering.
   */
  otherMayRun(
    r: ReplicaRecord,
    nodes: ReadonlyMap<string, NodeRecord>,
    now: number,
    graceMs: number,
    blockedGraceMs = graceMs,
  ): boolean {
    for (const c of this.byKey.get(replicaKey(r.workload, r.id)) ?? []) {
      if (isCurrentContainer(r, c) || (c.state !== 'running' && c.state !== 'created')) continue;
      const host = nodes.get(c.node);
      if (!host) continue;
      const blocked = host.state === 'READY' ? blockingCondition(host) : undefined;
      if (blocked ? now < blocked.since + blockedGraceMs : host.state === 'READY' || now < host.lastSeen + graceMs)
        return true;
    }
    return false;
  }
}
