// End-to-end placement throughput through the SQLite store: agents register hosts, users apply
// workloads (each a durable commit), reconciler passes place every replica and commit the plan.
// Compared, in the same process and on the same input, with the pure scheduler.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, type WorkloadSpec } from '@coxswain/shared';
import {
  applyWorkload,
  Controller,
  PassRequests,
  registered,
  SqliteStore,
  validateSpec,
  type ClusterStore,
  type Command,
  type CommandSink,
} from '@coxswain/control-plane';
import { constraintMatches, parseConstraint, schedule, type SchedNode } from '@coxswain/control-plane/scheduler';
import { fmt, Ledger, table } from './report';
import { asSchedulerInput, storeInput } from './store-input';

const HOSTS = 5000;
const WORKLOADS = 10_000;
const REPLICAS_EACH = 10;
const TARGET_PER_SECOND = 10_000;
/** The controller's default pass interval: a steady pass must take far less. */
const PASS_INTERVAL_MS = 250;

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
/** CPU time of this process since c0, in ms: this figure, unlike wall time, ignores other load on the machine. */
const cpuMs = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US');
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

/**
 * Stands in for the agents' gateway: every host counts as connected (as it would with real
 * agents), and commands are counted instead of written to a stream.
 */
class CountingGateway implements CommandSink {
  sent = 0;
  constructor(private readonly nodes: ReadonlySet<string>) {}
  connectedNodes(): ReadonlySet<string> {
    return this.nodes;
  }
  send(_cmd: Command): void {
    this.sent++;
  }
}

function count(store: SqliteStore, sql: string): number {
  return (store.db.prepare(sql).get() as { n: number }).n;
}

/** What the database says after the run; every figure here must be zero but `placed`. */
function audit(store: SqliteStore): {
  placed: number;
  pending: number;
  overCapacity: number;
  doubled: number;
  constraintBroken: number;
} {
  const placed = count(store, "SELECT COUNT(*) AS n FROM replicas WHERE desired = 'run' AND node IS NOT NULL");
  const pending = count(store, "SELECT COUNT(*) AS n FROM replicas WHERE desired = 'run' AND node IS NULL");
  const overCapacity = count(
    store,
    `SELECT COUNT(*) AS n FROM nodes JOIN (
       SELECT r.node, SUM(json_extract(w.spec, '$.resources.cpuMillis')) AS cpu, SUM(json_extract(w.spec, '$.resources.memoryBytes')) AS mem
       FROM replicas r JOIN workloads w ON w.name = r.workload WHERE r.node IS NOT NULL GROUP BY r.node
     ) a ON a.node = nodes.name WHERE a.cpu > nodes.cpu_millis OR a.mem > nodes.memory_bytes`,
  );
  const doubled = count(
    store,
    'SELECT COUNT(*) AS n FROM (SELECT 1 FROM replicas WHERE node IS NOT NULL GROUP BY workload, node HAVING COUNT(*) > 1)',
  );
  const labels = new Map<string, Record<string, string>>();
  for (const r of store.db.prepare('SELECT name, labels FROM nodes').all() as { name: string; labels: string }[])
    labels.set(r.name, JSON.parse(r.labels));
  const constraints = new Map<string, ReturnType<typeof parseConstraint>[]>();
  for (const r of store.db.prepare('SELECT name, spec FROM workloads').all() as { name: string; spec: string }[]) {
    constraints.set(r.name, (JSON.parse(r.spec) as WorkloadSpec).constraints.map(parseConstraint));
  }
  let constraintBroken = 0;
  for (const r of store.db.prepare('SELECT workload, node FROM replicas WHERE node IS NOT NULL').all() as {
    workload: string;
    node: string;
  }[]) {
    const node = { name: r.node, labels: labels.get(r.node) ?? {} } as SchedNode;
    if (!(constraints.get(r.workload) ?? []).every((c) => constraintMatches(node, c))) constraintBroken++;
  }
  return { placed, pending, overCapacity, doubled, constraintBroken };
}

/** Every placed replica's container reported running by its host, as agents would after starting them. */
function reportAllRunning(store: ClusterStore, now: number): void {
  const byNode = new Map<string, { workload: string; id: number; epoch: number; generation: number }[]>();
  for (const r of store.listReplicas()) {
    if (!r.node) continue;
    const list = byNode.get(r.node) ?? [];
    list.push(r);
    byNode.set(r.node, list);
  }
  for (const [node, rs] of byNode) {
    const containers = rs.map((r) => ({
      containerId: `${node}-${r.workload}-${r.id}-${r.epoch}`,
      workload: r.workload,
      replica: r.id,
      epoch: r.epoch,
      generation: r.generation,
      state: 'running',
      exitCode: 0,
      startedAt: now,
      finishedAt: 0,
      health: '',
      healthFailures: 0,
      healthMessage: '',
    }));
    store.applyReport(node, true, containers, [], now);
  }
}

