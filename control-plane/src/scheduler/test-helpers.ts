// Small builders shared by the scheduler tests.

import { parseConstraint } from './constraints';
import type { SchedNode, SchedRequest } from './types';

export const GIB = 1024 ** 3;

export function node(name: string, cpuMillis: number, memGiB = 64, extra: Partial<SchedNode> = {}): SchedNode {
  return {
    name,
    labels: {},
    capacity: { cpuMillis, memoryBytes: memGiB * GIB },
    allocated: { cpuMillis: 0, memoryBytes: 0 },
    schedulable: true,
    ...extra,
  };
}

export function req(
  id: string,
  cpuMillis: number,
  memGiB = 0,
  opts: { group?: string; constraints?: string[] } = {},
): SchedRequest {
  return {
    id,
    group: opts.group ?? id,
    cpuMillis,
    memoryBytes: memGiB * GIB,
    constraints: (opts.constraints ?? []).map(parseConstraint),
  };
}
