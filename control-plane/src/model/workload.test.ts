// The generation rule, without a store.
import { describe, expect, it } from 'vitest';
import type { WorkloadSpec } from '@coxswain/shared';
import type { WorkloadRecord } from './records';
import { planWorkloadWrite, podTemplateChanged } from './workload';
import { workloadSpec } from '@coxswain/shared/spec-builder';

const spec = (replicas = 2, command = ['sleep', '100']): WorkloadSpec => workloadSpec('web', { replicas, command });

const stored = (s: WorkloadSpec, generation: number): WorkloadRecord => ({
  name: s.name,
  spec: s,
  generation,
  createdAt: 1,
  updatedAt: 1,
});

describe('planWorkloadWrite', () => {
  it('creates generation 1 with a created event', () => {
    expect(planWorkloadWrite(undefined, spec())).toMatchObject({
      generation: 1,
      created: true,
      event: { type: 'workload.created', workload: 'web', message: '2 replicas' },
    });
  });

  it('writes nothing for the same spec, keeps the generation for a scale, bumps it for a new command', () => {
    expect(planWorkloadWrite(stored(spec(), 3), spec())).toBeUndefined();
    expect(planWorkloadWrite(stored(spec(), 3), spec(5))).toMatchObject({
      generation: 3,
      created: false,
      event: { type: 'workload.updated', message: 'generation 3, 5 replicas' },
    });
    expect(planWorkloadWrite(stored(spec(), 3), spec(2, ['sleep', '1']))?.generation).toBe(4);
  });

  it('counts every field but the replica count as the pod template', () => {
    expect(podTemplateChanged(spec(1), spec(9))).toBe(false);
    expect(podTemplateChanged(spec(), { ...spec(), env: { A: '1' } })).toBe(true);
  });
});
