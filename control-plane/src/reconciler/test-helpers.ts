// Builders shared by the reconciler's table-style tests.
import type { WorkloadSpec } from '@coxswain/shared';
import type { ContainerRecord, NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { reconcile } from './reconcile';
import type { ReconcileInput, ReconcilePlan } from './types';

export const NOW = 1_000_000;

export function node(name: string, extra: Partial<NodeRecord> = {}): NodeRecord {
  return {
    name,
    address: '',
    labels: {},
    cpuMillis: 1000,
    memoryBytes: 1 << 30,
    usageCpuPercent: 0,
    usageMemoryBytes: 0,
    state: 'READY',
    lastSeen: NOW,
    cordoned: false,
    draining: false,
    agentVersion: '',
    registeredAt: 0,
    ...extra,
  };
}

export function workload(
  name: string,
  replicas: number,
  extra: Partial<WorkloadSpec> = {},
  generation = 1,
): WorkloadRecord {
  const spec: WorkloadSpec = {
    name,
    image: 'local/busybox:1',
    command: ['sleep', '1000'],
    env: {},
    replicas,
    resources: { cpuMillis: 100, memoryBytes: 64 << 20 },
    labels: {},
    constraints: [],
    restartPolicy: 'always',
    disconnect: 'keep',
    ...extra,
  };
  return { name, spec, generation, createdAt: 0, updatedAt: 0 };
}

export function replica(
  w: string,
  id: number,
  nodeName: string | null,
  epoch: number,
  extra: Partial<ReplicaRecord> = {},
): ReplicaRecord {
  return {
    workload: w,
    id,
    node: nodeName,
    epoch,
    generation: 1,
    desired: 'run',
    reason: '',
    restarts: 0,
    handledExitAt: 0,
    lastStartAt: 0,
    failures: 0,
    failedAt: 0,
    failReason: '',
    waitingForRoom: false,
    replaces: null,
    moveStartedAt: 0,
    replaceFailedAt: 0,
    ...extra,
  };
}

export function container(
  nodeName: string,
  w: string,
  id: number,
  epoch: number,
  extra: Partial<ContainerRecord> = {},
): ContainerRecord {
  return {
    node: nodeName,
    containerId: `c-${nodeName}-${w}-${id}-${epoch}`,
    workload: w,
    replica: id,
    epoch,
    generation: 1,
    state: 'running',
    exitCode: 0,
    startedAt: NOW - 60_000,
    finishedAt: 0,
    changedAt: NOW - 60_000,
    ...extra,
  };
}

export function run(partial: Partial<ReconcileInput>): ReconcilePlan {
  const nodes = partial.nodes ?? [];
  return reconcile({
    now: NOW,
    nodeTimeoutMs: 3000,
    fenceMarginMs: 1500,
    nodes,
    connected: new Set(nodes.map((n) => n.name)),
    workloads: [],
    replicas: [],
    containers: [],
    nextEpoch: 100,
    ...partial,
  });
}

export const starts = (p: ReconcilePlan) => p.commands.filter((c) => c.kind === 'start');
export const stops = (p: ReconcilePlan) => p.commands.filter((c) => c.kind === 'stop');
