// Store records -> API messages. A replica's state is its phase (see the replica module) by the API's names.
import type { EventMsg, NodeMsg, ReplicaState, ReplicaStatus, RolloutStatus, WorkloadMsg } from '@coxswain/shared';
import { publicNodeState, ROLLOUT_FAILED, ROLLOUT_STALLED } from '../model';
import type { ContainerRecord, EventRecord, NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { isServing } from '../endpoints';
import type { NodeTotals } from '../store';
import { isOwnContainer, replicaPhase, type ReplicaPhase, type RunState } from '../replica';

export function timestamp(ms: number): string {
  return ms ? new Date(ms).toISOString() : '';
}

/** The API's name for a replica's phase, with the reason shown beside it. */
function replicaState(phase: ReplicaPhase): { state: ReplicaState; reason: string } {
  switch (phase.stage) {
    case 'retiring':
      return { state: 'STOPPING', reason: 'retired' };
    case 'pending':
      return { state: 'PENDING', reason: phase.reason };
    default:
      return { state: RUN_STATES[phase.run], reason: phase.reason };
  }
}

const RUN_STATES: Record<RunState, ReplicaState> = {
  starting: 'STARTING',
  running: 'RUNNING',
  exited: 'EXITED',
  completed: 'COMPLETED',
  failed: 'FAILED',
};

/**
 * The replica's own container, the last one reported if several: a retiring replica's is still
 * shown (its id and exit code) while it stops.
 */
function ownContainer(r: ReplicaRecord, candidates: readonly ContainerRecord[] = []): ContainerRecord | undefined {
  let own: ContainerRecord | undefined;
  for (const c of candidates) if (isOwnContainer(r, c)) own = c;
  return own;
}

export function renderWorkload(
  w: WorkloadRecord,
  replicas: ReplicaRecord[],
  containers: ContainerRecord[],
): WorkloadMsg {
  const byReplica = new Map<number, ContainerRecord[]>();
  for (const c of containers) {
    const list = byReplica.get(c.replica);
    if (list) list.push(c);
    else byReplica.set(c.replica, [c]);
  }
  const statuses: ReplicaStatus[] = replicas.map((r) => {
    const c = ownContainer(r, byReplica.get(r.id));
    const { state, reason: phaseReason } = replicaState(replicaPhase(r, w, c));
    // A running replica failing its check says why: the agent's last message.
    const reason =
      state === 'RUNNING' && w.spec.health && c?.health === 'unhealthy'
        ? `health check failed ${c.healthFailures} time${c.healthFailures === 1 ? '' : 's'} in a row: ${c.healthMessage}`
        : phaseReason;
    return {
      id: r.id,
      node: r.node ?? '',
      state,
      reason,
      epoch: r.epoch,
      generation: r.generation,
      containerId: c?.containerId ?? '',
      exitCode: c?.exitCode ?? 0,
      restarts: r.restarts,
      // Ready: running, and passing its check when it has one (one check serves both, as Docker's).
      // The endpoint rule's own test, so that ready replicas and endpoints never disagree.
      ready: state === 'RUNNING' && isServing(w.spec, c),
      health: w.spec.health ? c?.health || 'starting' : '',
      ports: r.ports ?? [],
    };
  });
  return {
    spec: w.spec,
    generation: w.generation,
    status: {
      desired: w.spec.replicas,
      running: statuses.filter((s) => s.state === 'RUNNING').length,
      pending: statuses.filter((s) => s.state === 'PENDING').length,
      replicas: statuses,
      ready: statuses.filter((s) => s.ready).length,
      rollout: rolloutOf(w, replicas, statuses),
    },
    createdAt: timestamp(w.createdAt),
    updatedAt: timestamp(w.updatedAt),
  };
}

/**
 * Where the rollout to the current generation stands, counted from the replicas shown; stalled
 * and failed are what the reconciler last wrote on the old replicas.
 */
function rolloutOf(w: WorkloadRecord, replicas: ReplicaRecord[], statuses: ReplicaStatus[]): RolloutStatus {
  const current = statuses.filter((s) => s.generation === w.generation && s.state !== 'STOPPING');
  const updated = current.length;
  const ready = current.filter((s) => s.ready).length;
  const old = statuses.filter((s) => s.generation !== w.generation && s.state !== 'STOPPING').length;
  const done = ready >= w.spec.replicas && old === 0;
  const progress = `${ready} of ${w.spec.replicas} replicas ready on generation ${w.generation}, ${old} on older ones`;
  if (done) return { state: 'complete', updated, ready, old, message: '' };
  if (w.spec.update?.paused) return { state: 'paused', updated, ready, old, message: `paused: ${progress}` };
  for (const r of replicas) {
    if (r.desired !== 'run' || r.generation === w.generation) continue;
    for (const [prefix, state] of [
      [ROLLOUT_FAILED, 'failed'],
      [ROLLOUT_STALLED, 'stalled'],
    ] as const)
      if (r.reason.startsWith(prefix))
        return { state, updated, ready, old, message: `${r.reason.slice(prefix.length)} (${progress})` };
  }
  return { state: 'progressing', updated, ready, old, message: progress };
}

export function renderNode(n: NodeRecord, totals: Readonly<NodeTotals>): NodeMsg {
  return {
    name: n.name,
    address: n.address,
    state: publicNodeState(n),
    capacity: { cpuMillis: n.cpuMillis, memoryBytes: n.memoryBytes },
    allocated: { ...totals.allocated },
    usage: { cpuPercent: n.usageCpuPercent, memoryUsedBytes: n.usageMemoryBytes },
    labels: n.labels,
    lastHeartbeat: timestamp(n.lastSeen),
    cordoned: n.cordoned,
    draining: n.draining,
    replicas: totals.running,
    agentVersion: n.agentVersion,
    networks: n.networks ?? [],
    conditions: (n.conditions ?? []).map((c) => ({ type: c.type, message: c.message, since: timestamp(c.since) })),
  };
}

export function renderEvent(e: EventRecord): EventMsg {
  return {
    seq: e.seq,
    time: timestamp(e.time),
    type: e.type,
    node: e.node,
    workload: e.workload,
    replica: e.replica,
    message: e.message,
    epoch: e.epoch,
  };
}
