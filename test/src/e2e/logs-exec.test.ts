// StreamLogs and Exec end to end: one simulated host with a real engine, the control plane and
// the agent as real processes with TLS on, the API called with a grpc-js client. The output is
// relayed control plane -> agent -> engine and back; a reader that stops reading must leave
// both relaying processes holding only a small, fixed amount for its session.
import fs from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServices, logLineBytes, tlsTargetOptions } from '@coxswain/shared';
import { apiClient, type ApiClient } from '../client';
import { sleep, waitFor } from '../hosts';
import { exec, streamLogs } from '../sessions';
import { E2E, spec } from './fixture';

let e2e: E2E;
let api: ApiClient;

const TICKER = ['sh', '-c', "trap 'exit 0' TERM; i=0; while true; do echo line $i; i=$((i+1)); sleep 0.3; done"];
const COUNTED = [
  'sh',
  '-c',
  "trap 'exit 0' TERM; for i in $(seq 1 20); do echo line $i; done; sleep 0.5; echo oops >&2; sleep 100000 & wait",
];
/** About 2 MB/s of 1 KiB lines, each starting with its number. */
const FLOOD = [
  'sh',
  '-c',
  `trap 'exit 0' TERM; n=0; while true; do j=0; while [ $j -lt 50 ]; do n=$((n+1)); echo "$n $L"; j=$((j+1)); done; sleep 0.02; done`,
];

async function running(name: string, extra: Record<string, unknown>): Promise<void> {
  await e2e.ok('ApplyWorkload', { workload: spec(name, extra) });
  await e2e.waitForWorkload(name, (w) => w.status.replicas[0]?.state === 'RUNNING', 'running');
}

/** The JSON log lines of a process whose message is `msg`. */
function logEvents(log: string, msg: string): Array<Record<string, any>> {
  return log
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes(`"msg":"${msg}"`))
    .map((l) => JSON.parse(l) as Record<string, any>);
}

function agentLog(): string {
  const agent = e2e.agents.get('h1');
  if (!agent) throw new Error('no agent on h1');
  return agent.log();
}

beforeAll(async () => {
  e2e = await E2E.start({ hosts: 1 });
  api = apiClient(e2e.target, e2e.dbDir);
  await running('ticker', { command: TICKER });
  await running('counted', { command: COUNTED });
});

afterAll(async () => {
  api?.close();
  await e2e?.stop();
});

