// What makes a new generation of a workload, and what its store write looks like. Pure: the caller
// reads the stored record, asks here what to write, and hands the answer to the store.
import type { WorkloadSpec } from '@coxswain/shared';
import type { EventInput, WorkloadRecord } from './records';
import { withSpecDefaults } from './spec-defaults';

/** One write of a workload spec, fully decided: the store persists it as told. */
export interface WorkloadWrite {
  spec: WorkloadSpec;
  generation: number;
  /** True when no record exists yet (an insert rather than an update). */
  created: boolean;
  event: EventInput;
  /** Why, when it makes a new generation (kept in the workload's history): "apply" unless told. */
  cause: string;
  /**
   * Replicas of this generation already run exactly the written spec (a rollback to it): they take
   * the new generation as they are, instead of being rolled over again.
   */
  adoptGeneration?: number;
}

/**
 * True when a change of spec needs new containers: anything but the replica count and
 * `update.paused`. Those alone keep the generation, so scaling never restarts running replicas.
 */
export function podTemplateChanged(a: WorkloadSpec, b: WorkloadSpec): boolean {
  // Neither the count nor pausing a rollout changes what a replica runs.
  const strip = (s: WorkloadSpec) => JSON.stringify({ ...s, replicas: 0, update: { ...s.update, paused: false } });
  return strip(a) !== strip(b);
}

/** The write that stores `spec` over `before`, or undefined when the spec is unchanged. */
export function planWorkloadWrite(
  before: WorkloadRecord | undefined,
  given: WorkloadSpec,
  cause = 'apply',
): WorkloadWrite | undefined {
  // Compared and stored with every field present, as a stored spec reads back.
  const spec = withSpecDefaults(given);
  if (!before) {
    return {
      spec,
      generation: 1,
      created: true,
      cause,
      event: { type: 'workload.created', workload: spec.name, message: `${spec.replicas} replicas` },
    };
  }
  const prev = withSpecDefaults(before.spec);
  if (JSON.stringify(prev) === JSON.stringify(spec)) return undefined;
  const generation = podTemplateChanged(prev, spec) ? before.generation + 1 : before.generation;
  return {
    spec,
    generation,
    created: false,
    cause,
    event: {
      type: 'workload.updated',
      workload: spec.name,
      message: `generation ${generation}, ${spec.replicas} replicas${generation !== before.generation ? `: ${cause}` : ''}`,
    },
  };
}

/** What applying a spec needs of a store: the stored record and a write of the decided change. */
export interface WorkloadWriter {
  getWorkload(name: string): WorkloadRecord | undefined;
  saveWorkload(write: WorkloadWrite, now: number): WorkloadRecord;
}

/**
 * Stores a spec the way the API does: decide the generation here, then persist. `changed` is
 * false when the stored spec was the same, so callers can skip a reconciler pass.
 */
export function applyWorkload(
  store: WorkloadWriter,
  spec: WorkloadSpec,
  now = Date.now(),
): { workload: WorkloadRecord; changed: boolean } {
  const before = store.getWorkload(spec.name);
  const write = planWorkloadWrite(before, spec);
  if (!write) {
    if (!before) throw new Error(`workload "${spec.name}": no change planned for a workload that is not stored`);
    return { workload: before, changed: false };
  }
  return { workload: store.saveWorkload(write, now), changed: true };
}
