import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, sleep, waitFor } from './exec';

export interface SpawnLoggedOptions {
  /** stdout and stderr of the process are appended here, so a failed test leaves evidence behind. */
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A long-lived child process whose output goes to a log file. */
export class LoggedProcess {
  readonly pid: number;
  readonly exited: Promise<ExitStatus>;
  private exitStatus: ExitStatus | undefined;

  constructor(
    private readonly child: ChildProcess,
    readonly command: string,
    readonly logFile: string,
  ) {
    if (child.pid === undefined) throw new Error(`${command} did not start (no pid)`);
    this.pid = child.pid;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        resolve(this.exitStatus);
      });
    });
  }

  get running(): boolean {
    return this.exitStatus === undefined;
  }

  get exitCode(): ExitStatus | undefined {
    return this.exitStatus;
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.running) this.child.kill(signal);
  }

  /** Asks politely, then SIGKILLs after `graceMs`; resolves once the process is gone. */
  async stop(graceMs = 5_000): Promise<ExitStatus> {
    if (!this.running) return this.exitStatus!;
    this.kill('SIGTERM');
    const timedOut = Symbol('timeout');
    const first = await Promise.race([this.exited, sleep(graceMs).then(() => timedOut)]);
    if (first !== timedOut) return first as ExitStatus;
    this.kill('SIGKILL');
    return this.exited;
  }

  /** Resolves once the process has exited, failing after `timeoutMs`. */
  async wait(timeoutMs = 30_000): Promise<ExitStatus> {
    const timedOut = Symbol('timeout');
    const first = await Promise.race([this.exited, sleep(timeoutMs).then(() => timedOut)]);
    if (first === timedOut) throw new Error(`${this.command} (pid ${this.pid}) still running after ${timeoutMs} ms`);
    return first as ExitStatus;
  }

  log(): string {
    try {
      return readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  /** Waits until the log matches `pattern`; fails early, with the log's tail, if the process exits first. */
  async waitForLog(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    return waitFor(
      `${pattern} in ${this.logFile}`,
      () => {
        const match = this.log().match(pattern);
        if (match) return match;
        if (!this.running) {
          throw new Error(`${this.command} exited (${JSON.stringify(this.exitStatus)}); log tail:\n${this.tail()}`);
        }
        return undefined;
      },
      timeoutMs,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\nlog tail:\n${this.tail()}`);
    });
  }

  tail(lines = 30): string {
    return this.log().split('\n').slice(-lines).join('\n');
  }
}

/** Starts `cmd` with its output appended to `opts.logFile`. The caller owns stopping it. */
export function spawnLogged(cmd: string, args: string[], opts: SpawnLoggedOptions): LoggedProcess {
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const out = createWriteStream(opts.logFile, { flags: 'a' });
  out.write(`# ${new Date().toISOString()} ${describe(cmd, args)}\n`);
  const child = spawn(cmd, args, {
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Registered before anything can throw, so a missing binary never becomes an unhandled 'error'.
  child.once('error', (err) => out.write(`# spawn error: ${err.message}\n`));
  child.stdout!.pipe(out, { end: false });
  child.stderr!.pipe(out, { end: false });
  const proc = new LoggedProcess(child, describe(cmd, args), opts.logFile);
  void proc.exited.then(() => out.end());
  return proc;
}
