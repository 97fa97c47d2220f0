// Scheduler bench of a reference commit (by default the one before the restructuring) against the
// working tree: builds the reference in a temporary worktree, runs both benches alternately and
// prints the online rates, their medians and ratio, and any placement-quality figure that differs.
// Exits 1 on a regression, 2 when the comparison itself could not run.
//
//   pnpm --filter @coxswain/bench run bench:compare [--runs N] [--ref REF] [--timeout SECONDS] [--no-build]
//
// Only the scheduler bench runs (synthetic, Falkenauer, Alibaba); the store-path and failover
// benches are slow and are not what the restructuring touches. The runs alternate old, new, old,
// new, ... because this machine is shared: a burst of load then hits both sides, not just one.

import path from 'node:path';
import { compareRuns, formatComparison, median } from './comparison';
import { benchDataDir } from './data';
import {
  buildWorkspace,
  createRefTree,
  PRE_STRUCTURE_TAG,
  removeRefTree,
  repoRoot,
  resolveRef,
  type RefTree,
} from './ref-tree';
import { killRunning, runProcess } from './run-process';
import { parseSchedulerOutput, type SchedulerFigures } from './scheduler-output';

export interface CompareOptions {
  runs: number;
  ref: string;
  /** Bound on one bench run; one takes about half a minute on an idle two-core machine. */
  timeoutMs: number;
  /** Build the working tree first, so its bench is not a stale compiled one. */
  build: boolean;
}

const USAGE = 'usage: compare [--runs N] [--ref REF] [--timeout SECONDS] [--no-build]';

export function parseArgs(argv: readonly string[]): CompareOptions {
  const opts: CompareOptions = { runs: 5, ref: PRE_STRUCTURE_TAG, timeoutMs: 300_000, build: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value; ${USAGE}`);
      return v;
    };
    const positive = (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} wants a positive integer, got "${v}"`);
      return n;
    };
    if (flag === '--runs') opts.runs = positive(value());
    else if (flag === '--ref') opts.ref = value();
    else if (flag === '--timeout') opts.timeoutMs = positive(value()) * 1000;
    else if (flag === '--no-build') opts.build = false;
    else throw new Error(`unknown argument "${flag}"; ${USAGE}`);
  }
  return opts;
}

const log = (line: string) => console.log(`[compare] ${line}`);
const perSecond = (x: number) => `${Math.round(x).toLocaleString('en-US')}/s`;

/** One run of the scheduler bench compiled at `script`, parsed. */
async function benchOnce(
  script: string,
  dataDir: string,
  timeoutMs: number,
): Promise<{ figures: SchedulerFigures; seconds: number }> {
  const { stdout, seconds } = await runProcess(process.execPath, [script], {
    cwd: path.dirname(script),
    env: { ...process.env, COXSWAIN_BENCH_DATA: dataDir },
    timeoutMs,
  });
  try {
    return { figures: parseSchedulerOutput(stdout), seconds };
  } catch (err) {
    throw new Error(`could not read the output of ${script}`, { cause: err });
  }
}

async function compare(opts: CompareOptions, track: (tree: RefTree | undefined) => void): Promise<boolean> {
  const root = await repoRoot(__dirname);
  const dataDir = benchDataDir();
  const commit = await resolveRef(root, opts.ref);
  log(`reference ${opts.ref} = ${commit}; working tree ${root}; data ${dataDir}`);
  if (opts.build) log(`built the working tree in ${(await buildWorkspace(root)).toFixed(1)} s`);
  const tree = await createRefTree(root, opts.ref, commit, log, track);
  try {
    const sides = [
      { name: 'old', script: path.join(tree.dir, 'bench', 'dist', 'scheduler.js') },
      { name: 'new', script: path.join(__dirname, 'scheduler.js') },
    ];
    const results: Record<string, SchedulerFigures[]> = { old: [], new: [] };
    const seconds: number[] = [];
    for (let i = 1; i <= opts.runs; i++)
      for (const side of sides) {
        const run = await benchOnce(side.script, dataDir, opts.timeoutMs);
        results[side.name].push(run.figures);
        seconds.push(run.seconds);
        const passes = run.figures.onlineRates.map(perSecond).join(', ');
        log(
          `${side.name} #${i}: ${perSecond(median(run.figures.onlineRates))} (online passes ${passes}) in ${run.seconds.toFixed(1)} s`,
        );
      }
    log(`one bench run takes ${median(seconds).toFixed(1)} s (median of ${seconds.length})`);
    const verdict = compareRuns(results.old, results.new);
    console.log('');
    for (const line of formatComparison(verdict, `${opts.ref} ${commit.slice(0, 12)}`)) console.log(line);
    return !verdict.regression;
  } finally {
    await removeRefTree(root, tree, log);
    track(undefined);
    log(`removed ${tree.dir}`);
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  let tree: RefTree | undefined;
  let root: string | undefined;
  // An interrupt ends the benches and still removes the reference worktree.
  const onSignal = (signal: NodeJS.Signals) => {
    killRunning();
    const done = () => process.exit(signal === 'SIGINT' ? 130 : 143);
    if (tree === undefined || root === undefined) return done();
    removeRefTree(root, tree, log).then(done, done);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  root = await repoRoot(__dirname);
  const ok = await compare(opts, (t) => (tree = t));
  process.exitCode = ok ? 0 : 1;
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error(`[compare] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    if (err instanceof Error && err.cause !== undefined) console.error(`[compare] cause: ${String(err.cause)}`);
    process.exitCode = 2;
  });
