// Store records -> API messages. Replica state is derived here from desired + observed state.
import type { EventMsg, NodeMsg, ReplicaState, ReplicaStatus, WorkloadMsg } from '@coxswain/shared';
import type { ContainerRecord, EventRecord, NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';

export function timestamp(ms: number): string {
  return ms ? new Date(ms).toISOString() : '';
}

function replicaState(
  r: ReplicaRecord,
  w: WorkloadRecord,
  c: ContainerRecord | undefined,
): { state: ReplicaState; reason: string } {
  if (r.desired === 'stop') return { state: 'STOPPING', reason: 'retired' };
  if (!r.node) return { state: 'PENDING', reason: r.reason };
  if (c) {
    if (c.state === 'running') return { state: 'RUNNING', reason: '' };
    if (c.state === 'exited' || c.state === 'dead') {
      const policy = w.spec.restartPolicy || 'always';
      const final = policy === 'never' || (policy === 'on-failure' && c.exitCode === 0);
      return { state: final ? 'COMPLETED' : 'EXITED', reason: `exit code ${c.exitCode}` };
    }
  }
  if (r.failures > 0) return { state: 'FAILED', reason: r.failReason };
  return { state: 'STARTING', reason: r.reason };
}

export function renderWorkload(
  w: WorkloadRecord,
  replicas: ReplicaRecord[],
  containers: ContainerRecord[],
): WorkloadMsg {
  const current = new Map<string, ContainerRecord>();
  for (const c of containers) current.set(`${c.node}/${c.replica}/${c.epoch}`, c);
  const statuses: ReplicaStatus[] = replicas.map((r) => {
    const c = r.node ? current.get(`${r.node}/${r.id}/${r.epoch}`) : undefined;
    const { state, reason } = replicaState(r, w, c);
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
    },
    createdAt: timestamp(w.createdAt),
    updatedAt: timestamp(w.updatedAt),
  };
}

export function renderNode(n: NodeRecord, replicas: ReplicaRecord[], workloads: Map<string, WorkloadRecord>): NodeMsg {
  let cpu = 0;
  let mem = 0;
  let count = 0;
  for (const r of replicas) {
    if (r.node !== n.name) continue;
    const res = workloads.get(r.workload)?.spec.resources;
    if (res) {
      cpu += res.cpuMillis;
      mem += res.memoryBytes;
    }
    if (r.desired === 'run') count++;
  }
  return {
    name: n.name,
    address: n.address,
    state: n.state,
    capacity: { cpuMillis: n.cpuMillis, memoryBytes: n.memoryBytes },
    allocated: { cpuMillis: cpu, memoryBytes: mem },
    usage: { cpuPercent: n.usageCpuPercent, memoryUsedBytes: n.usageMemoryBytes },
    labels: n.labels,
    lastHeartbeat: timestamp(n.lastSeen),
    cordoned: n.cordoned,
    draining: n.draining,
    replicas: count,
    agentVersion: n.agentVersion,
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
