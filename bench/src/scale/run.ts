// The control plane at scale: a real control plane process pinned to CPU 1 (taskset), simulated
// agents speaking the real protocol (join, mutual TLS, register, heartbeats, reports, acks) in
// several processes pinned to CPU 0, the default 1 s heartbeat. Phases: join (agents at a bounded
// rate), place (workloads applied, until every replica is reported running), steady (a closed
// loop of user calls: reads, applies, scales), with an idle phase between those last two
// (heartbeats only: the control plane's CPU per heartbeat). Prints per phase the heartbeat ack p50/p99, the API
// p50/p99, agent-side lease expiries, and the control plane's CPU, CPU per heartbeat and peak RSS,
// the generators' CPU beside it (on 2 cores they compete with the control plane), and the nodes
// marked DOWN. Only loopback is used.
//
// Last, --silence agents go silent at once: how long until they are DOWN and their replicas run
// elsewhere, against the node timeout, while every other node stays READY.
//
// Usage: node bench/dist/scale/run.js [--agents 200] [--replicas 2000] [--processes 2] [--steady-s 20] [--join-rate 100]
//          [--silence 50]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiClient, freePort, spawnLogged, type ApiClient, type LoggedProcess } from '@coxswain/test';
import { percentile } from '../load';
import { Fleet, sleep, sum } from './fleet';
import { silenceSome } from './silence';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CONTROL_PLANE = path.join(REPO, 'control-plane', 'dist', 'main.js');
const FLEET = path.join(__dirname, 'fleet-cli.js');
const DEADLINE_MS = 30 * 60_000;

interface Args {
  agents: number;
  replicas: number;
  processes: number;
  steadyS: number;
  joinRate: number;
  silence: number;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { agents: 200, replicas: 2000, processes: 2, steadyS: 20, joinRate: 100, silence: 50 };
  const keys: Record<string, keyof Args> = {
    '--agents': 'agents',
    '--replicas': 'replicas',
    '--processes': 'processes',
    '--steady-s': 'steadyS',
    '--join-rate': 'joinRate',
    '--silence': 'silence',
  };
  for (let i = 0; i < argv.length; i++) {
    const key = keys[argv[i]];
    if (!key) throw new Error(`unknown argument ${argv[i]} (use ${Object.keys(keys).join(', ')})`);
    out[key] = Number(argv[++i]);
  }
  if (!(out.agents >= 1 && out.agents <= 5000)) throw new Error('--agents must be 1..5000');
  if (!(out.replicas >= 10 && out.replicas <= 200_000 && out.replicas % 10 === 0))
    throw new Error('--replicas must be a multiple of 10 in 10..200000');
  if (!(out.processes >= 1 && out.processes <= 16)) throw new Error('--processes must be 1..16');
  if (!(out.steadyS >= 1 && out.steadyS <= 600)) throw new Error('--steady-s must be 1..600');
  if (!(out.joinRate >= 1 && out.joinRate <= 1000)) throw new Error('--join-rate must be 1..1000');
  if (!(out.silence >= 0 && out.silence < out.agents / 2)) throw new Error('--silence must be 0..agents/2');
  return out;
}

/** user + system CPU of a process, ms, and its peak RSS, bytes (Linux /proc). */
function procStats(pid: number): { cpuMs: number; peakRss: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuMs: (ticks * 1000) / 100, peakRss: Number(hwm?.[1] ?? 0) * 1024 };
}

const spec = (name: string, replicas: number) => ({
  name,
  image: 'coxswain/busybox:1',
  command: ['sleep', '1000'],
  replicas,
  resources: { cpuMillis: 100, memoryBytes: String(64 << 20) },
});

/** One API call timed; failures counted, not thrown. */
/** Steady-phase latencies per method: which call sets the phase's p99. */
const steadyTimes: number[] = [];
const byMethod = new Map<string, number[]>();

async function timed(api: ApiClient, into: number[], failures: string[], method: string, req: unknown): Promise<void> {
  const t = performance.now();
  try {
    await api.call(method, req, 30_000);
    const took = performance.now() - t;
    into.push(took);
    if (into === steadyTimes) {
      const list = byMethod.get(method) ?? [];
      list.push(took);
      byMethod.set(method, list);
    }
  } catch (err) {
    failures.push(`${method}: ${(err as Error).message}`);
  }
}

interface Phase {
  name: string;
  seconds: number;
  api: number[];
  cpMs: number;
  fleetMs: number;
  heartbeats: number;
  /** Start and stop commands the agents got in the phase. */
  commands: number;
}

