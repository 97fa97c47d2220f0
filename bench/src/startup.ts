// Start-up benchmark: how long from a user's submit to one new replica running, against
// `docker run -d` of the same container on the same engine, both timed in the same run. One real
// engine with Docker's bridge network in a test host, the control plane and its agent as real
// processes on default settings (TLS on). Trials alternate which of the two goes first, so a
// warm or busy engine favours neither.
//
// Coxswain's time is from the ApplyWorkload call to its replica.started event on a WatchEvents
// stream opened beforehand (what `coxswain events -w` shows); docker's is from starting the CLI
// to its exit (what a user typing `docker run -d` waits for). The engine's own Created and
// StartedAt stamps split both. Polling GetWorkload every 5 ms instead of the stream loaded the
// control plane on the engine's two cores while the container started: 1.06 to 1.10 x in two
// runs, against 0.89 and 1.00 x with the stream on the same machine.
//
// Usage: node bench/dist/startup.js [--runs N] [--network bridge|none] [--json]
import { execFile } from 'node:child_process';
import * as grpc from '@grpc/grpc-js';
import { promisify } from 'node:util';
import { argsOrExit, runClusterBench } from './cluster-bench';
import { apiClient, E2E, spec, waitFor, type ApiClient, type TestHost } from '@coxswain/test';

const exec = promisify(execFile);
const IMAGE = 'coxswain/busybox:1';
const COMMAND = ['sleep', '100000'];
const CPU_MILLIS = 100;
const MEMORY_BYTES = 32 << 20;
/** The contract's bar: Coxswain's submit to running within this factor of `docker run -d`. */
const TARGET_RATIO = 1.1;
/** How long a replica may take to start before the run fails. */
const START_LIMIT_MS = 20_000;
const DEADLINE_MS = 10 * 60_000;

interface Args {
  runs: number;
  network: 'bridge' | 'none';
  json: boolean;
}

interface Timing {
  /** ms from submit to the engine's Created stamp. */
  created: number;
  /** ms from submit to the engine's StartedAt stamp. */
  started: number;
  /** ms from submit to the caller seeing it done (docker's exit, or RUNNING in the API). */
  done: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { runs: 10, network: 'bridge', json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') args.runs = Number(argv[++i]);
    else if (a === '--network') args.network = argv[++i] as Args['network'];
    else if (a === '--json') args.json = true;
    else throw new Error(`unknown argument ${a} (use --runs N, --network bridge|none, --json)`);
  }
  if (!Number.isInteger(args.runs) || args.runs < 1 || args.runs > 100)
    throw new Error(`--runs must be 1..100 (got ${args.runs})`);
  if (args.network !== 'bridge' && args.network !== 'none')
    throw new Error(`--network must be bridge or none (got ${args.network})`);
  return args;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const at = (i: number) => s[i] ?? NaN;
  return s.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/** The engine's Created and StartedAt of a container, in ms since the epoch. */
async function stamps(host: TestHost, id: string): Promise<{ created: number; started: number }> {
  const info = await host.docker.getContainer(id).inspect();
  return { created: Date.parse(info.Created), started: Date.parse(info.State.StartedAt) };
}

async function dockerRun(host: TestHost, name: string, network: string): Promise<Timing> {
  const t0 = Date.now();
  const { stdout } = await exec(
    'docker',
    [
      'run',
      '-d',
      '--name',
      name,
      '--network',
      network,
      '--cpus',
      String(CPU_MILLIS / 1000),
      '--memory',
      String(MEMORY_BYTES),
      '--restart',
      'no',
      IMAGE,
      ...COMMAND,
    ],
    { env: { ...process.env, DOCKER_HOST: host.dockerHost }, timeout: 30_000 },
  );
  const done = Date.now() - t0;
  const s = await stamps(host, stdout.trim());
  await host.docker.getContainer(stdout.trim()).remove({ force: true });
  return { created: s.created - t0, started: s.started - t0, done };
}

interface StartWatch {
  /** Resolves when `workload`'s replica.started event arrives. */
  started(workload: string): Promise<void>;
  close(): void;
}

/** One WatchEvents stream for the whole run, so no trial pays for opening it. */
function watchStarts(api: ApiClient): StartWatch {
  const client = api.raw as grpc.Client & {
    WatchEvents(req: object): grpc.ClientReadableStream<{ type: string; workload: string }>;
  };
  const call = client.WatchEvents({});
  const waiting = new Map<string, () => void>();
  let failure: Error | undefined;
  call.on('data', (e) => {
    if (e.type === 'replica.started') waiting.get(e.workload)?.();
  });
  call.on('error', (err: grpc.ServiceError) => {
    if (err.code !== grpc.status.CANCELLED) failure = new Error(`WatchEvents failed: ${err.message}`);
  });
  return {
    started: (workload) =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        const timer = setTimeout(() => {
          waiting.delete(workload);
          reject(failure ?? new Error(`${workload} not started after ${START_LIMIT_MS} ms`));
        }, START_LIMIT_MS);
        waiting.set(workload, () => {
          clearTimeout(timer);
          waiting.delete(workload);
          resolve();
        });
      }),
    close: () => call.cancel(),
  };
}

