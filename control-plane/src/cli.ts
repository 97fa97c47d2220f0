#!/usr/bin/env node
// coxswain: the operator CLI. `coxswain [global flags] COMMAND [args]`; see usage below.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { FlagError, parseFlags, usage, type EventMsg, type FlagSpec } from '@coxswain/shared';
import { call, connect, type Api } from './cli/index';
import { nodesTable, table, workloadsTable } from './cli/index';

const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'server', help: 'control plane HOST:PORT', default: '127.0.0.1:7070' },
  { name: 'data-dir', help: "the control plane's data folder, holding ca.crt and admin.token", default: './data' },
  { name: 'ca-file', help: 'cluster CA (default: DATA-DIR/ca.crt)' },
  { name: 'token-file', help: 'admin token (default: DATA-DIR/admin.token)' },
  { name: 'insecure', help: 'plaintext, no token (for a control plane run with --insecure)', boolean: true },
];

const COMMANDS = `Commands (after the flags: coxswain [flags] COMMAND [args]):
  nodes                          list nodes: state, allocated/capacity, replicas, last heartbeat
  workloads                      list workloads: generation, ready/desired, pending
  get NAME                       one workload with every replica, as JSON
  apply -f FILE                  apply a WorkloadSpec (JSON, or {"workload": {...}}); - reads stdin
  scale NAME REPLICAS            set the replica count
  delete NAME                    delete a workload and stop its containers
  cordon NODE | drain NODE | uncordon NODE
  rebalance [--dry-run]          start (or only show) the moves that spread and compact
  events [--workload NAME] [--since SEQ]   follow cluster events until Ctrl-C
  rotate-join-token              issue a new join token for agents
  remove-node NODE               forget a DOWN node and revoke its certificates
  simulate --nodes N.csv --workloads P.csv [--json] [--plan] [--batch] [--make-room on|off]   capacity planning`;

function die(message: string, code = 1): never {
  process.stderr.write(`coxswain: ${message}\n`);
  process.exit(code);
}

function need(args: string[], n: number, what: string): string[] {
  if (args.length !== n) die(`usage: coxswain ${what}`, 2);
  return args;
}

function readSpec(file: string): object {
  let text: string;
  try {
    text = fs.readFileSync(file === '-' ? 0 : path.resolve(file), 'utf8');
  } catch (err) {
    die(`cannot read ${file}: ${(err as Error).message}`, 2);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    die(`${file}: not JSON: ${(err as Error).message}`, 2);
  }
  return json && typeof json === 'object' && 'workload' in json ? json : { workload: json };
}

function follow(api: Api, request: object): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = api.WatchEvents(request) as grpc.ClientReadableStream<EventMsg>;
    stream.on('data', (e: EventMsg) => {
      const what = [
        e.node && `node=${e.node}`,
        e.workload && `workload=${e.workload}`,
        e.replica >= 0 && e.workload && `replica=${e.replica}`,
      ]
        .filter(Boolean)
        .join(' ');
      process.stdout.write(`${e.time}  ${e.type.padEnd(20)} ${what}${e.message ? `  ${e.message}` : ''}\n`);
    });
    stream.on('error', (err: grpc.ServiceError) =>
      err.code === grpc.status.CANCELLED ? resolve() : reject(new Error(`${grpc.status[err.code]}: ${err.details}`)),
    );
    stream.on('end', resolve);
    process.once('SIGINT', () => stream.cancel());
  });
}

