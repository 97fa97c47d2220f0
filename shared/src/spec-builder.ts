// For tests: a complete WorkloadSpec from the few fields a test cares about. Published as
// `@coxswain/shared/spec-builder`, beside the package's main entry: no program imports it.
import type { WorkloadSpec } from './types';

/**
 * A one-replica `sleep` workload of 100 millicores and 64 MiB, with `extra` on top. The service
 * fields it leaves out (network, ports, health, ...) are absent as from a client that does not
 * set them, which is what the control plane's defaults are for.
 */
export function workloadSpec(name: string, extra: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return {
    name,
    image: 'coxswain/busybox:1',
    command: ['sleep', '100'],
    env: {},
    replicas: 1,
    resources: { cpuMillis: 100, memoryBytes: 64 << 20 },
    labels: {},
    constraints: [],
    restartPolicy: 'always',
    disconnect: 'keep',
    ...extra,
  } as WorkloadSpec;
}
