// Input of the store-path benchmark: hosts as agents would register them, workloads as users
// would apply them. Seeded, so every run submits the same cluster.

import type { Register, WorkloadSpec } from '@coxswain/shared';
import type { SchedNode, SchedRequest } from '@coxswain/control-plane/scheduler';
import { parseConstraint } from '@coxswain/control-plane/scheduler';
import { withSpecDefaults } from '@coxswain/control-plane';
import { hostShapes, memoryFor, prng, skewedCpu, ZONES } from './random';

export interface StoreInput {
  registrations: Register[];
  specs: WorkloadSpec[];
}

export function storeInput(hostCount: number, workloadCount: number, replicasEach: number, seed = 42): StoreInput {
  const rnd = prng(seed);
  const registrations = hostShapes(hostCount, rnd).map((h) => ({
    name: h.name,
    labels: { zone: h.zone, disk: rnd() < 0.5 ? 'ssd' : 'hdd' },
    capacity: { cpuMillis: h.cpuMillis, memoryBytes: h.memoryBytes },
    agentVersion: 'bench',
    addresses: [],
    networks: ['bridge', 'host', 'none'],
    advertiseAddress: '',
    dynamicPortLow: 20000,
    dynamicPortHigh: 29999,
  }));
  const specs: WorkloadSpec[] = [];
  for (let i = 0; i < workloadCount; i++) {
    const cpu = skewedCpu(rnd);
    // Some workloads pin a zone, some avoid a disk kind, most go anywhere.
    const constraints =
      i % 5 === 0 ? [`node.labels.zone == ${ZONES[i % 3]}`] : i % 7 === 0 ? ['node.labels.disk != hdd'] : [];
    specs.push(
      withSpecDefaults({
        name: `w-${String(i).padStart(5, '0')}`,
        image: 'local/busybox:1',
        command: ['sleep', '1000'],
        env: {},
        replicas: replicasEach,
        resources: { cpuMillis: cpu, memoryBytes: memoryFor(cpu, rnd, 0.5, 5.5) },
        labels: {},
        constraints,
        restartPolicy: 'always',
        disconnect: 'keep',
        // Every other field as an apply would store it.
        network: 'none',
      } as WorkloadSpec),
    );
  }
  return { registrations, specs };
}

/** The same input as the pure scheduler sees it, for the baseline. */
export function asSchedulerInput(input: StoreInput): { nodes: SchedNode[]; requests: SchedRequest[] } {
  const nodes: SchedNode[] = input.registrations.map((r) => ({
    name: r.name,
    labels: r.labels,
    capacity: { ...r.capacity },
    allocated: { cpuMillis: 0, memoryBytes: 0 },
    schedulable: true,
    groupCounts: {},
  }));
  const requests: SchedRequest[] = [];
  for (const s of input.specs) {
    const constraints = s.constraints.map(parseConstraint);
    for (let id = 0; id < s.replicas; id++) {
      requests.push({
        id: `${s.name}/${id}`,
        group: s.name,
        cpuMillis: s.resources.cpuMillis,
        memoryBytes: s.resources.memoryBytes,
        constraints,
      });
    }
  }
  return { nodes, requests };
}
