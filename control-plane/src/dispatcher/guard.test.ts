import { describe, expect, it } from 'vitest';
import type { ContainerInfo } from '@coxswain/shared';
import { ValidationError } from '../validation';
import { GUARD_LIMITS, RateLimit, checkRegister, cleanReport, cleanUsage } from './guard';

const ok = (extra: Partial<ContainerInfo> = {}): ContainerInfo => ({
  containerId: 'ab'.repeat(32),
  workload: 'web',
  replica: 0,
  epoch: 3,
  generation: 1,
  state: 'running',
  exitCode: 0,
  startedAt: 1,
  finishedAt: 0,
  ...extra,
});

describe('agent guard', () => {
  it('keeps good entries and drops garbage; a cut full report becomes incremental', () => {
    const { report, dropped } = cleanReport({
      full: true,
      containers: [
        ok(),
        ok({ containerId: 'zz' }),
        ok({ workload: 'Bad_Name' }),
        ok({ replica: -1 }),
        ok({ state: 'exploded' }),
        ok({ epoch: 1.5 }),
      ],
      removed: ['cd'.repeat(32), '../etc'],
    });
    expect(report.containers).toEqual([ok()]);
    expect(report.removed).toEqual(['cd'.repeat(32)]);
    expect(dropped).toBe(6);
    expect(report.full).toBe(false);
    expect(cleanReport({ full: true, containers: [ok()], removed: [] }).report.full).toBe(true);
  });

  it('caps the size of a report', () => {
    const many = Array.from({ length: GUARD_LIMITS.containersPerReport + 10 }, () => ok());
    expect(cleanReport({ full: false, containers: many, removed: [] }).report.containers).toHaveLength(
      GUARD_LIMITS.containersPerReport,
    );
  });

  it('refuses registrations with bad names or capacities, naming the field', () => {
    const reg = {
      name: 'h1',
      labels: {},
      capacity: { cpuMillis: 1000, memoryBytes: 1 << 30 },
      agentVersion: 'x',
      addresses: [],
    };
    expect(checkRegister(reg).name).toBe('h1');
    for (const [bad, field] of [
      [{ ...reg, name: '' }, 'register.name'],
      [{ ...reg, capacity: { cpuMillis: -1, memoryBytes: 1 } }, 'register.capacity.cpuMillis'],
      [{ ...reg, capacity: { cpuMillis: 1, memoryBytes: 1e300 } }, 'register.capacity.memoryBytes'],
      [
        { ...reg, labels: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'v'])) },
        'register.labels',
      ],
    ] as const) {
      try {
        checkRegister(bad as never);
        throw new Error('accepted');
      } catch (err) {
        expect(err).toBeInstanceOf(ValidationError);
        expect((err as ValidationError).field).toBe(field);
      }
    }
  });

  it('clamps usage figures', () => {
    expect(cleanUsage({ cpuPercent: Number.NaN, memoryUsedBytes: -5 })).toEqual({ cpuPercent: 0, memoryUsedBytes: 0 });
    expect(cleanUsage({ cpuPercent: 1e12, memoryUsedBytes: 10 })).toEqual({ cpuPercent: 100_000, memoryUsedBytes: 10 });
  });

  it('limits the message rate with a burst', () => {
    const r = new RateLimit(3, 1, 0);
    expect([r.take(0), r.take(0), r.take(0), r.take(0)]).toEqual([true, true, true, false]);
    expect(r.take(1000)).toBe(true);
    expect(r.take(1000)).toBe(false);
  });
});
