// The command tree of `coxswain`, with kubectl's habits: verbs and resources (`get workloads`),
// flags anywhere, `-o wide|json|yaml|name`, manifests by `-f`. Each verb's work lives in its own
// module; this file only declares the commands and wires them to a connection.
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseDuration, type EndpointSet, type EventMsg, type NodeMsg, type WorkloadMsg } from '@coxswain/shared';
import { applyDocs, deleteDocs, diffDocs } from './apply';
import { completionScript } from './completion';
import { addConfigCommands } from './config-commands';
import { connect, type Api } from './connect';
import { configPath, loadConfig, resolveConnection } from './contexts';
import type { ConnectionFlags } from './contexts';
import { describeNode, describeWorkload } from './describe';
import { CliError, usageError } from './errors';
import { showEvents } from './events';
import {
  endpointsTable,
  nodeObject,
  nodesTable,
  OUTPUT_FORMATS,
  structured,
  table,
  workloadObject,
  workloadsTable,
} from './format';
import type { OutputFormat } from './format';
import { loadManifests } from './manifest';
import { rolloutHistory, rolloutPause, rolloutStatus, rolloutUndo } from './rollout';
import { parseReplicaRef, runExec, streamLogs } from './streams';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Reads all of stdin, for `-f -`. */
  stdin?: () => string;
}

const whole =
  (what: string, min = 0) =>
  (v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < min) throw new InvalidArgumentError(`${what} must be a whole number >= ${min}`);
    return Number(v);
  };