describe('StreamLogs', () => {
  it('with follow, delivers each line within 1 s of the engine stamping it', async () => {
    const logs = streamLogs(api, { name: 'ticker', replica: 0, follow: true, tail: 1 });
    const started = Date.now();
    await waitFor('six followed lines', () => (logs.lines.length >= 7 ? true : undefined), 10_000, 50);
    logs.call.cancel();
    expect((await logs.ended).code).toBe(grpc.status.CANCELLED);
    // The first line is the tail: printed before the call began.
    const followed = logs.lines.slice(1);
    const latencies = followed.map((l) => l.arrivedAt - Date.parse(l.time));
    console.log(`followed lines, ms from the engine's timestamp to arrival: ${latencies.join(', ')}`);
    expect(Math.max(...latencies)).toBeLessThan(1000);
    expect(Math.min(...latencies)).toBeGreaterThanOrEqual(-50); // same clock: never before it was printed
    expect(followed.every((l) => Date.parse(l.time) >= started - 50)).toBe(true);
    const numbers = logs.lines.map((l) => Number(/^line (\d+)$/.exec(l.line)?.[1]));
    expect(numbers.every((n, i) => i === 0 || n === numbers[i - 1] + 1)).toBe(true);
    expect(logs.lines.every((l) => l.stream === 'stdout')).toBe(true);
  });

  // The engine copies stdout and stderr concurrently, so the replica waits before its stderr line
  // to make the order of the last five certain.
  it('with tail 5, gives exactly the last five lines, stderr included, and ends', async () => {
    const logs = streamLogs(api, { name: 'counted', replica: 0, tail: 5 });
    expect(await logs.ended).toEqual({ code: grpc.status.OK, details: 'OK' });
    expect(logs.lines.map((l) => [l.line, l.stream])).toEqual([
      ['line 17', 'stdout'],
      ['line 18', 'stdout'],
      ['line 19', 'stdout'],
      ['line 20', 'stdout'],
      ['oops', 'stderr'],
    ]);
    for (const l of logs.lines) expect(l.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });

  it('refuses an unknown workload or replica with NOT_FOUND naming it, a bad tail with INVALID_ARGUMENT', async () => {
    expect(await streamLogs(api, { name: 'nope' }).ended).toEqual({
      code: grpc.status.NOT_FOUND,
      details: 'workload "nope" not found',
    });
    expect(await streamLogs(api, { name: 'ticker', replica: 7 }).ended).toEqual({
      code: grpc.status.NOT_FOUND,
      details: 'replica ticker/7 not found',
    });
    const bad = await streamLogs(api, { name: 'ticker', tail: -1 }).ended;
    expect(bad.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(bad.details).toMatch(/^tail: /);
  });

  it('refuses a replica without a container with FAILED_PRECONDITION saying its state', async () => {
    await e2e.ok('ApplyWorkload', {
      workload: spec('huge', { resources: { cpuMillis: 1_000_000, memoryBytes: String(32 << 20) } }),
    });
    await e2e.waitForWorkload('huge', (w) => w.status.replicas[0]?.state === 'PENDING', 'pending');
    const logs = await streamLogs(api, { name: 'huge' }).ended;
    expect(logs.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(logs.details).toMatch(/^replica huge\/0 is PENDING/);
    const run = await exec(api, { name: 'huge', command: ['true'] });
    expect(run.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(run.details).toMatch(/^replica huge\/0 is PENDING/);
    await e2e.ok('DeleteWorkload', { name: 'huge' });
  });
});

describe('Exec', () => {
  it("runs cat /etc/hostname: the container's hostname and exit code 0", async () => {
    const [c] = (await e2e.running('ticker')).get('h1') ?? [];
    const hostname = (await e2e.cluster.host('h1').docker.getContainer(c.Id).inspect()).Config.Hostname;
    const run = await exec(api, { name: 'ticker', replica: 0, command: ['cat', '/etc/hostname'] });
    expect(run).toMatchObject({ code: grpc.status.OK, exitCode: 0, stdout: `${hostname}\n`, stderr: '' });
  });

  it('gives the exit code of the command', async () => {
    const run = await exec(api, { name: 'ticker', command: ['sh', '-c', 'echo to-err >&2; exit 3'] });
    expect(run).toMatchObject({ code: grpc.status.OK, exitCode: 3, stderr: 'to-err\n' });
  });

  it('delivers stdin, and its end', async () => {
    const run = await exec(api, { name: 'ticker', command: ['cat'] }, ['hel', 'lo'], true);
    expect(run).toMatchObject({ code: grpc.status.OK, exitCode: 0, stdout: 'hello' });
  });

  it('runs with a terminal: stdout and stderr merged', async () => {
    const run = await exec(api, { name: 'ticker', command: ['sh', '-c', 'echo out; echo err >&2'], tty: true });
    expect(run).toMatchObject({ code: grpc.status.OK, exitCode: 0, stdout: 'out\r\nerr\r\n', stderr: '' });
  });

  it("ends a missing binary with a non-zero code and Docker's message", async () => {
    const run = await exec(api, { name: 'ticker', command: ['no-such-binary', '--x'] });
    expect(run.code).toBe(grpc.status.OK);
    expect(run.exitCode).toBeGreaterThan(0);
    expect(run.stdout + run.stderr).toMatch(/no-such-binary.*executable file not found/);
  });

  it('refuses a first message without a command, an unknown workload or replica', async () => {
    const none = await exec(api, { name: 'ticker', command: [] });
    expect(none.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(none.details).toMatch(/^command: /);
    expect(await exec(api, { name: 'nope', command: ['true'] })).toMatchObject({
      code: grpc.status.NOT_FOUND,
      details: 'workload "nope" not found',
    });
    expect(await exec(api, { name: 'ticker', replica: 7, command: ['true'] })).toMatchObject({
      code: grpc.status.NOT_FOUND,
      details: 'replica ticker/7 not found',
    });
  });
});

describe('the Relay call', () => {
  it('refuses a session id it did not open, and one without a certificate; the cluster goes on', async () => {
    const dir = e2e.agentStateDir(e2e.cluster.host('h1'));
    const read = (f: string) => fs.readFileSync(path.join(dir, f));
    const { AgentGateway } = loadServices();
    const tls = tlsTargetOptions(e2e.target);
    const relay = (creds: grpc.ChannelCredentials) => {
      const client = new AgentGateway(e2e.target, creds, tls.channelOptions) as grpc.Client & {
        Relay(): grpc.ClientDuplexStream<object, object>;
      };
      const call = client.Relay();
      const ended = new Promise<grpc.StatusObject>((resolve) => {
        call.on('error', () => undefined);
        call.on('data', () => undefined);
        call.on('status', resolve);
      });
      call.write({ hello: { sessionId: 'made-up' } });
      return ended.finally(() => client.close());
    };
    const withCert = await relay(
      grpc.credentials.createSsl(read('ca.crt'), read('node.key'), read('node.crt'), tls.verifyOptions),
    );
    expect(withCert.code).toBe(grpc.status.NOT_FOUND);
    expect(withCert.details).toContain('"made-up" is not open');
    const without = await relay(grpc.credentials.createSsl(read('ca.crt'), null, null, tls.verifyOptions));
    expect(without.code).toBe(grpc.status.UNAUTHENTICATED);
    const run = await exec(api, { name: 'ticker', command: ['true'] });
    expect(run.exitCode).toBe(0);
  });
});

describe('a reader that stops reading', () => {
  it('leaves the agent and the control plane holding a small, bounded amount for its session', async () => {
    await running('flood', {
      command: FLOOD,
      env: { L: 'x'.repeat(1000) },
      resources: { cpuMillis: 500, memoryBytes: String(64 << 20) },
    });
    const stopAfter = 200;
    const logs = streamLogs(api, { name: 'flood', follow: true, tail: 1 }, (_l, call) => {
      if (logs.lines.length === stopAfter) call.pause();
    });
    await waitFor(`${stopAfter} lines`, () => (logs.lines.length >= stopAfter ? true : undefined), 15_000, 50);
    await sleep(6_000);
    const received = logs.lines.reduce((n, l) => n + logLineBytes(l), 0);
    expect(logs.lines.length).toBe(stopAfter); // paused: nothing more reached the reader

    // What the replica printed meanwhile, read from the engine: its last line's number.
    const [c] = (await e2e.running('flood')).get('h1') ?? [];
    const tail = (await e2e.cluster.host('h1').docker.getContainer(c.Id).logs({ stdout: true, tail: 1 })) as Buffer;
    const printed = Number(/(\d+) x/.exec(tail.toString('latin1'))?.[1]);
    logs.call.cancel();
    expect((await logs.ended).code).toBe(grpc.status.CANCELLED);

    const closed = (log: () => string) =>
      waitFor(
        'relay session closed',
        () => logEvents(log(), 'relay session closed').find((e) => e.workload === 'flood'),
        10_000,
        100,
      );
    const cp = await closed(() => e2e.controlPlane.log());
    const agent = await closed(agentLog);
    const lineBytes = 1000 + 8;
    const figures = {
      printedBytes: printed * lineBytes,
      agentReadFromEngine: agent.dockerBytes,
      agentSent: agent.sentBytes,
      agentMaxHeld: agent.maxHeldBytes,
      cpFromAgent: cp.fromAgentBytes,
      cpToUser: cp.toUserBytes,
      cpMaxHeld: cp.maxHeldBytes,
      clientReceived: received,
    };
    console.log(`slow reader: ${JSON.stringify(figures)}`);
    // The replica kept printing, and the agent stopped reading the engine soon after the reader stopped.
    expect(figures.printedBytes).toBeGreaterThan(4 * figures.agentReadFromEngine);
    // Each relaying process, by its own count, never held more than a few messages for the session.
    expect(figures.agentMaxHeld).toBeLessThan(256 * 1024);
    expect(figures.cpMaxHeld).toBeLessThan(256 * 1024);
    // Everything in flight between the agent and the reader (gRPC and HTTP/2 buffers and windows
    // on both hops, the reader's own buffer) stays small too.
    expect(figures.agentSent - figures.clientReceived).toBeLessThan(2 * 1024 * 1024);
    await e2e.ok('DeleteWorkload', { name: 'flood' });
  });
});
