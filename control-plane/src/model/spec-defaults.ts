// What a workload spec field means when it is not given. One definition, used by validation (a
// new apply) and by the store (a spec stored before the field existed), so that re-applying an
// old spec unchanged never looks like a change.
import type { UpdatePolicy, WorkloadSpec } from '@coxswain/shared';

export const DEFAULT_NETWORK = 'bridge';
export const DEFAULT_STOP_GRACE_PERIOD = '10s';
/** As Kubernetes' and Swarm's: one extra and one missing at a time, surge preferred. */
export const DEFAULT_UPDATE: Required<UpdatePolicy> = {
  maxSurge: 1,
  maxUnavailable: 1,
  minReady: '0s',
  progressDeadline: '10m',
  autoRollback: false,
  paused: false,
};
export const DEFAULT_HEALTH_TIMING = { interval: '10s', timeout: '1s', failureThreshold: 3, startPeriod: '0s' };

/** The fields added after the first stored specs, with their defaults, in the spec's order. */
export function withSpecDefaults(spec: WorkloadSpec): WorkloadSpec {
  return {
    ...spec,
    network: spec.network || DEFAULT_NETWORK,
    ports: spec.ports ?? [],
    health: spec.health ?? null,
    update: { ...DEFAULT_UPDATE, ...(spec.update ?? {}) },
    mounts: spec.mounts ?? [],
    stopGracePeriod: spec.stopGracePeriod || DEFAULT_STOP_GRACE_PERIOD,
  } as WorkloadSpec;
}