const duration = (v: string, what: string) => {
  try {
    return parseDuration(v, what);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
};

/** Resource names as kubectl accepts them: plural, singular, short. */
const RESOURCES: Record<string, 'workloads' | 'nodes' | 'endpoints'> = {
  endpoints: 'endpoints',
  endpoint: 'endpoints',
  ep: 'endpoints',
  workloads: 'workloads',
  workload: 'workloads',
  wl: 'workloads',
  nodes: 'nodes',
  node: 'nodes',
  no: 'nodes',
};
/** Resources whose server side arrives with a later version. */
const LATER = new Set(['namespaces', 'namespace', 'ns', 'tokens', 'secrets']);

function resource(word: string): 'workloads' | 'nodes' | 'endpoints' {
  const r = RESOURCES[word];
  if (r) return r;
  if (LATER.has(word)) throw new CliError(`"${word}" is not supported by this version of Coxswain`);
  throw usageError(`unknown resource "${word}": use workloads, nodes or endpoints`);
}

const outputOption = () =>
  new Option('-o, --output <format>', 'output format: wide, json, yaml or name').choices(OUTPUT_FORMATS);

export function buildProgram(io: CliIo): Command {
  const program = new Command('coxswain');
  program
    .description('Operate a Coxswain cluster: workloads, nodes, logs, exec.')
    .addOption(new Option('--server <host:port>', 'control plane (default 127.0.0.1:7070)').env('COXSWAIN_SERVER'))
    .addOption(
      new Option('--data-dir <dir>', "the control plane's data folder: ca.crt and admin.token (default ./data)").env(
        'COXSWAIN_DATA_DIR',
      ),
    )
    .addOption(new Option('--ca-file <file>', 'cluster CA (default DATA-DIR/ca.crt)').env('COXSWAIN_CA_FILE'))
    .addOption(
      new Option('--token-file <file>', 'bearer token (default DATA-DIR/admin.token)').env('COXSWAIN_TOKEN_FILE'),
    )
    .addOption(
      new Option('--insecure', 'plaintext, no token (a control plane run with --insecure)').env('COXSWAIN_INSECURE'),
    )
    .addOption(new Option('--context <name>', 'use this context of the config file').env('COXSWAIN_CONTEXT'))
    .showHelpAfterError('(run with --help for usage)')
    // Set before any command is added: commands copy these settings when they are created.
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      outputError: (s, write) => write(`coxswain: ${s.replace(/^error: /, '')}`),
    });

  const file = configPath();
  const connectionFlags = () => {
    const o = program.opts<ConnectionFlags>();
    return { ...o, insecure: o.insecure === undefined ? undefined : Boolean(o.insecure) };
  };
  const withApi =
    <A extends unknown[]>(fn: (api: Api, ...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      const api = connect(resolveConnection(connectionFlags(), loadConfig(file), file));
      try {
        await fn(api, ...args);
      } finally {
        api.close();
      }
    };

  program
    .command('get')
    .description('list workloads or nodes (one by NAME)')
    .argument('<resource>', 'workloads | nodes')
    .argument('[name]', 'only this one')
    .addOption(outputOption())
    .action(
      withApi(async (api, word: string, name: string | undefined, o: { output?: OutputFormat }) => {
        const kind = resource(word);
        const format = o.output ?? 'table';
        if (kind === 'endpoints') {
          if (!name) throw usageError('usage: coxswain get endpoints NAME (the workload)');
          const set = await api.call<EndpointSet>('ListEndpoints', { name });
          if (format === 'json' || format === 'yaml')
            io.out(structured([{ kind: 'EndpointSet', workload: name, ...set }], format, true));
          else if (format === 'name') io.out(set.endpoints.map((e) => `${e.address}:${e.port}\n`).join(''));
          else
            io.out(set.endpoints.length ? endpointsTable(set.endpoints) : `No ready endpoints of workload/${name}.\n`);
          return;
        }
        if (kind === 'workloads') {
          const list = name
            ? [await api.call<WorkloadMsg>('GetWorkload', { name })]
            : (await api.call<{ workloads: WorkloadMsg[] }>('ListWorkloads', {})).workloads;
          if (format === 'json' || format === 'yaml') io.out(structured(list.map(workloadObject), format, !!name));
          else if (format === 'name') io.out(list.map((w) => `workload/${w.spec.name}\n`).join(''));
          else io.out(list.length || name ? workloadsTable(list, format === 'wide') : 'No workloads.\n');
          return;
        }
        let nodes = (await api.call<{ nodes: NodeMsg[] }>('ListNodes', {})).nodes;
        if (name) {
          nodes = nodes.filter((n) => n.name === name);
          if (nodes.length === 0) throw new CliError(`NOT_FOUND: node "${name}" not found`);
        }
        if (format === 'json' || format === 'yaml') io.out(structured(nodes.map(nodeObject), format, !!name));
        else if (format === 'name') io.out(nodes.map((n) => `node/${n.name}\n`).join(''));
        else io.out(nodes.length ? nodesTable(nodes, Date.now(), format === 'wide') : 'No nodes.\n');
      }),
    );

  program
    .command('describe')
    .description('a workload or a node in full: spec, replicas, why PENDING, recent events')
    .argument('<kind>', 'workload | node')
    .argument('<name>')
    .action(
      withApi(async (api, word: string, name: string) => {
        const events = async (filter: object) =>
          (await api.call<{ events: EventMsg[] }>('ListEvents', { ...filter, limit: 20 })).events;
        const kind = resource(word);
        if (kind === 'endpoints')
          throw usageError('describe takes workload or node; coxswain get endpoints NAME lists endpoints');
        if (kind === 'workloads') {
          const w = await api.call<WorkloadMsg>('GetWorkload', { name });
          io.out(describeWorkload(w, await events({ workload: name })));
          return;
        }
        const node = (await api.call<{ nodes: NodeMsg[] }>('ListNodes', {})).nodes.find((n) => n.name === name);
        if (!node) throw new CliError(`NOT_FOUND: node "${name}" not found`);
        const { workloads } = await api.call<{ workloads: WorkloadMsg[] }>('ListWorkloads', {});
        io.out(describeNode(node, workloads, await events({ node: name })));
      }),
    );

  const manifestOptions = (c: Command) =>
    c
      .requiredOption('-f, --filename <file...>', 'a file, a folder of .yaml/.yml/.json files, or - for stdin')
      .option('-R, --recursive', 'also the folders inside a folder');
  type FileOpts = { filename: string[]; recursive?: boolean };
  const docs = (o: FileOpts) => loadManifests(o.filename, !!o.recursive, io.stdin);

  manifestOptions(program.command('apply'))
    .description('create or update the workloads of YAML or JSON manifests, all checked before any is applied')
    .option('--dry-run', 'only check them with the server and say what would happen')
    .action(withApi((api, o: FileOpts & { dryRun?: boolean }) => applyDocs(api, docs(o), io.out, !!o.dryRun)));

  manifestOptions(program.command('diff'))
    .description('what apply would change, as a unified diff (exit code 1 when something differs); changes nothing')
    .action(
      withApi(async (api, o: FileOpts) => {
        if (await diffDocs(api, docs(o), io.out)) process.exitCode = 1;
      }),
    );

  program
    .command('delete')
    .description('delete a workload (its containers are stopped and removed), those of -f, or a DOWN node')
    .argument('[kind]', 'workload | node')
    .argument('[name]')
    .option('-f, --filename <file...>', 'the workloads of these manifests')
    .option('-R, --recursive', 'also the folders inside a folder')
    .action(
      withApi(async (api, word: string | undefined, name: string | undefined, o: Partial<FileOpts>) => {
        if (o.filename) {
          if (word) throw usageError('delete takes either -f or KIND NAME, not both');
          return deleteDocs(api, docs(o as FileOpts), io.out);
        }
        if (!word || !name) throw usageError('usage: coxswain delete workload NAME | node NAME | -f FILE');
        const kind = resource(word);
        if (kind === 'endpoints') throw usageError('endpoints are not deleted: they follow the ready replicas');
        if (kind === 'nodes') {
          await api.call('RemoveNode', { name });
          return io.out(`node/${name} removed\n`);
        }
        await api.call('DeleteWorkload', { name });
        io.out(`workload/${name} deleted\n`);
      }),
    );

  program
    .command('scale')
    .description('set the replica count of a workload')
    .argument('<name>')
    // Any whole number: the server is the one judge of a count (and names the field when it refuses).
    .argument('<replicas>', 'the new count', (v: string) => {
      if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError('replicas must be a whole number');
      return Number(v);
    })
    .action(
      withApi(async (api, name: string, replicas: number) => {
        const w = await api.call<WorkloadMsg>('ScaleWorkload', { name, replicas });
        io.out(`workload/${name} scaled to ${w.status.desired}\n`);
      }),
    );

  const rollout = program.command('rollout').description("a workload's rollouts: progress, history, undo, pause");
  rollout
    .command('status')
    .description('wait until the rollout is complete; exit 1 when it failed or stalled')
    .argument('<name>')
    .option(
      '--timeout <duration>',
      'give up after this long (e.g. 30s, 5m)',
      (v: string) => duration(v, '--timeout'),
      300_000,
    )
    .action(withApi((api, name: string, o: { timeout: number }) => rolloutStatus(api, name, o.timeout, io.out)));
  rollout
    .command('history')
    .description('the kept generations with their time and cause')
    .argument('<name>')
    .option('--generation <n>', "show that generation's spec as YAML", whole('--generation', 1))
    .action(
      withApi((api, name: string, o: { generation?: number }) => rolloutHistory(api, name, o.generation, io.out)),
    );
  rollout
    .command('undo')
    .description("roll back to the previous generation's spec (or the one named), as a new generation")
    .argument('<name>')
    .option('--to-generation <n>', 'the generation to return to', whole('--to-generation', 1))
    .action(
      withApi((api, name: string, o: { toGeneration?: number }) => rolloutUndo(api, name, o.toGeneration, io.out)),
    );
  for (const [verb, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const)
    rollout
      .command(verb)
      .description(paused ? 'take no further rollout steps (update.paused)' : 'let a paused rollout go on')
      .argument('<name>')
      .action(withApi((api, name: string) => rolloutPause(api, name, paused, io.out)));

  program
    .command('logs')
    .description("a replica's container output, through its agent (NAME picks a running replica)")
    .argument('<replica>', 'NAME or NAME/REPLICA')
    .option('-f, --follow', 'keep streaming new output')
    .option('--tail <lines>', 'only the last lines', whole('--tail', 1))
    .option('--timestamps', "prefix each line with the engine's time")
    .action(
      withApi((api, ref: string, o: { follow?: boolean; tail?: number; timestamps?: boolean }) =>
        streamLogs(api, parseReplicaRef(ref), { follow: !!o.follow, tail: o.tail, timestamps: !!o.timestamps }),
      ),
    );

  program
    .command('exec')
    .description("run a command in a replica's container: coxswain exec web/0 [-it] -- COMMAND...")
    .argument('<replica>', 'NAME or NAME/REPLICA')
    .argument('[command...]', 'the command and its arguments, after --')
    .option('-i, --stdin', "send this terminal's input to the command")
    .option('-t, --tty', 'allocate a terminal')
    .action(
      withApi(async (api, ref: string, command: string[], o: { stdin?: boolean; tty?: boolean }) => {
        process.exitCode = await runExec(api, parseReplicaRef(ref), { command, stdin: !!o.stdin, tty: !!o.tty });
      }),
    );

  program
    .command('events')
    .description('recent cluster events; with -w, then new ones until Ctrl-C')
    .option('-w, --watch', 'keep streaming new events')
    .option('--workload <name>', 'only this workload')
    .option('--node <name>', 'only this node')
    .option('--limit <n>', 'how many recent events (default 50)', whole('--limit', 1), 50)
    .addOption(new Option('-o, --output <format>', 'json: one event per line').choices(['json']))
    .action(
      withApi((api, o: { watch?: boolean; workload?: string; node?: string; limit: number; output?: string }) =>
        showEvents(api, { ...o, watch: !!o.watch, json: o.output === 'json' }),
      ),
    );

  const nodeVerb = (verb: 'cordon' | 'uncordon' | 'drain', method: string, description: string, done: string) =>
    program
      .command(verb)
      .description(description)
      .argument('<node>')
      .action(
        withApi(async (api, node: string) => {
          await api.call(method, { name: node });
          io.out(`node/${node} ${done}\n`);
        }),
      );
  nodeVerb('cordon', 'CordonNode', 'place nothing new on a node', 'cordoned');
  nodeVerb('uncordon', 'UncordonNode', 'end a cordon or a drain', 'uncordoned');
  nodeVerb(
    'drain',
    'DrainNode',
    'move every replica off a node, start-before-stop',
    'draining: its replicas move off, start-before-stop',
  );

  program
    .command('rebalance')
    .description('start (or with --dry-run only show) the moves that spread and compact')
    .option('--dry-run', 'only show the moves')
    .action(
      withApi(async (api, o: { dryRun?: boolean }) => {
        type Move = { workload: string; replica: number; fromNode: string; toNode: string; reason: string };
        const { moves } = await api.call<{ moves: Move[] }>('Rebalance', { dryRun: !!o.dryRun });
        if (moves.length === 0) return io.out('nothing to move\n');
        io.out(
          table(
            ['WORKLOAD', 'REPLICA', 'FROM', 'TO', 'WHY'],
            moves.map((m) => [m.workload, String(m.replica), m.fromNode, m.toNode, m.reason]),
          ),
        );
      }),
    );

  program
    .command('rotate-join-token')
    .description('issue a new join token for agents; the old one admits no new agent')
    .action(
      withApi(async (api) => io.out(`${(await api.call<{ joinToken: string }>('RotateJoinToken', {})).joinToken}\n`)),
    );

  program
    .command('simulate')
    .description(
      'capacity planning with the production scheduler: --nodes N.csv --workloads P.csv [--json] [--plan] [--batch] [--make-room on|off]',
    );

  addConfigCommands(program, file, io.out);

  program
    .command('completion')
    .description('a shell completion script: eval "$(coxswain completion bash)"')
    .addArgument(new Command().createArgument('<shell>', 'bash | zsh').choices(['bash', 'zsh']))
    .action((shell: 'bash' | 'zsh') => io.out(completionScript(program, shell)));

  return program;
}
