// Builders shared by the reconciler's table-style tests, and a harness for several passes in a row.
import type { WorkloadSpec } from '@coxswain/shared';
import type { ContainerRecord, NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { reconcile } from './reconcile';
import type { ReconcileInput, ReconcilePlan } from './types';
import { workloadSpec } from '@coxswain/shared/spec-builder';

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
  const spec = workloadSpec(name, { image: 'local/busybox:1', command: ['sleep', '1000'], replicas, ...extra });
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
    drainStartedAt: 0,
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

/** What the harness feeds each pass from the one before. */
export interface PassState {
  replicas: ReplicaRecord[];
  containers: ContainerRecord[];
  nextEpoch: number;
}

/**
 * Several reconciler passes over one evolving cluster, the way the controller runs them: each
 * pass sees the replicas and epoch counter the previous ones wrote. Containers change only when
 * the test says so: as the agents would report after carrying a pass's commands out
 * (`reportStarts`, `reportStops`), or by hand (`containers` is the test's to edit).
 */
export class Passes {
  replicas: ReplicaRecord[];
  containers: ContainerRecord[];
  nextEpoch: number;

  /** `base` is every pass's input (nodes, workloads, options); a pass may override parts of it. */
  constructor(
    private readonly base: Partial<ReconcileInput>,
    start: Partial<PassState> = {},
  ) {
    this.replicas = start.replicas ?? base.replicas ?? [];
    this.containers = start.containers ?? base.containers ?? [];
    this.nextEpoch = start.nextEpoch ?? base.nextEpoch ?? 100;
  }

  /** Runs one pass on the current state and applies its changes to it. */
  run(extra: Partial<ReconcileInput> = {}): ReconcilePlan {
    const p = run({
      ...this.base,
      replicas: this.replicas,
      containers: this.containers,
      nextEpoch: this.nextEpoch,
      ...extra,
    });
    this.apply(p);
    return p;
  }

  /** Runs a pass and reports its commands carried out: started containers run, stopped ones are gone. */
  runAndReport(extra: Partial<ReconcileInput> = {}): ReconcilePlan {
    const p = this.run(extra);
    this.reportStarts(p);
    this.reportStops(p);
    return p;
  }

  /** Each start command of the pass becomes a running container (replacing an earlier one of its epoch). */
  reportStarts(p: ReconcilePlan): void {
    for (const c of starts(p)) {
      const started = container(c.node, c.workload, c.replica, c.epoch, {
        generation: c.generation,
        startedAt: NOW,
        changedAt: NOW,
      });
      this.containers = [...this.containers.filter((x) => x.containerId !== started.containerId), started];
    }
  }

  /** Each container the pass stops is gone. */
  reportStops(p: ReconcilePlan): void {
    const gone = new Set(stops(p).map((c) => `${c.node}/${c.containerId}`));
    this.containers = this.containers.filter((c) => !gone.has(`${c.node}/${c.containerId}`));
  }

  /** The replica as the passes left it. */
  find(workload: string, id = 0): ReplicaRecord {
    const r = this.replicas.find((x) => x.workload === workload && x.id === id);
    if (!r) throw new Error(`no replica ${workload}/${id} after the passes`);
    return r;
  }

  private apply(p: ReconcilePlan): void {
    const key = (r: { workload: string; id: number }) => `${r.workload}/${r.id}`;
    const out = new Map(this.replicas.map((r) => [key(r), r]));
    for (const r of p.changes.deleteReplicas ?? []) out.delete(key(r));
    for (const r of p.changes.upsertReplicas ?? []) out.set(key(r), r);
    this.replicas = [...out.values()];
    if (p.changes.nextEpoch !== undefined) this.nextEpoch = p.changes.nextEpoch;
  }
}
