// Row <-> record mapping; SQLite keeps booleans as 0/1 and maps as JSON text.
import type { WorkloadSpec } from '@coxswain/shared';
import {
  withSpecDefaults,
  type ContainerRecord,
  type EventRecord,
  type GenerationRecord,
  type NodeRecord,
  type ReplicaRecord,
  type WorkloadRecord,
} from '../model';

// Columns are checked by the schema, not by the type system: a row is read field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
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
    networks: JSON.parse(r.networks ?? '[]'),
    advertiseAddress: r.advertise_address ?? '',
    dynamicPortLow: r.dynamic_port_low ?? 20000,
    dynamicPortHigh: r.dynamic_port_high ?? 29999,
    ...(r.ready_since ? { readySince: r.ready_since } : {}),
    conditions: JSON.parse(r.conditions ?? '[]'),
  };
}

export function workloadFromRow(row: unknown): WorkloadRecord {
  const r = row as Row;
  return {
    name: r.name,
    // Specs stored before a field existed read with its default, exactly as an apply would set it.
    spec: withSpecDefaults(JSON.parse(r.spec) as WorkloadSpec),
    generation: r.generation,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function generationFromRow(row: unknown): GenerationRecord {
  const r = row as Row;
  return {
    workload: r.workload,
    generation: r.generation,
    spec: withSpecDefaults(JSON.parse(r.spec) as WorkloadSpec),
    createdAt: r.created_at,
    cause: r.cause,
  };
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Replica rows hold these fields as columns of the same name in snake case; the flag waitingForRoom is 0/1. */
const REPLICA_FIELDS: (keyof ReplicaRecord)[] = [
  'workload',
  'id',
  'node',
  'epoch',
  'generation',
  'desired',
  'reason',
  'restarts',
  'handledExitAt',
  'lastStartAt',
  'failures',
  'failedAt',
  'failReason',
  'replaces',
  'moveStartedAt',
  'replaceFailedAt',
  'drainStartedAt',
];

/** The columns of REPLICA_FIELDS, named once: converting each name per row was 8 % of placing 100,000 replicas. */
const REPLICA_COLUMNS = REPLICA_FIELDS.map(snake);

export function replicaFromRow(row: unknown): ReplicaRecord {
  const r = row as Row;
  const out: Row = {};
  for (let i = 0; i < REPLICA_FIELDS.length; i++) out[REPLICA_FIELDS[i]] = r[REPLICA_COLUMNS[i]];
  out.waitingForRoom = !!r.waiting_for_room;
  // None is left out, as the records the reconciler writes leave it out.
  const ports = JSON.parse(r.ports ?? '[]');
  if (ports.length > 0) out.ports = ports;
  return out as ReplicaRecord;
}

export function replicaToRow(rec: ReplicaRecord): Row {
  const out: Row = {};
  for (let i = 0; i < REPLICA_FIELDS.length; i++) out[REPLICA_COLUMNS[i]] = rec[REPLICA_FIELDS[i]];
  out.waiting_for_room = rec.waitingForRoom ? 1 : 0;
  out.ports = JSON.stringify(rec.ports ?? []);
  return out;
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
    health: r.health ?? '',
    healthFailures: r.health_failures ?? 0,
    healthMessage: r.health_message ?? '',
  };
}

/** The upsert's parameters (`now` is the row's changed_at). */
export function containerToRow(c: ContainerRecord): Record<string, unknown> {
  return {
    node: c.node,
    container_id: c.containerId,
    workload: c.workload,
    replica: c.replica,
    epoch: c.epoch,
    generation: c.generation,
    state: c.state,
    exit_code: c.exitCode,
    started_at: c.startedAt,
    finished_at: c.finishedAt,
    now: c.changedAt,
    health: c.health ?? '',
    health_failures: c.healthFailures ?? 0,
    health_message: c.healthMessage ?? '',
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