async function main(): Promise<void> {
  const windows: { name: string; from: number; to: number }[] = [];
  const args = parseArgs(process.argv.slice(2));
  const deadline = setTimeout(() => {
    console.error('scale bench: deadline passed');
    process.exit(2);
  }, DEADLINE_MS);
  deadline.unref();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-scale-'));
  const port = await freePort();
  const target = `127.0.0.1:${port}`;
  let cp: LoggedProcess | undefined;
  const fleets: Fleet[] = [];
  try {
    cp = spawnLogged(
      'taskset',
      [
        '-c',
        '1',
        process.execPath,
        // COXSWAIN_SCALE_PROFILE=DIR: a CPU profile of the control plane, written there when it stops.
        ...(process.env.COXSWAIN_SCALE_PROFILE
          ? ['--cpu-prof', '--cpu-prof-dir', process.env.COXSWAIN_SCALE_PROFILE]
          : []),
        CONTROL_PLANE,
        '--listen',
        target,
        '--db',
        path.join(dir, 'coxswain.db'),
      ],
      { logFile: path.join(dir, 'control-plane.log'), env: { ...process.env } },
    );
    await cp.waitForLog(/control plane serving/, 30_000);
    // taskset execs the program: the pid is the control plane's own.
    const cpPid = cp.pid;
    const api = apiClient(target, dir);
    const per = Math.ceil(args.agents / args.processes);
    for (let p = 0; p < args.processes; p++) {
      const count = Math.min(per, args.agents - p * per);
      if (count <= 0) break;
      const child = spawn(
        'taskset',
        [
          '-c',
          '0',
          process.execPath,
          FLEET,
          '--target',
          target,
          '--token-file',
          path.join(dir, 'join.token'),
          '--dir',
          path.join(dir, `fleet-${p}`),
          '--prefix',
          `sim${p}`,
          '--count',
          String(count),
          '--join-rate',
          String(Math.max(1, Math.round(args.joinRate / args.processes))),
        ],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      fleets.push(new Fleet(child));
    }
    console.log(
      `scale bench: ${args.agents} simulated agents in ${fleets.length} processes (CPU 0), control plane on CPU 1, ${args.replicas} replicas, default 1 s heartbeat`,
    );
    const phases: Phase[] = [];
    let mark = { at: performance.now(), cp: procStats(cpPid).cpuMs, fleet: (await sum(fleets)).cpuMs, commands: 0 };
    const endPhase = async (name: string, apiTimes: number[]) => {
      const report = await sum(fleets);
      const acks = report.acks[name]?.length ?? 0;
      const now = { at: performance.now(), cp: procStats(cpPid).cpuMs, fleet: report.cpuMs, commands: report.commands };
      phases.push({
        name,
        seconds: (now.at - mark.at) / 1000,
        api: apiTimes,
        cpMs: now.cp - mark.cp,
        fleetMs: now.fleet - mark.fleet,
        heartbeats: acks,
        commands: now.commands - mark.commands,
      });
      windows.push({ name, from: mark.at, to: now.at });
      // Progress, for a long run and for a profiler attached to the control plane at a phase.
      process.stderr.write(`scale bench: ${name} over after ${((now.at - mark.at) / 1000).toFixed(1)} s\n`);
      mark = now;
      return report;
    };

    // Join.
    for (const f of fleets) f.send('join');
    const joinStarted = performance.now();
    let r = await sum(fleets);
    while (r.joined + r.joinErrors < args.agents) {
      await sleep(1000);
      r = await sum(fleets);
    }
    const joinS = (performance.now() - joinStarted) / 1000;
    if (r.joinErrors > 0) throw new Error(`${r.joinErrors} agents failed to join: ${r.lastJoinError}`);
    await endPhase('join', []);

    // Place.
    for (const f of fleets) f.send('phase place');
    const placeApi: number[] = [];
    const failures: string[] = [];
    const workloads = args.replicas / 10;
    const placeStarted = performance.now();
    for (let i = 0; i < workloads; i += 8)
      await Promise.all(
        Array.from({ length: Math.min(8, workloads - i) }, (_, k) =>
          timed(api, placeApi, failures, 'ApplyWorkload', { workload: spec(`w${i + k}`, 10) }),
        ),
      );
    const lastApplyS = (performance.now() - placeStarted) / 1000;
    r = await sum(fleets);
    while (r.running < args.replicas && performance.now() - placeStarted < 10 * 60_000) {
      await sleep(500);
      r = await sum(fleets);
    }
    const allRunningS = (performance.now() - placeStarted) / 1000;
    const placedRunning = r.running;
    await endPhase('place', placeApi);

    // Idle: heartbeats and nothing else, so that the control plane's CPU per heartbeat is its own.
    for (const f of fleets) f.send('phase idle');
    await sleep(args.steadyS * 1000);
    await endPhase('idle', []);

    // Steady: a closed loop of 4 callers, for --steady-s.
    for (const f of fleets) f.send('phase steady');
    const steadyApi = steadyTimes;
    const stopAt = performance.now() + args.steadyS * 1000;
    let n = 0;
    const caller = async () => {
      while (performance.now() < stopAt) {
        const i = n++;
        const w = `w${i % workloads}`;
        if (i % 4 === 0)
          await timed(api, steadyApi, failures, 'ApplyWorkload', { workload: spec(w, 10 + (i % 8 === 0 ? 1 : 0)) });
        else if (i % 4 === 1) await timed(api, steadyApi, failures, 'ListNodes', {});
        else await timed(api, steadyApi, failures, 'GetWorkload', { name: w });
      }
    };
    await Promise.all([caller(), caller(), caller(), caller()]);
    const final = await endPhase('steady', steadyApi);
    const listNodes = async () =>
      ((await api.call('ListNodes', {}, 30_000)) as { nodes?: { name: string; state: string }[] }).nodes ?? [];
    const nodes = await listNodes();
    const notReady = nodes.filter((x) => x.state !== 'READY').length;
    const failover = args.silence > 0 ? await silenceSome(args.silence, fleets, final.running, listNodes) : undefined;
    const peakRss = procStats(cpPid).peakRss;
    api.close();

    const ms = (xs: number[], p: number) => (xs.length ? percentile(xs, p).toFixed(1) : '-');
    console.log(`\njoin: ${args.agents} agents in ${joinS.toFixed(1)} s (${(args.agents / joinS).toFixed(0)}/s)`);
    console.log(
      `place: ${args.replicas} replicas, last apply ${lastApplyS.toFixed(1)} s after the first, all running at ${allRunningS.toFixed(1)} s (${(allRunningS - lastApplyS).toFixed(1)} s after the last apply), ${placedRunning} running`,
    );
    console.log(
      '\nphase    seconds  heartbeat ack p50/p99 ms  API calls  API p50/p99 ms  commands  CP CPU %  CP us/heartbeat  generators CPU %',
    );
    for (const p of phases) {
      const acks = final.acks[p.name] ?? [];
      console.log(
        `${p.name.padEnd(8)} ${p.seconds.toFixed(1).padStart(7)}  ${`${ms(acks, 50)} / ${ms(acks, 99)}`.padStart(24)}  ${String(p.api.length).padStart(9)}  ${`${ms(p.api, 50)} / ${ms(p.api, 99)}`.padStart(14)}  ${String(p.commands).padStart(8)}  ${((100 * p.cpMs) / (p.seconds * 1000)).toFixed(0).padStart(8)}  ${(p.heartbeats ? (1000 * p.cpMs) / p.heartbeats : 0).toFixed(0).padStart(15)}  ${((100 * p.fleetMs) / (p.seconds * 1000)).toFixed(0).padStart(16)}`,
      );
    }
    console.log(
      `steady API by method: ${[...byMethod].map(([m, xs]) => `${m} ${xs.length} calls ${ms(xs, 50)} / ${ms(xs, 99)} ms`).join('; ')}`,
    );
    const idle = phases.find((p) => p.name === 'idle');
    if (!idle) throw new Error('no idle phase measured');
    const usPerBeat = idle.heartbeats ? (1000 * idle.cpMs) / idle.heartbeats : 0;
    console.log(
      `\nCPU per heartbeat, idle phase: ${idle.cpMs.toFixed(0)} ms of control-plane CPU / ${idle.heartbeats} heartbeats = ${usPerBeat.toFixed(0)} us; 5,000 agents at 1/s: 5000 x ${usPerBeat.toFixed(0)} us = ${((5000 * usPerBeat) / 1e6).toFixed(2)} of a core (target <= 0.5)`,
    );
    console.log(
      `stop commands ${final.stops} of ${final.commands}, agent-side lease expiries ${final.leaseExpiries}, stream losses ${final.disconnects}, nodes not READY at the end ${notReady}, control plane peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB, API failures ${failures.length}${failures.length ? ` (first: ${failures[0]})` : ''}`,
    );
    if (failover) {
      const timeoutS = failover.nodeTimeoutMs / 1000;
      console.log(
        `${args.silence} agents silent at once: all DOWN after ${failover.downS.toFixed(1)} s, their ${failover.lost} replicas running elsewhere after ${failover.replacedS.toFixed(1)} s (node timeout ${timeoutS} s; target <= ${timeoutS + 2} s), other nodes not READY meanwhile: ${failover.othersNotReady}`,
      );
    }
  } finally {
    for (const f of fleets) {
      f.send('stop');
      f.child.stdin.end();
    }
    await cp?.stop();
    // To find each phase in the control plane's CPU profile, which ends when it stops.
    if (process.env.COXSWAIN_SCALE_PROFILE && windows.length > 0) {
      const stopAt = performance.now();
      const ago = (t: number) => ((stopAt - t) / 1000).toFixed(1);
      console.log(
        `profile: ${windows.map((w) => `${w.name} ${ago(w.from)}..${ago(w.to)} s`).join(', ')} before the stop`,
      );
    }
    // COXSWAIN_SCALE_KEEP=1 keeps the folder (the control plane's log and database) to look at.
    if (process.env.COXSWAIN_SCALE_KEEP) console.log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`scale bench: ${err.message}`);
    process.exit(1);
  },
);
