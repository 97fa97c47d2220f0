// A workload's history of generations and what rolling back to one of them writes. Pure: the
// caller reads the stored record and history, and hands the planned write to the store.
import type { WorkloadSpec } from '@coxswain/shared';
import type { WorkloadRecord } from './records';
import { planWorkloadWrite, type WorkloadWrite, type WorkloadWriter } from './workload';

/**
 * What an old replica's reason starts with while the rollout to its workload's generation cannot
 * take a step, or after it failed: written by the reconciler, shown by GetWorkload's rollout.
 */
export const ROLLOUT_STALLED = 'rollout stalled: ';
export const ROLLOUT_FAILED = 'rollout failed: ';

/** How many generations of a workload are kept, the current one included. */
export const KEPT_GENERATIONS = 10;

/** One generation of a workload: the spec it was made from, when and why. */
export interface GenerationRecord {
  workload: string;
  generation: number;
  spec: WorkloadSpec;
  createdAt: number;
  cause: string;
}

/**
 * The generation a rollback goes to: `to` when given (0: the one before the current), or
 * undefined when the history does not hold it.
 */
export function rollbackTarget(
  current: WorkloadRecord,
  history: readonly GenerationRecord[],
  to: number,
): GenerationRecord | undefined {
  if (to > 0) return history.find((g) => g.generation === to);
  return history.filter((g) => g.generation < current.generation).sort((a, b) => b.generation - a.generation)[0];
}

/**
 * The write that rolls `current` back to `target`'s spec as a new generation. The replica count
 * and whether the rollout is paused stay as they are now: a rollback changes what runs, not how
 * many. Undefined when the current spec already is that one.
 */
export function planRollback(
  current: WorkloadRecord,
  target: GenerationRecord,
  cause: string,
): WorkloadWrite | undefined {
  const spec: WorkloadSpec = {
    ...target.spec,
    replicas: current.spec.replicas,
    update: { ...target.spec.update, paused: current.spec.update?.paused ?? false },
  };
  const write = planWorkloadWrite(current, spec, cause);
  if (!write || write.generation === current.generation) return write;
  return { ...write, adoptGeneration: target.generation };
}

/** What rolling a workload back needs of a store. */
export interface RollbackStore extends WorkloadWriter {
  listGenerations(name: string): GenerationRecord[];
}

export type RollbackResult =
  | { kind: 'no-workload' }
  | { kind: 'no-generation'; generation: number }
  | { kind: 'rolled-back'; workload: WorkloadRecord; from: number; to: number; changed: boolean };

/**
 * Rolls the workload back to generation `to` (0: the one before the current) as a new
 * generation with the cause that `cause` words for the target, for the API's RollbackWorkload and the controller's autoRollback alike.
 */
export function rollbackWorkload(
  store: RollbackStore,
  name: string,
  to: number,
  cause: (to: number) => string,
  now = Date.now(),
): RollbackResult {
  const current = store.getWorkload(name);
  if (!current) return { kind: 'no-workload' };
  const target = rollbackTarget(current, store.listGenerations(name), to);
  if (!target) return { kind: 'no-generation', generation: to };
  const write = planRollback(current, target, cause(target.generation));
  const workload = write ? store.saveWorkload(write, now) : current;
  return { kind: 'rolled-back', workload, from: current.generation, to: target.generation, changed: !!write };
}
