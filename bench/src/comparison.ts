// The verdict of a bench comparison between a reference commit and the current tree: the online
// rate's medians and ratio, and every placement-quality figure that is not identical.

import type { SchedulerFigures } from './scheduler-output';

/** How far the current median may fall below the reference's before it counts as a regression. */
export const RATE_TOLERANCE = 0.1;

/** One quality figure that differs from the reference's first run. */
export interface QualityDifference {
  key: string;
  /** Which run differs, e.g. `new #2`; the reference's own later runs are checked too. */
  run: string;
  expected: string | undefined;
  actual: string | undefined;
}

export interface Comparison {
  /** Per run, the median of its online passes (the rate the bench itself reports). */
  oldRates: number[];
  newRates: number[];
  oldMedian: number;
  newMedian: number;
  /** newMedian / oldMedian. */
  ratio: number;
  /**
   * Per side, (max - min) / median of its run rates. When it exceeds the tolerance, the load on the
   * machine moved the rate more than the difference being tested, and more runs are needed.
   */
  oldSpread: number;
  newSpread: number;
  /** |ratio - 1| <= RATE_TOLERANCE. */
  withinTolerance: boolean;
  differences: QualityDifference[];
  /** A slowdown beyond the tolerance or any quality difference; a speed-up is not one. */
  regression: boolean;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no values');
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function diffQuality(reference: Map<string, string>, run: Map<string, string>, label: string): QualityDifference[] {
  const keys = new Set([...reference.keys(), ...run.keys()]);
  const out: QualityDifference[] = [];
  for (const key of keys) {
    const expected = reference.get(key);
    const actual = run.get(key);
    if (expected !== actual) out.push({ key, run: label, expected, actual });
  }
  return out;
}

/**
 * Compares runs of the reference (`old`) and of the current tree (`new`). Every run is held to the
 * reference's first run, so a nondeterministic bench shows up as a difference too.
 */
export function compareRuns(oldRuns: readonly SchedulerFigures[], newRuns: readonly SchedulerFigures[]): Comparison {
  const [reference] = oldRuns;
  if (reference === undefined || newRuns.length === 0)
    throw new Error(`comparison needs runs of both sides (old: ${oldRuns.length}, new: ${newRuns.length})`);
  const oldRates = oldRuns.map((r) => median(r.onlineRates));
  const newRates = newRuns.map((r) => median(r.onlineRates));
  const oldMedian = median(oldRates);
  const newMedian = median(newRates);
  const ratio = newMedian / oldMedian;
  const spread = (rates: number[], mid: number) => (Math.max(...rates) - Math.min(...rates)) / mid;
  const differences = [
    ...oldRuns.slice(1).flatMap((r, i) => diffQuality(reference.quality, r.quality, `old #${i + 2}`)),
    ...newRuns.flatMap((r, i) => diffQuality(reference.quality, r.quality, `new #${i + 1}`)),
  ];
  return {
    oldRates,
    newRates,
    oldMedian,
    newMedian,
    ratio,
    oldSpread: spread(oldRates, oldMedian),
    newSpread: spread(newRates, newMedian),
    withinTolerance: Math.abs(ratio - 1) <= RATE_TOLERANCE,
    differences,
    regression: ratio < 1 - RATE_TOLERANCE || differences.length > 0,
  };
}

const perSecond = (x: number) => `${Math.round(x).toLocaleString('en-US')}/s`;
const percent = (x: number) => `${Math.round(x * 100)} %`;

/** The printed verdict, one line per fact. */
export function formatComparison(c: Comparison, oldLabel: string): string[] {
  const qualityKeys = new Set(c.differences.map((d) => d.key));
  const lines = [
    `online rate, old (${oldLabel}) runs: ${c.oldRates.map(perSecond).join(', ')}`,
    `online rate, new (working tree) runs: ${c.newRates.map(perSecond).join(', ')}`,
    `median old: ${perSecond(c.oldMedian)}   median new: ${perSecond(c.newMedian)}`,
    `ratio new/old: ${c.ratio.toFixed(3)} (${c.withinTolerance ? 'within' : 'NOT within'} ${percent(RATE_TOLERANCE)})`,
    `spread of the runs (max - min) / median: old ${percent(c.oldSpread)}, new ${percent(c.newSpread)}` +
      (Math.max(c.oldSpread, c.newSpread) > RATE_TOLERANCE
        ? ` (wider than ${percent(RATE_TOLERANCE)}: the machine's load moved the rate more than the tolerance; more runs or a quieter machine make the verdict firmer)`
        : ''),
    c.differences.length === 0
      ? 'placement quality: every figure identical'
      : `placement quality: ${qualityKeys.size} figure(s) differ`,
    ...c.differences.map((d) => `  ${d.key} [${d.run}]: ${d.expected ?? '(absent)'} -> ${d.actual ?? '(absent)'}`),
    c.regression ? 'RESULT: REGRESSION' : 'RESULT: no regression',
  ];
  return lines;
}
