// Failover benchmark: real engines in test hosts, the control plane and agents as real processes
// with their default settings. A host is cut off (or killed) over and over; each run measures the
// seconds from the loss to every replica running on another host, then brings the host back and
// measures how long its stale copies live on (from the heal or revive to the moment none runs)
// and counts those still seen later than the bar after it reconnected. The containers run
// `sleep` as PID 1, which ignores SIGTERM as many real programs do: a stale copy stopped with the
// workload's full grace would live out all of it.
//
// Usage: node bench/dist/failover.js [--runs N] [--scenarios cut,kill] [--json]
import { argsOrExit, runClusterBench } from './cluster-bench';
import { type Copy, E2E, Sampler, spec, waitFor, type TestHost } from '@coxswain/test';

const WORKLOAD = 'web';
const REPLICAS = 6;
const HOSTS = 3;
/**
 * A stale copy must be gone within this long of its agent's reconnection (a pass, then the
 * default 1 s --stale-stop-timeout); one seen later is a duplicate.
 */
const STALE_BAR_MS = 2000;
/** After the host returns, watch this long past the last stale copy for any comeback. */
const WATCH_AFTER_MS = 3000;
const TARGET_P50_S = 5;
/** The whole benchmark gives up after this long, so it always stops by itself. */
const DEADLINE_MS = 15 * 60_000;

type Scenario = 'cut' | 'kill';

interface Run {
  scenario: Scenario;
  run: number;
  victim: string;
  seconds: number;
  /** From the heal (or revive) to the first moment no stale copy runs. */
  staleSeconds: number;
  duplicates: number;
  /** From reconnect to the last sample that still saw a stale copy; undefined when none was seen. */
  fencedMs?: number;
}

function parseArgs(argv: string[]): { runs: number; scenarios: Scenario[]; json: boolean } {
  let runs = 5;
  let scenarios: Scenario[] = ['cut', 'kill'];
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') runs = Number(argv[++i]);
    else if (a === '--scenarios') scenarios = (argv[++i] ?? '').split(',') as Scenario[];
    else if (a === '--json') json = true;
    else throw new Error(`unknown argument ${a} (use --runs N, --scenarios cut,kill, --json)`);
  }
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new Error(`--runs must be 1..50 (got ${runs})`);
  for (const s of scenarios) if (s !== 'cut' && s !== 'kill') throw new Error(`unknown scenario "${s}"`);
  return { runs, scenarios, json };
}

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const v = sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  if (v === undefined) throw new Error('percentile of no values');
  return v;
}

/**
 * Settled and spread out: every replica running once on an even share of the hosts, and no
 * move under way or retiring copy left (the workload lists exactly its replicas). A run that cut
 * a host in the middle of a spread would measure the move, not the failover.
 */
async function waitForBalanced(e2e: E2E): Promise<void> {
  await e2e.waitForNodes(HOSTS, 60_000);
  await waitFor(
    'a balanced cluster',
    async () => {
      const copies = await e2e.copies(WORKLOAD);
      const all = [...copies.values()].flat();
      if (copies.size !== REPLICAS || all.length !== REPLICAS) return undefined;
      const per = new Map<string, number>();
      for (const c of all) per.set(c.host, (per.get(c.host) ?? 0) + 1);
      if (per.size !== HOSTS || [...per.values()].some((n) => n !== REPLICAS / HOSTS)) return undefined;
      const w = await e2e.ok('GetWorkload', { name: WORKLOAD });
      return w.status.replicas.length === REPLICAS || undefined;
    },
    120_000,
    250,
  );
}

/** Stale copies: every running container of a replica beyond its newest one (highest epoch). */
function staleCopies(copies: Map<string, Copy[]>): Copy[] {
  const out: Copy[] = [];
  for (const list of copies.values()) {
    if (list.length < 2) continue;
    const newest = Math.max(...list.map((c) => Number(c.epoch)));
    out.push(...list.filter((c) => Number(c.epoch) !== newest));
  }
  return out;
}

