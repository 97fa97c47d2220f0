import { describe, expect, it } from 'vitest';
import { table } from './report';
import { parseSchedulerOutput, parseTable } from './scheduler-output';

/** A bench report shaped as `scheduler.ts` prints it, with the given synthetic rates and Alibaba hosts. */
function report(rates: string[], alibabaHosts = 857): string {
  return [
    'Scheduler benchmark (data: /data)',
    '',
    'Synthetic: 5000 nodes (8-128 cores), 100,000 replicas (10 groups x 1000, half zone-constrained; rest single)',
    table(
      ['mode', 'placed', 'unplaced', 'hosts', 'seconds', 'placements/s', 'heapUsed MiB'],
      [
        ...rates.map((r, i) => [`online #${i + 1}`, 100000, 0, 3088, '0.318', r, 46]),
        ['batch', 100000, 0, 3085, '3.587', '27,882', 55],
      ],
    ),
    'peak RSS of the bench process so far: 161 MiB',
    '',
    'PASS  Synthetic online >= 200,000 placements/s  (median of 3: 319,510/s)',
    '',
    'Falkenauer (OR-Library): hosts used / optimum, mean over 20 instances per set',
    table(
      ['set', 'Coxswain online', 'online, no moves', 'online moves per 100'],
      [
        ['u120', '1.036', '1.058', '10.1'],
        ['t60', '1.000', '1.000', '0.0'],
      ],
    ),
    '(Coxswain batch: 12.0 s for all 160 instances)',
    '',
    'Alibaba cluster-trace-gpu-v2023: 1523 nodes, 8152 pods in file order, lower bound 843 hosts',
    table(
      ['policy', 'hosts', 'unplaced', 'hosts/bound', 'seconds'],
      [
        ['Coxswain online', alibabaHosts, 0, '1.017', '0.05'],
        ['k8s LeastAllocated', 1523, 17, '1.807', '0.43'],
      ],
    ),
    '',
    'Summary: 24/24 targets pass (25.6 s)',
  ].join('\n');
}

describe('parseTable', () => {
  it('takes column bounds from the rule, so cells keep their inner spaces', () => {
    const lines = table(['policy', 'hosts'], [['k8s  LeastAllocated', 3]]).split('\n');
    expect(parseTable([...lines, 'a trailing line'], 0, 't')).toEqual({
      header: ['policy', 'hosts'],
      rows: [['k8s  LeastAllocated', '3']],
    });
  });

  it('names the table when the rule is missing', () => {
    expect(() => parseTable(['a  b', 'x  y'], 0, 'my table')).toThrow(/my table/);
  });
});

describe('parseSchedulerOutput', () => {
  it('reads the online rates and every quality figure, and no timing', () => {
    const figures = parseSchedulerOutput(report(['314,071', '350,942', '319,510']));
    expect(figures.onlineRates).toEqual([314071, 350942, 319510]);
    const q = figures.quality;
    expect(q.get('synthetic / online #2 / hosts')).toBe('3088');
    expect(q.get('synthetic / batch / hosts')).toBe('3085');
    expect(q.get('falkenauer / u120 / online, no moves')).toBe('1.058');
    expect(q.get('falkenauer / t60 / online moves per 100')).toBe('0.0');
    expect(q.get('alibaba / heading')).toBe('1523 nodes, 8152 pods in file order, lower bound 843 hosts');
    expect(q.get('alibaba / k8s LeastAllocated / unplaced')).toBe('17');
    expect([...q.keys()].filter((k) => /seconds|placements\/s|heapUsed/.test(k))).toEqual([]);
    // 4 synthetic rows x 3, 2 sets x 3, the heading and 2 policies x 3.
    expect(q.size).toBe(12 + 6 + 1 + 6);
  });

  it('says which section is missing', () => {
    const cut = report(['1']).split('\nAlibaba')[0];
    expect(() => parseSchedulerOutput(cut)).toThrow(/Alibaba cluster-trace-gpu-v2023/);
  });

  it('rejects a rate that is not a number', () => {
    expect(() => parseSchedulerOutput(report(['fast']))).toThrow(/online #1 placements\/s: "fast"/);
  });
});
