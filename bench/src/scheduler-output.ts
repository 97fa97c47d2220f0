// Reads the figures back out of the scheduler bench's printed report. The comparison against an
// older commit has to run that commit's bench unchanged, and its only output is this text, so the
// current bench is read the same way: both sides then go through one parser at one precision.

/** What one scheduler bench run measured. */
export interface SchedulerFigures {
  /** Synthetic online placements per second, one per timed online pass, in print order. */
  onlineRates: number[];
  /**
   * Placement-quality figures as printed (hosts, unplaced, ratios to the optimum, moves), keyed by
   * section, row and column. Timings are left out: they differ between any two runs.
   */
  quality: Map<string, string>;
}

/** A printed table: the header's cells and each row's cells, trimmed. */
interface ParsedTable {
  header: string[];
  rows: string[][];
}

/** Columns whose values are timings or memory, not placement results. */
const TIMING_COLUMNS = new Set(['seconds', 'placements/s', 'heapUsed MiB']);

/**
 * Parses a table as `report.ts` prints it: a header, a rule of dashes per column, then rows.
 * Column bounds come from the rule, so cells may hold single or double spaces. Every row is
 * padded to the rule's full width, which is how the end of the table is recognised.
 */
export function parseTable(lines: string[], headerAt: number, what: string): ParsedTable {
  const rule = lines[headerAt + 1];
  if (rule === undefined || !/^-+( {2}-+)*$/.test(rule))
    throw new Error(`${what}: expected a rule of dashes under the header at line ${headerAt + 1}, got ${rule}`);
  const bounds: [number, number][] = [];
  for (const m of rule.matchAll(/-+/g)) bounds.push([m.index, m.index + m[0].length]);
  const cells = (line: string) => bounds.map(([from, to]) => line.slice(from, to).trim());
  const isRow = (line: string | undefined): line is string =>
    line !== undefined &&
    line.length === rule.length &&
    bounds.every(([, to]) => to >= line.length || line[to] === ' ');
  const rows: string[][] = [];
  for (let at = headerAt + 2; isRow(lines[at]); at++) rows.push(cells(lines[at]));
  return { header: cells(lines[headerAt]), rows };
}

/** The index of the first line starting with `prefix`; throws naming the section when absent. */
function lineStarting(lines: string[], prefix: string): number {
  const at = lines.findIndex((l) => l.startsWith(prefix));
  if (at < 0) throw new Error(`scheduler bench output has no line starting with "${prefix}"`);
  return at;
}

/** Adds every non-timing cell of a table to `quality`, keyed `section / row label / column`. */
function addQuality(quality: Map<string, string>, section: string, t: ParsedTable): void {
  for (const row of t.rows)
    t.header.forEach((column, c) => {
      if (c > 0 && !TIMING_COLUMNS.has(column)) quality.set(`${section} / ${row[0]} / ${column}`, row[c]);
    });
}

const toNumber = (printed: string, what: string): number => {
  const n = Number(printed.replace(/,/g, ''));
  if (!Number.isFinite(n)) throw new Error(`${what}: "${printed}" is not a number`);
  return n;
};

/** Extracts the synthetic online rates and the placement-quality figures from one run's stdout. */
export function parseSchedulerOutput(stdout: string): SchedulerFigures {
  const lines = stdout.split(/\r?\n/);
  const quality = new Map<string, string>();

  const synAt = lineStarting(lines, 'Synthetic:');
  const synthetic = parseTable(lines, synAt + 1, 'synthetic table');
  addQuality(quality, 'synthetic', synthetic);
  const rateAt = synthetic.header.indexOf('placements/s');
  if (rateAt < 0) throw new Error(`synthetic table has no placements/s column: ${synthetic.header.join(' | ')}`);
  const onlineRates = synthetic.rows
    .filter((r) => r[0].startsWith('online'))
    .map((r) => toNumber(r[rateAt], `synthetic ${r[0]} placements/s`));
  if (onlineRates.length === 0) throw new Error('synthetic table has no online rows');

  const falkAt = lineStarting(lines, 'Falkenauer (OR-Library):');
  addQuality(quality, 'falkenauer', parseTable(lines, falkAt + 1, 'Falkenauer table'));

  // The heading carries the trace's size and the lower bound, which the ratios depend on.
  const aliAt = lineStarting(lines, 'Alibaba cluster-trace-gpu-v2023:');
  quality.set('alibaba / heading', lines[aliAt].slice(lines[aliAt].indexOf(':') + 1).trim());
  addQuality(quality, 'alibaba', parseTable(lines, aliAt + 1, 'Alibaba table'));

  return { onlineRates, quality };
}