async function run(api: Api, command: string, args: string[]): Promise<void> {
  const out = (s: string): void => void process.stdout.write(s);
  switch (command) {
    case 'nodes':
      return out(nodesTable((await call(api, 'ListNodes', {})).nodes));
    case 'workloads':
      return out(workloadsTable((await call(api, 'ListWorkloads', {})).workloads));
    case 'get':
      return out(
        JSON.stringify(await call(api, 'GetWorkload', { name: need(args, 1, 'get NAME')[0] }), null, 2) + '\n',
      );
    case 'apply': {
      const { values } = parseArgs({ args, options: { file: { type: 'string', short: 'f' } } });
      if (!values.file) die('usage: coxswain apply -f FILE', 2);
      const w = await call(api, 'ApplyWorkload', readSpec(values.file));
      return out(
        `workload/${w.spec.name} applied: generation ${w.generation}, ${w.status.running}/${w.status.desired} running\n`,
      );
    }
    case 'scale': {
      const [name, n] = need(args, 2, 'scale NAME REPLICAS');
      if (!/^-?\d+$/.test(n)) die(`scale: replicas must be a whole number (got "${n}")`, 2);
      const w = await call(api, 'ScaleWorkload', { name, replicas: Number(n) });
      return out(`workload/${name} scaled to ${w.status.desired}\n`);
    }
    case 'delete':
      await call(api, 'DeleteWorkload', { name: need(args, 1, 'delete NAME')[0] });
      return out(`workload/${args[0]} deleted\n`);
    case 'cordon':
    case 'drain':
    case 'uncordon': {
      const method = { cordon: 'CordonNode', drain: 'DrainNode', uncordon: 'UncordonNode' }[command];
      await call(api, method, { name: need(args, 1, `${command} NODE`)[0] });
      const done = {
        cordon: 'cordoned',
        drain: 'draining: its replicas move off, start-before-stop',
        uncordon: 'uncordoned',
      }[command];
      return out(`node/${args[0]} ${done}\n`);
    }
    case 'rebalance': {
      const { values } = parseArgs({ args, options: { 'dry-run': { type: 'boolean' } } });
      const { moves } = await call(api, 'Rebalance', { dryRun: !!values['dry-run'] });
      if (moves.length === 0) return out('nothing to move\n');
      return out(
        table(
          ['WORKLOAD', 'REPLICA', 'FROM', 'TO', 'WHY'],
          moves.map((m: { workload: string; replica: number; fromNode: string; toNode: string; reason: string }) => [
            m.workload,
            String(m.replica),
            m.fromNode,
            m.toNode,
            m.reason,
          ]),
        ),
      );
    }
    case 'events': {
      const { values } = parseArgs({ args, options: { workload: { type: 'string' }, since: { type: 'string' } } });
      return follow(api, { workload: values.workload ?? '', sinceSeq: Number(values.since ?? 0) });
    }
    case 'rotate-join-token':
      return out(`${(await call(api, 'RotateJoinToken', {})).joinToken}\n`);
    case 'remove-node':
      await call(api, 'RemoveNode', { name: need(args, 1, 'remove-node NODE')[0] });
      return out(`node/${args[0]} removed\n`);
    default:
      die(`unknown command "${command}"\n\n${COMMANDS}`, 2);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const at = argv.findIndex(
    (a, i) => !a.startsWith('-') && !(i > 0 && /^--(server|data-dir|ca-file|token-file)$/.test(argv[i - 1])),
  );
  const [globals, command, rest] = at < 0 ? [argv, undefined, []] : [argv.slice(0, at), argv[at], argv.slice(at + 1)];
  if (command === 'simulate') {
    // The simulator reads its own flags from the command line.
    process.argv = [process.argv[0], process.argv[1], ...rest];
    // The simulator runs when its module loads, as it does as a program of its own.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('./simulate');
    return;
  }
  let flags;
  try {
    flags = parseFlags(GLOBAL_FLAGS, globals);
  } catch (err) {
    die(`${(err as FlagError).message}\n\n${usage('coxswain', GLOBAL_FLAGS)}\n\n${COMMANDS}`, 2);
  }
  if (flags.help || !command) {
    process.stdout.write(`${usage('coxswain', GLOBAL_FLAGS)}\n\n${COMMANDS}\n`);
    if (!command && !flags.help) process.exitCode = 2;
    return;
  }
  const api = connect({
    server: String(flags.server),
    dataDir: String(flags['data-dir']),
    caFile: flags['ca-file'] as string | undefined,
    tokenFile: flags['token-file'] as string | undefined,
    insecure: flags.insecure === true,
  });
  try {
    await run(api, command, rest);
  } finally {
    api.close();
  }
}

main().catch((err: Error) => die(err.message));
