import { execFile } from 'node:child_process';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Give up (SIGKILL) after this many milliseconds; commands here must never hang a test run. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Runs a command and resolves with its exit code and output, whatever the code. */
export function tryRun(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      {
        timeout: opts.timeoutMs ?? 30_000,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
        env: opts.env,
        cwd: opts.cwd,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (!err) return resolve({ code: 0, stdout, stderr });
        const e = err as NodeJS.ErrnoException & { code?: unknown; killed?: boolean };
        // A missing binary is a setup problem, not a command result: surface it loudly.
        if (typeof e.code === 'string') {
          return reject(new Error(`cannot run ${describe(cmd, args)}: ${e.message}`));
        }
        if (e.killed) {
          return reject(
            new Error(
              `${describe(cmd, args)} timed out after ${opts.timeoutMs ?? 30_000} ms; stderr: ${stderr.trim()}`,
            ),
          );
        }
        resolve({ code: typeof e.code === 'number' ? e.code : 1, stdout, stderr });
      },
    );
  });
}

/** Runs a command and fails with its output in the message when it exits non-zero. */
export async function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const res = await tryRun(cmd, args, opts);
  if (res.code !== 0) {
    throw new Error(
      `${describe(cmd, args)} exited with ${res.code}: ${(res.stderr || res.stdout).trim().slice(0, 2000)}`,
    );
  }
  return res;
}

export function describe(cmd: string, args: string[]): string {
  return [cmd, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? `: last error: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(intervalMs);
  }
}
