import { describe, expect, it } from 'vitest';
import type { WorkloadSpec } from '@coxswain/shared';
import { ValidationError, validateSpec } from './validate';

const good = (): WorkloadSpec => ({
  name: 'web',
  image: 'coxswain/busybox:1',
  command: ['httpd', '-f'],
  env: { B: '2', A: '1' },
  replicas: 3,
  resources: { cpuMillis: 250, memoryBytes: 67108864 },
  labels: { team: 'a' },
  constraints: ['node.labels.zone == a'],
  restartPolicy: '',
  disconnect: '',
});

function fieldOf(mutate: (s: WorkloadSpec) => void): string {
  const s = good();
  mutate(s);
  try {
    validateSpec(s);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).field;
  }
  throw new Error('expected a validation error');
}

describe('validateSpec', () => {
  it('accepts a good spec and normalises defaults and map order', () => {
    const s = validateSpec(good());
    expect(s.restartPolicy).toBe('always');
    expect(s.disconnect).toBe('keep');
    expect(Object.keys(s.env)).toEqual(['A', 'B']);
  });

  it.each([
    'busybox',
    'coxswain/busybox:1',
    'registry.local:5000/team/app:v1.2',
    'localhost/x',
    'host:5000/x',
    `a/b@sha256:${'ab'.repeat(32)}`,
  ])('accepts the image reference %s', (image) => expect(validateSpec({ ...good(), image }).image).toBe(image));

  it.each([
    ['empty name', (s: WorkloadSpec) => (s.name = ''), 'workload.name'],
    ['non-DNS name', (s: WorkloadSpec) => (s.name = 'Web_1'), 'workload.name'],
    ['long name', (s: WorkloadSpec) => (s.name = 'a'.repeat(64)), 'workload.name'],
    ['empty image', (s: WorkloadSpec) => (s.image = ''), 'workload.image'],
    ['bad image', (s: WorkloadSpec) => (s.image = 'UPPER CASE'), 'workload.image'],
    ['upper-case path taken for a domain', (s: WorkloadSpec) => (s.image = 'UPPER/case'), 'workload.image'],
    ['two tags', (s: WorkloadSpec) => (s.image = 'img:tag:tag'), 'workload.image'],
    ['negative replicas', (s: WorkloadSpec) => (s.replicas = -1), 'workload.replicas'],
    ['zero cpu', (s: WorkloadSpec) => (s.resources.cpuMillis = 0), 'workload.resources.cpuMillis'],
    ['negative cpu', (s: WorkloadSpec) => (s.resources.cpuMillis = -5), 'workload.resources.cpuMillis'],
    ['zero memory', (s: WorkloadSpec) => (s.resources.memoryBytes = 0), 'workload.resources.memoryBytes'],
    ['negative memory', (s: WorkloadSpec) => (s.resources.memoryBytes = -1), 'workload.resources.memoryBytes'],
    ['bad constraint', (s: WorkloadSpec) => (s.constraints = ['zone = a']), 'workload.constraints[0]'],
    ['bad env key', (s: WorkloadSpec) => (s.env = { '1X': 'y' }), 'workload.env["1X"]'],
    ['reserved label', (s: WorkloadSpec) => (s.labels = { 'coxswain.node': 'x' }), 'workload.labels["coxswain.node"]'],
    ['bad restart policy', (s: WorkloadSpec) => (s.restartPolicy = 'sometimes' as never), 'workload.restartPolicy'],
    ['too many args', (s: WorkloadSpec) => (s.command = Array(300).fill('x')), 'workload.command'],
  ])('refuses %s naming the field', (_what, mutate, field) => {
    expect(fieldOf(mutate)).toBe(field);
  });
});