/** Durable commits of one small row each: the cost of synchronous=FULL alone. */
function commitsPerSecond(store: ClusterStore, n: number): number {
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) store.appendEvent({ type: 'node.up', message: 'bench commit' });
  return n / seconds(t);
}

function newController(
  store: ClusterStore,
  gateway: CommandSink,
  autoRebalance: boolean,
  onPass?: (seconds: number, moves: unknown[], rebalanced: boolean) => void,
): Controller {
  const deps = { store, log: createLogger('bench', 'silent'), commands: gateway, changes: new PassRequests() };
  return new Controller(deps, {
    onPass,
    // No agent heartbeats here, so leases must outlast the run.
    nodeTimeoutMs: 3_600_000,
    fenceMarginMs: 1000,
    intervalMs: PASS_INTERVAL_MS,
    autoRebalance,
    makeRoom: true,
    moveIntervalMs: 2000,
    maxConcurrentMoves: 2,
  });
}

/** API calls as the server handles them: store, then wait for a (shared) pass. */
async function apiApplies(
  store: ClusterStore,
  controller: Controller,
  specs: WorkloadSpec[],
  concurrent: boolean,
): Promise<number> {
  const t = process.hrtime.bigint();
  if (concurrent) {
    await Promise.all(specs.map((spec) => (applyWorkload(store, validateSpec(spec)), controller.settle())));
  } else {
    for (const spec of specs) {
      applyWorkload(store, validateSpec(spec));
      await controller.settle();
    }
  }
  return seconds(t);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function runStorePathBench(ledger: Ledger): Promise<void> {
  const input = storeInput(HOSTS, WORKLOADS, REPLICAS_EACH);
  const replicas = WORKLOADS * REPLICAS_EACH;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-bench-'));
  const file = path.join(dir, 'coxswain.db');
  const rssBefore = process.memoryUsage().rss;
  const store = new SqliteStore(file);
  const mode = store.db.pragma('journal_mode', { simple: true });
  const sync = store.db.pragma('synchronous', { simple: true });
  const gateway = new CountingGateway(new Set(input.registrations.map((r) => r.name)));
  const controller = newController(store, gateway, false);
  try {
    console.log(
      `\nStore path: ${HOSTS} hosts, ${WORKLOADS.toLocaleString('en-US')} workloads x ${REPLICAS_EACH} replicas = ${replicas.toLocaleString('en-US')} replicas`,
    );
    console.log(`SQLite file in ${os.tmpdir()}, journal_mode=${mode}, synchronous=${sync} (2 = FULL)`);

    const emptyCommits = commitsPerSecond(store, 2000);
    let t = process.hrtime.bigint();
    const now = Date.now();
    for (const reg of input.registrations) {
      store.registerNode(reg, '10.0.0.1', now, registered(store.getNode(reg.name), reg.name, '10.0.0.1'));
    }
    const registerS = seconds(t);

    // Submit as the API does (validate, one durable commit per apply), then let passes place.
    const tStart = process.hrtime.bigint();
    const cStart = process.cpuUsage();
    for (const spec of input.specs) applyWorkload(store, validateSpec(spec));
    const submitS = seconds(tStart);
    t = process.hrtime.bigint();
    const passTimes: number[] = [];
    let pending = Infinity;
    while (pending > 0 && passTimes.length < 10) {
      const p = process.hrtime.bigint();
      controller.pass();
      passTimes.push(seconds(p));
      pending = count(store, "SELECT COUNT(*) AS n FROM replicas WHERE desired = 'run' AND node IS NULL");
    }
    const placeS = seconds(t);
    const totalS = seconds(tStart);
    const totalCpuS = cpuMs(cStart) / 1000;
    const startsSent = gateway.sent;
    const a = audit(store);
    const endToEnd = a.placed / totalS;

    reportAllRunning(store, Date.now());
    gateway.sent = 0;
    const steady: number[] = [];
    const steadyCpu: number[] = [];
    for (let i = 0; i < 7; i++) {
      const p = process.hrtime.bigint();
      const c = process.cpuUsage();
      controller.pass();
      steady.push(seconds(p) * 1000);
      steadyCpu.push(cpuMs(c));
    }
    const steadyCommands = gateway.sent;

    // A pass in which a rebalancing round is due (the default --rebalance auto, every 2 s)...
    let rounds = 0;
    const rebalancing = newController(
      store,
      gateway,
      true,
      (_s, _m, rebalanced) => void (rounds += rebalanced ? 1 : 0),
    );
    t = process.hrtime.bigint();
    const moved = rebalancing.pass().length;
    const rebalanceMs = seconds(t) * 1000;
    // ...and the passes after it with nothing changed: the round is not planned again. The first
    // pass is what every pass of a settled cluster cost while a round counted as due by time alone.
    await new Promise((r) => setTimeout(r, 2100));
    rounds = 0;
    const settled: number[] = [];
    for (let i = 0; i < 5; i++) {
      const p = process.hrtime.bigint();
      rebalancing.pass();
      settled.push(seconds(p) * 1000);
    }
    const settledRounds = rounds;

    // The API path: each apply waits for a pass; applies that arrive together share it.
    const more = (from: number, n: number) =>
      input.specs.slice(from, from + n).map((s, i) => ({ ...s, name: `api-${from + i}` }));
    const sequential = 20;
    const sequentialS = await apiApplies(store, controller, more(0, sequential), false);
    const concurrent = 2000;
    const concurrentS = await apiApplies(store, controller, more(sequential, concurrent), true);
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const dbBytes = fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);

    // Baseline: the pure scheduler, one batch over the same input, no store.
    const base = asSchedulerInput(input);
    t = process.hrtime.bigint();
    const plan = schedule(base.nodes, base.requests, { mode: 'batch' });
    const baseS = seconds(t);

    console.log(
      table(
        ['phase', 'count', 'seconds', 'per second'],
        [
          ['register hosts (1 commit each)', HOSTS, fmt(registerS, 2), rate(HOSTS, registerS)],
          ['submit workloads (1 commit each)', WORKLOADS, fmt(submitS, 2), rate(WORKLOADS, submitS)],
          [
            `place replicas (${passTimes.length} passes: ${passTimes.map((s) => fmt(s, 2)).join(' + ')} s)`,
            a.placed,
            fmt(placeS, 2),
            rate(a.placed, placeS),
          ],
          ['end to end: first submit to all assigned', a.placed, fmt(totalS, 2), rate(a.placed, totalS)],
          [
            'baseline: pure scheduler, one batch',
            plan.placements.length,
            fmt(baseS, 2),
            rate(plan.placements.length, baseS),
          ],
        ],
      ),
    );
    console.log(
      `CPU time of this process from first submit to all assigned: ${fmt(totalCpuS, 2)} s (wall ${fmt(totalS, 2)} s)`,
    );
    console.log(
      `durable commits (synchronous=FULL, one small row each): ${rate(1, 1 / emptyCommits)}/s, ${fmt(1000 / emptyCommits, 3)} ms each`,
    );
    console.log(
      `audit from the database: ${a.placed} placed, ${a.pending} pending, ${a.overCapacity} hosts over capacity, ${a.doubled} workload doubled up on a host, ${a.constraintBroken} constraint violations; ${startsSent} start commands issued`,
    );
    console.log(
      `steady pass with ${replicas.toLocaleString('en-US')} running replicas, nothing to do: median ${fmt(median(steady), 1)} ms (CPU ${fmt(median(steadyCpu), 1)} ms), max ${fmt(Math.max(...steady), 1)} ms (interval ${PASS_INTERVAL_MS} ms), ${steadyCommands} commands`,
    );
    console.log(`pass with a rebalancing round due: ${fmt(rebalanceMs, 1)} ms, ${moved} moves started`);
    console.log(
      `then ${settled.length} passes with --rebalance auto, 2 s later, nothing changed: median ${fmt(median(settled), 1)} ms, ${settledRounds} rounds planned (before, each planned: ${fmt(rebalanceMs, 1)} ms)`,
    );
    console.log(
      `API path at this size, ${REPLICAS_EACH} replicas per apply: one at a time ${fmt((sequentialS * 1000) / sequential, 1)} ms per apply; ${concurrent} at once ${fmt(concurrentS, 2)} s = ${rate(concurrent, concurrentS)} applies/s, ${rate(concurrent * REPLICAS_EACH, concurrentS)} placements/s`,
    );
    console.log(
      `peak RSS ${mib(peakRss)} MiB (${mib(rssBefore)} MiB before the store), database ${mib(dbBytes)} MiB\n`,
    );

    ledger.check(
      `Store path end to end >= ${TARGET_PER_SECOND.toLocaleString('en-US')} placements/s`,
      endToEnd >= TARGET_PER_SECOND && a.pending === 0,
      `${rate(a.placed, totalS)}/s`,
    );
    ledger.check(
      'Store path: every replica placed, none over capacity, doubled or misplaced',
      a.placed === replicas && a.pending === 0 && a.overCapacity + a.doubled + a.constraintBroken === 0,
      `${a.placed}/${replicas}`,
    );
    ledger.check(
      `Steady pass < ${PASS_INTERVAL_MS / 2} ms at ${replicas.toLocaleString('en-US')} replicas`,
      median(steady) < PASS_INTERVAL_MS / 2 && steadyCommands === 0,
      `${fmt(median(steady), 1)} ms`,
    );
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const ledger = new Ledger();
  runStorePathBench(ledger).then(
    () => console.log(`Summary: ${ledger.summary()}`),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
