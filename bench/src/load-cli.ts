// The load generator as its own process, so a measurement can pin it to one CPU (taskset) apart
// from the benchmark that drives the cluster. Prints one JSON summary on its last line.
//
// Usage: node bench/dist/load-cli.js --host IP --port N [--concurrency 32] [--duration-ms 10000] [--path /] [--local-address IP]
import { closedLoop, summarize } from './load';

interface Args {
  host: string;
  port: number;
  concurrency: number;
  durationMs: number;
  path: string;
  localAddress?: string;
}

function parse(argv: string[]): Args {
  const out: Args = { host: '', port: 0, concurrency: 32, durationMs: 10_000, path: '/' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[++i] ?? '';
    if (a === '--host') out.host = v;
    else if (a === '--port') out.port = Number(v);
    else if (a === '--concurrency') out.concurrency = Number(v);
    else if (a === '--duration-ms') out.durationMs = Number(v);
    else if (a === '--path') out.path = v;
    else if (a === '--local-address') out.localAddress = v;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!out.host || !(out.port > 0)) throw new Error('--host and --port are required');
  if (!(out.concurrency >= 1 && out.concurrency <= 1000)) throw new Error('--concurrency must be 1..1000');
  if (!(out.durationMs > 0 && out.durationMs <= 120_000)) throw new Error('--duration-ms must be 1..120000');
  return out;
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const started = Date.now();
  const records = await closedLoop({ ...args, timeoutMs: 2000, maxCount: 2_000_000 });
  const seconds = (Date.now() - started) / 1000;
  const s = summarize(records);
  console.log(JSON.stringify({ ...s, seconds, rps: s.ok / seconds }));
}

main().catch((err: Error) => {
  console.error(`load: ${err.message}`);
  process.exit(2);
});
