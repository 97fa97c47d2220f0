import { describe, expect, it } from 'vitest';
import type { SchedNode, SchedRequest } from '@coxswain/control-plane/scheduler';
import { nodesUsed, placeWithScorer, referenceScorers } from './reference-scorers';
import { hostLowerBound } from './alibaba';

const nodes: SchedNode[] = ['a', 'b'].map((name) => ({
  name,
  labels: {},
  capacity: { cpuMillis: 1000, memoryBytes: 1000 },
  allocated: { cpuMillis: 0, memoryBytes: 0 },
  schedulable: true,
}));
const requests: SchedRequest[] = [300, 300, 300].map((cpu, i) => ({
  id: `r${i}`,
  group: `r${i}`,
  cpuMillis: cpu,
  memoryBytes: 100,
  constraints: [],
}));

describe('reference scorers', () => {
  it('LeastAllocated spreads, MostAllocated and Nomad binpack pack', () => {
    expect(nodesUsed(placeWithScorer(nodes, requests, referenceScorers['k8s LeastAllocated']))).toBe(2);
    expect(nodesUsed(placeWithScorer(nodes, requests, referenceScorers['k8s MostAllocated']))).toBe(1);
    expect(nodesUsed(placeWithScorer(nodes, requests, referenceScorers['Nomad binpack']))).toBe(1);
  });

  it('reports what fits nowhere', () => {
    const plan = placeWithScorer(nodes, [{ ...requests[0], cpuMillis: 2000 }], referenceScorers['Nomad binpack']);
    expect(plan.unplaced).toHaveLength(1);
  });
});

describe('hostLowerBound', () => {
  it('takes the larger of the CPU and memory host counts', () => {
    expect(hostLowerBound(nodes, requests)).toBe(1);
    expect(hostLowerBound(nodes, [{ ...requests[0], memoryBytes: 1500 }])).toBe(2);
  });
});
