// The bench's side of a fleet process (fleet-cli): commands down its stdin, one JSON report per
// line up its stdout.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import readline from 'node:readline';

export interface FleetReport {
  joined: number;
  joinErrors: number;
  lastJoinError: string;
  running: number;
  commands: number;
  stops: number;
  leaseExpiries: number;
  disconnects: number;
  cpuMs: number;
  acks: Record<string, number[]>;
}

export class Fleet {
  private readonly lines: string[] = [];
  private waiting: ((line: string) => void)[] = [];
  constructor(readonly child: ChildProcessWithoutNullStreams) {
    readline.createInterface({ input: child.stdout }).on('line', (l) => {
      const w = this.waiting.shift();
      if (w) w(l);
      else this.lines.push(l);
    });
    child.stderr.on('data', (d: Buffer) => process.stderr.write(`fleet: ${d.toString()}`));
  }
  send(cmd: string): void {
    this.child.stdin.write(`${cmd}\n`);
  }
  report(): Promise<FleetReport> {
    return this.ask<FleetReport>('report');
  }
  /** How many containers its agents run, without the rest of the report. */
  async running(): Promise<number> {
    return (await this.ask<{ running: number }>('running')).running;
  }
  private ask<T>(cmd: string): Promise<T> {
    this.send(cmd);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fleet did not answer ${cmd} within 30 s`)), 30_000);
      this.waiting.push((l) => {
        clearTimeout(timer);
        resolve(JSON.parse(l) as T);
      });
    });
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function sum(fleets: Fleet[]): Promise<FleetReport> {
  const reports = await Promise.all(fleets.map((f) => f.report()));
  const acks: Record<string, number[]> = {};
  for (const r of reports) for (const [p, xs] of Object.entries(r.acks)) (acks[p] ??= []).push(...xs);
  const add = (k: keyof FleetReport) => reports.reduce((n, r) => n + (r[k] as number), 0);
  return {
    joined: add('joined'),
    joinErrors: add('joinErrors'),
    lastJoinError: reports.map((r) => r.lastJoinError).find(Boolean) ?? '',
    running: add('running'),
    commands: add('commands'),
    stops: add('stops'),
    leaseExpiries: add('leaseExpiries'),
    disconnects: add('disconnects'),
    cpuMs: add('cpuMs'),
    acks,
  };
}
