// One process of simulated agents for the scale bench, driven over stdin by the bench: a process
// of its own so that the bench can spread agents over several and pin them apart from the
// control plane (taskset). Commands, one per line:
//   join    start the agents, at most --join-rate a second
//   phase P tag the heartbeat acks that follow with phase P
//   silence N  the first N agents go silent at once (no heartbeat, report or ack from then on)
//   report  print one JSON line: counts and every ack round trip per phase
//   stop    close the agents and exit
//
// Usage: node bench/dist/scale/fleet-cli.js --target HOST:PORT --token-file F --dir D
//          --prefix P --count N [--join-rate R]
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { SimAgent } from './sim-agent';

interface Args {
  target: string;
  tokenFile: string;
  dir: string;
  prefix: string;
  count: number;
  joinRate: number;
}

function parse(argv: string[]): Args {
  const out: Args = { target: '', tokenFile: '', dir: '', prefix: 'sim', count: 0, joinRate: 50 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[++i] ?? '';
    if (a === '--target') out.target = v;
    else if (a === '--token-file') out.tokenFile = v;
    else if (a === '--dir') out.dir = v;
    else if (a === '--prefix') out.prefix = v;
    else if (a === '--count') out.count = Number(v);
    else if (a === '--join-rate') out.joinRate = Number(v);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!out.target || !out.tokenFile || !out.dir) throw new Error('--target, --token-file and --dir are required');
  if (!(out.count >= 1 && out.count <= 5000)) throw new Error('--count must be 1..5000');
  if (!(out.joinRate >= 1 && out.joinRate <= 1000)) throw new Error('--join-rate must be 1..1000');
  return out;
}

const args = parse(process.argv.slice(2));
const token = fs.readFileSync(args.tokenFile, 'utf8').trim();
const acks = new Map<string, number[]>();
let phase = 'join';
const agents: SimAgent[] = [];
let joinErrors = 0;
let lastJoinError = '';

async function join(): Promise<void> {
  const gapMs = 1000 / args.joinRate;
  const started = Date.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < args.count; i++) {
    await new Promise((r) => setTimeout(r, Math.max(0, started + i * gapMs - Date.now())));
    const name = `${args.prefix}-${i}`;
    const agent = new SimAgent({
      target: args.target,
      name,
      joinToken: token,
      stateDir: path.join(args.dir, name),
      capacity: { cpuMillis: 8000, memoryBytes: 16 * 2 ** 30 },
      onAck: (rtt) => {
        let list = acks.get(phase);
        if (!list) acks.set(phase, (list = []));
        list.push(rtt);
      },
    });
    agents.push(agent);
    pending.push(
      agent.start().catch((err: Error) => {
        joinErrors++;
        lastJoinError = err.message;
      }),
    );
  }
  await Promise.all(pending);
}

function report(): void {
  const sum = (f: (a: SimAgent) => number) => agents.reduce((n, a) => n + f(a), 0);
  const cpu = process.cpuUsage();
  console.log(
    JSON.stringify({
      joined: agents.filter((a) => a.registered).length,
      joinErrors,
      lastJoinError,
      running: sum((a) => a.running),
      commands: sum((a) => a.commands),
      stops: sum((a) => a.stops),
      leaseExpiries: sum((a) => a.leaseExpiries),
      disconnects: sum((a) => a.disconnects),
      cpuMs: (cpu.user + cpu.system) / 1000,
      acks: Object.fromEntries(acks),
    }),
  );
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, value] = line.trim().split(/\s+/);
  if (cmd === 'join') void join();
  else if (cmd === 'phase' && value) phase = value;
  else if (cmd === 'report') report();
  // What the failover poll asks several times a second: the full report carries every ack time.
  else if (cmd === 'running') console.log(JSON.stringify({ running: agents.reduce((n, a) => n + a.running, 0) }));
  else if (cmd === 'silence' && value) for (const a of agents.slice(0, Number(value))) a.silence();
  else if (cmd === 'stop') {
    for (const a of agents) a.close();
    process.exit(0);
  }
});
// The bench gone (its stdin closed): nothing here outlives it.
process.stdin.on('end', () => process.exit(0));
