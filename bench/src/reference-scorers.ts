// Reference placement policies of other schedulers, for comparison: one request at a time onto
// the highest-scoring feasible node (lowest index on ties). Scores use the node's state with the
// request included, as Kubernetes and Nomad do, but without their integer rounding.

import type { Plan, SchedNode, SchedRequest } from '@coxswain/control-plane/scheduler';

/** Score of a node given its capacity and its usage including the request; higher wins. */
export type Scorer = (capCpu: number, capMem: number, usedCpu: number, usedMem: number) => number;

const frac = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

export const referenceScorers: Record<string, Scorer> = {
  // Kubernetes NodeResourcesFit, LeastAllocated strategy (the default): spreads.
  'k8s LeastAllocated': (cc, cm, uc, um) => (frac(cc - uc, cc) + frac(cm - um, cm)) / 2,
  // Kubernetes NodeResourcesFit, MostAllocated strategy: packs.
  'k8s MostAllocated': (cc, cm, uc, um) => (frac(uc, cc) + frac(um, cm)) / 2,
  // Nomad's binpack score.
  'Nomad binpack': (cc, cm, uc, um) => 20 - (10 ** frac(cc - uc, cc) + 10 ** frac(cm - um, cm)),
};

export function placeWithScorer(nodes: SchedNode[], requests: SchedRequest[], scorer: Scorer): Plan {
  const n = nodes.length;
  const capCpu = Float64Array.from(nodes, (x) => x.capacity.cpuMillis);
  const capMem = Float64Array.from(nodes, (x) => x.capacity.memoryBytes);
  const usedCpu = Float64Array.from(nodes, (x) => x.allocated.cpuMillis);
  const usedMem = Float64Array.from(nodes, (x) => x.allocated.memoryBytes);
  const plan: Plan = { placements: [], unplaced: [], moves: [] };
  for (const q of requests) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < n; i++) {
      if (!nodes[i].schedulable) continue;
      const uc = usedCpu[i] + q.cpuMillis;
      const um = usedMem[i] + q.memoryBytes;
      if (uc > capCpu[i] || um > capMem[i]) continue;
      const s = scorer(capCpu[i], capMem[i], uc, um);
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    if (best < 0) {
      plan.unplaced.push({ id: q.id, reason: 'no feasible node' });
      continue;
    }
    usedCpu[best] += q.cpuMillis;
    usedMem[best] += q.memoryBytes;
    plan.placements.push({ id: q.id, node: nodes[best].name });
  }
  return plan;
}

export function nodesUsed(plan: Plan): number {
  return new Set(plan.placements.map((p) => p.node)).size;
}
