import { describe, expect, it } from 'vitest';
import { compareRuns, formatComparison, median } from './comparison';
import type { SchedulerFigures } from './scheduler-output';

/** One run's figures: its online passes and a quality figure or two. */
const run = (rates: number[], hosts = '857', extra: Record<string, string> = {}): SchedulerFigures => ({
  onlineRates: rates,
  quality: new Map(Object.entries({ 'alibaba / Coxswain online / hosts': hosts, ...extra })),
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/no values/);
  });
});

describe('compareRuns', () => {
  it('takes each run at the median of its passes and compares the medians of the runs', () => {
    const c = compareRuns([run([90, 100, 110]), run([100, 300, 200])], [run([95, 96, 97]), run([300, 310, 320])]);
    expect(c.oldRates).toEqual([100, 200]);
    expect(c.newRates).toEqual([96, 310]);
    expect(c.oldMedian).toBe(150);
    expect(c.newMedian).toBe(203);
    expect(c.withinTolerance).toBe(false);
    expect(c.oldSpread).toBeCloseTo(100 / 150);
    expect(formatComparison(c, 'ref').join('\n')).toMatch(/old 67 %, new 105 % \(wider than 10 %/);
    // Faster beyond the tolerance is reported, but is no regression.
    expect(c.regression).toBe(false);
    expect(c.differences).toEqual([]);
  });

  it('is a regression when the new median falls more than 10 % below the old one', () => {
    expect(compareRuns([run([100])], [run([91])]).regression).toBe(false);
    const slow = compareRuns([run([100])], [run([89])]);
    expect(slow.withinTolerance).toBe(false);
    expect(slow.regression).toBe(true);
  });

  it('lists every quality figure that differs, in any run of either side', () => {
    const c = compareRuns(
      [run([100]), run([100], '858')],
      [run([100]), run([100], '857', { 'synthetic / batch / hosts': '3085' })],
    );
    expect(c.differences).toEqual([
      { key: 'alibaba / Coxswain online / hosts', run: 'old #2', expected: '857', actual: '858' },
      { key: 'synthetic / batch / hosts', run: 'new #2', expected: undefined, actual: '3085' },
    ]);
    expect(c.regression).toBe(true);
    const printed = formatComparison(c, 'ref').join('\n');
    expect(printed).toMatch(/2 figure\(s\) differ/);
    expect(printed).toMatch(/synthetic \/ batch \/ hosts \[new #2\]: \(absent\) -> 3085/);
    expect(printed).toMatch(/RESULT: REGRESSION/);
  });

  it('needs runs of both sides', () => {
    expect(() => compareRuns([], [run([1])])).toThrow(/old: 0, new: 1/);
  });
});

describe('formatComparison', () => {
  it('prints each run, both medians, the ratio and the verdict', () => {
    const lines = formatComparison(compareRuns([run([300_000])], [run([310_000])]), 'pre-structure 684ddd0ac89c');
    expect(lines).toEqual([
      'online rate, old (pre-structure 684ddd0ac89c) runs: 300,000/s',
      'online rate, new (working tree) runs: 310,000/s',
      'median old: 300,000/s   median new: 310,000/s',
      'ratio new/old: 1.033 (within 10 %)',
      'spread of the runs (max - min) / median: old 0 %, new 0 %',
      'placement quality: every figure identical',
      'RESULT: no regression',
    ]);
  });
});