async function oneRun(e2e: E2E, scenario: Scenario, run: number, victim: TestHost): Promise<Run> {
  const lostAt = Date.now();
  if (scenario === 'cut') await victim.cut();
  else await victim.kill();
  await waitFor(
    `every replica running off ${victim.name}`,
    async () => {
      const copies = await e2e.copies(WORKLOAD);
      const elsewhere = [...copies.values()].filter((list) => list.some((c) => c.host !== victim.name)).length;
      return elsewhere === REPLICAS || undefined;
    },
    60_000,
    100,
  );
  const seconds = (Date.now() - lostAt) / 1000;

  const sampler = new Sampler(() => e2e.copies(WORKLOAD), 100, 120_000);
  const backAt = Date.now();
  if (scenario === 'cut') await victim.heal();
  else await e2e.revive(victim);
  try {
    const clearAt = await waitFor(
      'no stale copy left',
      async () => (staleCopies(await e2e.copies(WORKLOAD)).length === 0 ? Date.now() : undefined),
      60_000,
      50,
    );
    const reconnected = await waitFor(
      `${victim.name} reconnected`,
      async () => (await e2e.nodeState(victim.name)) === 'READY' && e2e.reconnectedAt(victim.name, backAt),
      60_000,
      100,
    );
    await new Promise((r) => setTimeout(r, WATCH_AFTER_MS));
    await sampler.stop();
    const seen = new Set<string>();
    for (const s of sampler.since(reconnected + STALE_BAR_MS))
      for (const c of staleCopies(s.value)) seen.add(c.containerId);
    const lastStale = sampler.samples.filter((s) => staleCopies(s.value).length > 0).pop();
    const failed = sampler.errors.filter((e) => e.at >= backAt);
    if (failed.length > 0)
      throw new Error(`sampling the engines failed ${failed.length} times, first: ${failed[0]?.value}`);
    return {
      scenario,
      run,
      victim: victim.name,
      seconds,
      staleSeconds: (clearAt - backAt) / 1000,
      duplicates: seen.size,
      fencedMs: lastStale && lastStale.at - reconnected,
    };
  } finally {
    await sampler.stop();
  }
}

interface Summary {
  p50: number;
  max: number;
  staleP50: number;
  staleMax: number;
  duplicates: number;
  pass: boolean;
}

function report(runs: Run[], scenario: Scenario): Summary {
  const mine = runs.filter((r) => r.scenario === scenario);
  console.log(
    `\nscenario: host ${scenario === 'cut' ? 'cut off (link down, agent and containers alive)' : 'killed (engine, agent, containers)'}`,
  );
  console.log(
    'run  host  s to all replicas elsewhere  stale copies live (s after heal)  duplicates  last stale copy seen (ms from reconnect)',
  );
  for (const r of mine) {
    const fenced = r.fencedMs === undefined ? '-' : String(r.fencedMs);
    console.log(
      `${String(r.run).padStart(3)}  ${r.victim.padEnd(4)}  ${r.seconds.toFixed(2).padStart(27)}  ${r.staleSeconds.toFixed(2).padStart(32)}  ${String(r.duplicates).padStart(10)}  ${fenced.padStart(40)}`,
    );
  }
  const seconds = mine.map((r) => r.seconds);
  const stale = mine.map((r) => r.staleSeconds);
  const p50 = percentile(seconds, 50);
  const max = Math.max(...seconds);
  const staleP50 = percentile(stale, 50);
  const staleMax = Math.max(...stale);
  const duplicates = mine.reduce((a, r) => a + r.duplicates, 0);
  const pass = p50 <= TARGET_P50_S && duplicates === 0;
  console.log(
    `failover p50 ${p50.toFixed(2)} s  max ${max.toFixed(2)} s   stale copies p50 ${staleP50.toFixed(2)} s  max ${staleMax.toFixed(2)} s   duplicates ${duplicates}`,
  );
  console.log(
    `${pass ? 'PASS' : 'FAIL'} ${scenario}: p50 ${p50.toFixed(2)} s (target <= ${TARGET_P50_S} s), ${duplicates} duplicates (target 0: no stale copy ${STALE_BAR_MS} ms after the reconnect)`,
  );
  return { p50, max, staleP50, staleMax, duplicates, pass };
}

const args = argsOrExit(() => parseArgs(process.argv.slice(2)));
runClusterBench({
  name: 'failover',
  deadlineMs: DEADLINE_MS,
  start: () => E2E.start({ hosts: HOSTS }),
  body: async (e2e) => {
    // spec's default command, `sleep`, ignores SIGTERM.
    await e2e.ok('ApplyWorkload', { workload: spec(WORKLOAD, { replicas: REPLICAS }) });
    console.log(
      `${HOSTS} hosts, ${REPLICAS} replicas of "${WORKLOAD}" (sleep as PID 1: ignores SIGTERM), control plane and agents on default settings (TLS on)`,
    );
    const runs: Run[] = [];
    for (const scenario of args.scenarios) {
      for (let i = 1; i <= args.runs; i++) {
        await waitForBalanced(e2e);
        const victim = e2e.hosts[(i - 1) % HOSTS];
        if (!victim) throw new Error(`no host ${(i - 1) % HOSTS} in the cluster`);
        const r = await oneRun(e2e, scenario, i, victim);
        console.log(
          `${scenario} run ${i}: ${victim.name} ${r.seconds.toFixed(2)} s, stale copies gone ${r.staleSeconds.toFixed(2)} s after the heal, ${r.duplicates} duplicates, last stale copy ${r.fencedMs ?? '-'} ms after reconnect`,
        );
        runs.push(r);
      }
    }
    const results = args.scenarios.map((s) => ({ scenario: s, ...report(runs, s) }));
    const pass = results.every((r) => r.pass);
    console.log(`\n${pass ? 'PASS' : 'FAIL'}: failover p50 <= ${TARGET_P50_S} s and 0 duplicates in every scenario`);
    if (args.json) console.log(JSON.stringify({ runs, results, pass }));
    return pass;
  },
});
