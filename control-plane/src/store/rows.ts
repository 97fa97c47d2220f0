// Row <-> record mapping; SQLite keeps booleans as 0/1 and maps as JSON text.
import type { WorkloadSpec } from '@coxswain/shared';
import type { ContainerRecord, EventRecord, NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';

type Row = Record<string, any>;

export function nodeFromRow(row: unknown): NodeRecord {
  const r = row as Row;
  return {
    name: r.name,
    address: r.address,
    labels: JSON.parse(r.labels),
    cpuMillis: r.cpu_millis,
    memoryBytes: r.memory_bytes,
    usageCpuPercent: r.usage_cpu_percent,
    usageMemoryBytes: r.usage_memory_bytes,
    state: r.state,
    lastSeen: r.last_seen,
    cordoned: !!r.cordoned,
    draining: !!r.draining,
    agentVersion: r.agent_version,
    registeredAt: r.registered_at,
  };
}

export function workloadFromRow(row: unknown): WorkloadRecord {
  const r = row as Row;
  return {
    name: r.name,
    spec: JSON.parse(r.spec) as WorkloadSpec,
    generation: r.generation,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function replicaFromRow(row: unknown): ReplicaRecord {
  const r = row as Row;
  return {
    workload: r.workload,
    id: r.id,
    node: r.node,
    epoch: r.epoch,
    generation: r.generation,
    desired: r.desired,
    reason: r.reason,
    restarts: r.restarts,
    handledExitAt: r.handled_exit_at,
    lastStartAt: r.last_start_at,
    failures: r.failures,
    failedAt: r.failed_at,
    failReason: r.fail_reason,
    replaces: r.replaces,
    movedAt: r.moved_at,
  };
}

export function replicaToRow(r: ReplicaRecord): Row {
  return {
    workload: r.workload,
    id: r.id,
    node: r.node,
    epoch: r.epoch,
    generation: r.generation,
    desired: r.desired,
    reason: r.reason,
    restarts: r.restarts,
    handled_exit_at: r.handledExitAt,
    last_start_at: r.lastStartAt,
    failures: r.failures,
    failed_at: r.failedAt,
    fail_reason: r.failReason,
    replaces: r.replaces,
    moved_at: r.movedAt,
  };
}

export function containerFromRow(row: unknown): ContainerRecord {
  const r = row as Row;
  return {
    node: r.node,
    containerId: r.container_id,
    workload: r.workload,
    replica: r.replica,
    epoch: r.epoch,
    generation: r.generation,
    state: r.state,
    exitCode: r.exit_code,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    changedAt: r.changed_at,
  };
}

export function eventFromRow(row: unknown): EventRecord {
  const r = row as Row;
  return {
    seq: r.seq,
    time: r.time,
    type: r.type,
    node: r.node,
    workload: r.workload,
    replica: r.replica,
    epoch: r.epoch,
    message: r.message,
  };
}
