// Why a request fits nowhere, counted over nodes the way kubectl reports it.

import type { Cluster } from './cluster';
import { firstViolated, formatConstraint } from './constraints';
import type { SchedRequest } from './types';

/** E.g. "0/3 nodes available: 2 insufficient cpu, 1 constraint node.labels.zone == a". */
export function unplacedReason(cluster: Cluster, req: SchedRequest): string {
  const counts = new Map<string, number>();
  const bump = (why: string) => counts.set(why, (counts.get(why) ?? 0) + 1);
  for (let i = 0; i < cluster.n; i++) {
    if (!cluster.schedulable[i]) {
      bump('not schedulable');
      continue;
    }
    const violated = firstViolated(cluster.nodes[i], req.constraints);
    if (violated) {
      bump(`constraint ${formatConstraint(violated)}`);
      continue;
    }
    // A node short of both counts under both, as kubectl does.
    if (cluster.freeCpu[i] < req.cpuMillis) bump('insufficient cpu');
    if (cluster.freeMem[i] < req.memoryBytes) bump('insufficient memory');
  }
  const parts = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([why, n]) => `${n} ${why}`);
  const head = `0/${cluster.n} nodes available`;
  return parts.length > 0 ? `${head}: ${parts.join(', ')}` : head;
}
