// The routing mesh's table: every published port of the cluster with the ready endpoints of its
// port name, by the same rule as ListEndpoints, so the agents' meshes and WatchEndpoints never
// disagree about who serves. Pure: records in, the table out.
import type { MeshService, ServicePort, WorkloadSpec } from '@coxswain/shared';
import type { ContainerRecord, NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { endpointSet } from './endpoint-set';

/** The workload's published ports: `{workload, portName, publish}` for each port with `publish` > 0. */
export function publishedPorts(workload: string, spec: WorkloadSpec): ServicePort[] {
  return (spec.ports ?? [])
    .filter((p) => p.publish > 0)
    .map((p) => ({ workload, portName: p.name, publish: p.publish }));
}

/** Every published port of the cluster, by port. */
export function clusterServices(workloads: readonly WorkloadRecord[]): ServicePort[] {
  return workloads.flatMap((w) => publishedPorts(w.name, w.spec)).sort((a, b) => a.publish - b.publish);
}

export interface MeshTableInput {
  now: number;
  lateAfterMs: number;
  /** See EndpointInput.heardSince. */
  heardSince?: number;
  workloads: readonly WorkloadRecord[];
  replicasOf: (workload: string) => readonly ReplicaRecord[];
  containersOf: (workload: string) => readonly ContainerRecord[];
  nodes: ReadonlyMap<string, NodeRecord>;
}

/** The table's services, by publish port; a port's endpoints in the endpoint set's order. */
export function meshTable(input: MeshTableInput): MeshService[] {
  const out: MeshService[] = [];
  for (const w of input.workloads) {
    const ports = publishedPorts(w.name, w.spec);
    if (ports.length === 0) continue;
    const set = endpointSet({
      now: input.now,
      lateAfterMs: input.lateAfterMs,
      heardSince: input.heardSince,
      workload: w,
      replicas: input.replicasOf(w.name),
      containers: input.containersOf(w.name),
      nodes: input.nodes,
      portsOf: (r) => r.ports ?? [],
    });
    for (const p of ports)
      out.push({
        publish: p.publish,
        workload: w.name,
        portName: p.portName,
        endpoints: set
          .filter((e) => e.portName === p.portName)
          .map((e) => ({ replica: e.replica, node: e.node, address: e.address, port: e.port })),
      });
  }
  return out.sort((a, b) => a.publish - b.publish);
}