async function coxswainRun(
  api: ApiClient,
  watch: StartWatch,
  host: TestHost,
  name: string,
  network: string,
): Promise<Timing> {
  const started = watch.started(name);
  const t0 = Date.now();
  await api.call('ApplyWorkload', {
    workload: spec(name, {
      command: COMMAND,
      network,
      resources: { cpuMillis: CPU_MILLIS, memoryBytes: MEMORY_BYTES },
    }),
  });
  await started;
  const done = Date.now() - t0;
  const w = await api.call('GetWorkload', { name });
  const containerId: string = w.status?.replicas?.[0]?.containerId ?? '';
  if (!containerId) throw new Error(`${name} started but GetWorkload shows no container`);
  const s = await stamps(host, containerId);
  await api.call('DeleteWorkload', { name });
  await waitFor(
    `${name}'s container removed`,
    async () => {
      const list = await host.docker.listContainers({ all: true, filters: { name: [name] } });
      return list.length === 0 || undefined;
    },
    30_000,
    50,
  );
  return { created: s.created - t0, started: s.started - t0, done };
}

function row(label: string, t: Timing[]): string {
  const f = (k: keyof Timing) =>
    `${median(t.map((x) => x[k]))
      .toFixed(0)
      .padStart(7)}`;
  return `${label.padEnd(28)} ${f('created')} ${f('started')} ${f('done')}   (done min ${Math.min(...t.map((x) => x.done))}, max ${Math.max(...t.map((x) => x.done))})`;
}

const args = argsOrExit(() => parseArgs(process.argv.slice(2)));
runClusterBench({
  name: 'startup',
  deadlineMs: DEADLINE_MS,
  start: () => E2E.start({ hosts: 1, bridgeOn: args.network === 'bridge' ? [1] : [] }),
  body: async (e2e) => {
    const host = e2e.hosts[0];
    if (!host) throw new Error('the cluster started without its test host');
    const api = apiClient(e2e.target, e2e.dbDir);
    const watch = watchStarts(api);
    try {
      const docker: Timing[] = [];
      const coxswain: Timing[] = [];
      // One of each first, unmeasured: the first container on an engine pays for its network setup.
      await dockerRun(host, 'warm-docker', args.network);
      await coxswainRun(api, watch, host, 'warm-coxswain', args.network);
      for (let i = 1; i <= args.runs; i++) {
        const pair = [
          async () => docker.push(await dockerRun(host, `docker-${i}`, args.network)),
          async () => coxswain.push(await coxswainRun(api, watch, host, `startup-${i}`, args.network)),
        ];
        if (i % 2 === 0) pair.reverse();
        for (const f of pair) await f();
        const d = docker[docker.length - 1];
        const c = coxswain[coxswain.length - 1];
        if (d && c)
          console.log(
            `run ${i}: docker run -d ${d.done} ms, coxswain ${c.done} ms (started ${d.started} / ${c.started})`,
          );
      }
      console.log(
        `\n${args.runs} runs, one engine with network ${args.network}, ${IMAGE} ${COMMAND.join(' ')}, ${CPU_MILLIS}m CPU, ${MEMORY_BYTES >> 20} MiB`,
      );
      console.log(`${'median ms from submit'.padEnd(28)} created started    done`);
      console.log(row('docker run -d', docker));
      console.log(row('coxswain apply -> RUNNING', coxswain));
      const ratio = median(coxswain.map((t) => t.done)) / median(docker.map((t) => t.done));
      const pass = ratio <= TARGET_RATIO;
      console.log(
        `${pass ? 'PASS' : 'FAIL'}: submit to running ${ratio.toFixed(2)} x docker run -d (target <= ${TARGET_RATIO} x)`,
      );
      if (args.json) console.log(JSON.stringify({ docker, coxswain, ratio, pass }));
      return pass;
    } finally {
      watch.close();
      api.close();
    }
  },
});
