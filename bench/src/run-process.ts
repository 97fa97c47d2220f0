// Child processes for the bench comparison: output captured, time bounded, and killable as a
// whole process group, because pnpm and tsc start children of their own that a plain kill of the
// direct child would leave running.

import { spawn, type ChildProcess } from 'node:child_process';

export interface RunOptions {
  cwd: string;
  /** Killed (its whole process group) after this long; the error says so. */
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Groups still running, so an interrupt of the comparison can end them too. */
const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Ends every child this module started that is still running. */
export function killRunning(): void {
  for (const child of running) killGroup(child);
}

/** The last lines of a command's output, for an error message that shows why it failed. */
const tail = (text: string, lines = 30) => text.trimEnd().split('\n').slice(-lines).join('\n');

/** Runs `command args`, resolving with its output; rejects on a non-zero exit, a signal or the timeout. */
export function runProcess(command: string, args: string[], opts: RunOptions): Promise<RunResult> {
  const shown = [command, ...args].join(' ');
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    running.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, opts.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      running.delete(child);
      reject(new Error(`could not start "${shown}" in ${opts.cwd}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code === 0) return resolve({ stdout, stderr, seconds });
      const why = timedOut
        ? `timed out after ${opts.timeoutMs / 1000} s`
        : signal
          ? `killed by ${signal}`
          : `exited with ${code}`;
      reject(new Error(`"${shown}" in ${opts.cwd} ${why}\n${tail(stdout + stderr)}`));
    });
  });
}
