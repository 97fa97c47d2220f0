// A published service port is one cluster-wide: the check of an apply against what the other
// workloads already publish. Separate from the spec's own validation, which needs no store.
import type { WorkloadSpec } from '@coxswain/shared';
import type { WorkloadRecord } from '../model';
import { ValidationError } from './basics';

/** Throws INVALID_ARGUMENT naming the field and the workload when another one publishes the same port. */
export function checkPublishUnique(spec: WorkloadSpec, others: readonly WorkloadRecord[]): void {
  const taken = new Map<number, string>();
  for (const w of others) {
    if (w.name === spec.name) continue;
    for (const p of w.spec.ports ?? []) if (p.publish > 0) taken.set(p.publish, w.name);
  }
  (spec.ports ?? []).forEach((p, i) => {
    const owner = p.publish > 0 ? taken.get(p.publish) : undefined;
    if (owner !== undefined) {
      throw new ValidationError(`ports[${i}].publish`, `port ${p.publish} is already published by workload "${owner}"`);
    }
  });
}
