// The host ports of a replica: what its spec asks of a node, what it holds there, and the numbers
// the control plane gives it when it is placed. Pure: the reconciler calls `allocatePorts` for a
// replica about to start and keeps the result on the replica while it stays on its node.
import type { AllocatedPort, PortSpec, WorkloadSpec } from '@coxswain/shared';
import type { NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { allocateDynamic, DEFAULT_DYNAMIC_PORTS, type PortNeed } from '../resources';

/** The scheduler's view of a spec's ports; empty for a spec without any (nothing to check). */
export function portNeed(spec: WorkloadSpec): PortNeed {
  const ports = spec.ports ?? [];
  if (ports.length === 0) return {};
  const hostPorts = ports.filter((p) => p.hostPort > 0).map((p) => p.hostPort);
  const dynamicPorts = ports.length - hostPorts.length;
  return {
    ...(hostPorts.length > 0 ? { hostPorts } : {}),
    ...(dynamicPorts > 0 ? { dynamicPorts } : {}),
  };
}

export function dynamicRange(n: Pick<NodeRecord, 'dynamicPortLow' | 'dynamicPortHigh'>): { low: number; high: number } {
  return {
    low: n.dynamicPortLow || DEFAULT_DYNAMIC_PORTS.low,
    high: n.dynamicPortHigh || DEFAULT_DYNAMIC_PORTS.high,
  };
}

/**
 * What a placed replica holds on its node: the numbers it was given, or, before it has any, its
 * spec's fixed ports and a count of dynamic ones still to be numbered.
 */
export function heldPorts(r: ReplicaRecord, w: WorkloadRecord | undefined): { fixed: number[]; unallocated: number } {
  if (r.ports && r.ports.length > 0) return { fixed: r.ports.map((p) => p.hostPort), unallocated: 0 };
  if (!w) return { fixed: [], unallocated: 0 };
  const need = portNeed(w.spec);
  return { fixed: [...(need.hostPorts ?? [])], unallocated: need.dynamicPorts ?? 0 };
}

/** Whether a replica's allocation still answers its spec: the same names, fixed ports and container ports. */
export function portsMatch(spec: readonly PortSpec[], allocated: readonly AllocatedPort[] | undefined): boolean {
  const have = allocated ?? [];
  if (spec.length === 0) return have.length === 0;
  if (have.length !== spec.length) return false;
  return spec.every((p, i) => {
    const a = have[i];
    return a.name === p.name && (p.hostPort === 0 || a.hostPort === p.hostPort) && a.containerPort === p.containerPort;
  });
}

/**
 * Numbers for a replica's ports on a node where `taken` are held by others: fixed ones as the spec
 * says, dynamic ones kept from `previous` (same name) when still free, else the lowest free of the
 * range. The scheduler placed it where they fit, so a refusal (a fixed port held, the range run
 * out) means its view was behind; the replica then waits rather than collide. `taken` gains the
 * numbers given.
 */
export function allocatePorts(
  spec: readonly PortSpec[],
  range: { low: number; high: number },
  taken: Set<number>,
  previous: readonly AllocatedPort[] = [],
): { ports: AllocatedPort[] } | { refused: string } {
  for (const p of spec) if (p.hostPort > 0 && taken.has(p.hostPort)) return { refused: `port ${p.hostPort} in use` };
  const out: AllocatedPort[] = [];
  for (const p of spec) {
    let hostPort = p.hostPort;
    if (hostPort === 0) {
      const before = previous.find((a) => a.name === p.name)?.hostPort;
      if (before !== undefined && before >= range.low && before <= range.high && !taken.has(before)) {
        hostPort = before;
      } else {
        const [next] = allocateDynamic(range, taken, 1);
        if (next === undefined) return { refused: 'no free dynamic port' };
        hostPort = next;
      }
    }
    taken.add(hostPort);
    out.push({ name: p.name, hostPort, containerPort: p.containerPort });
  }
  return { ports: out };
}
