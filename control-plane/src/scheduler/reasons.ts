// Why a request fits nowhere, counted over nodes the way kubectl reports it, with each filter's
// explanation of what the nodes it rejected lacked.

import type { Cluster } from './cluster';
import type { NodeFilter } from './filter';
import { feasibilityFilters } from './filters';
import type { SchedRequest } from './types';

/**
 * E.g. "0/3 nodes available: 2 insufficient cpu (need 2000m cpu, most free 1000m), 1 constraint
 * node.labels.zone == a". Each node is accounted for by the first filter that rejects it.
 */
export function unplacedReason(
  cluster: Cluster,
  req: SchedRequest,
  filters: readonly NodeFilter[] = feasibilityFilters(cluster),
): string {
  const active = filters.filter((f) => f.setRequest(req));
  const counts = new Map<string, { n: number; by: NodeFilter }>();
  for (let i = 0; i < cluster.n; i++) {
    const rejecting = active.find((f) => !f.check(i));
    if (!rejecting) continue;
    for (const why of rejecting.explain(i)) {
      const c = counts.get(why);
      if (c) c.n++;
      else counts.set(why, { n: 1, by: rejecting });
    }
  }
  const parts = [...counts.entries()]
    .sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))
    .map(([why, { n, by }]) => {
      const detail = by.detail(why);
      return detail ? `${n} ${why} (${detail})` : `${n} ${why}`;
    });
  const head = `0/${cluster.n} nodes available`;
  return parts.length > 0 ? `${head}: ${parts.join(', ')}` : head;
}
