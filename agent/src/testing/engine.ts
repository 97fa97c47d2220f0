// Test support: a private Docker engine in a temporary folder, so tests never touch the host's
// engine and can run where no engine is installed as a service.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const TEST_IMAGE = 'coxswain/busybox:1';

export interface PrivateEngine {
  /** DOCKER_HOST-style URL of the engine's socket. */
  host: string;
  dir: string;
  /** Runs the docker CLI against this engine; resolves with stdout (trimmed). */
  docker(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export interface EngineOptions {
  /** Import a busybox image under TEST_IMAGE (default true). */
  image?: boolean;
  readyTimeoutMs?: number;
}

const BUSYBOX_APPLETS = ['sh', 'sleep', 'true', 'false', 'echo', 'cat', 'ls', 'ps', 'kill', 'env', 'httpd', 'wget'];

function findOnPath(program: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, program);
    if (fs.existsSync(candidate)) return candidate;
  }
  for (const dir of ['/usr/sbin', '/sbin', '/usr/bin', '/bin']) {
    const candidate = path.join(dir, program);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${program} not found on PATH; the Docker tests need it installed`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(text)) pids.push(Number(entry));
    } catch {
      /* the process ended meanwhile */
    }
  }
  return pids;
}

function mountsUnder(dir: string): string[] {
  let text = '';
  try {
    text = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const points = text
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => !!p && (p === dir || p.startsWith(dir + '/')));
  // Deepest first, so parents are not busy when their turn comes.
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

async function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

async function buildBusyboxTar(dir: string): Promise<string> {
  const rootfs = path.join(dir, 'rootfs');
  fs.mkdirSync(path.join(rootfs, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(rootfs, 'tmp'), { recursive: true });
  fs.copyFileSync(findOnPath('busybox'), path.join(rootfs, 'bin', 'busybox'));
  fs.chmodSync(path.join(rootfs, 'bin', 'busybox'), 0o755);
  for (const applet of BUSYBOX_APPLETS) fs.symlinkSync('busybox', path.join(rootfs, 'bin', applet));
  const tarball = path.join(dir, 'busybox.tar');
  await run('tar', ['-C', rootfs, '-cf', tarball, '.']);
  return tarball;
}

/** Starts dockerd with no bridge and no iptables, waits until it answers, imports the test image. */
export async function startEngine(options: EngineOptions = {}): Promise<PrivateEngine> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cxe-'));
  const sock = path.join(dir, 'docker.sock');
  const host = `unix://${sock}`;
  const logFile = fs.openSync(path.join(dir, 'dockerd.log'), 'a');
  const child = spawn(
    findOnPath('dockerd'),
    [
      '--data-root',
      path.join(dir, 'data'),
      '--exec-root',
      path.join(dir, 'exec'),
      '--pidfile',
      path.join(dir, 'dockerd.pid'),
      '-H',
      host,
      '--bridge=none',
      '--iptables=false',
      '--ip-masq=false',
      '--ip6tables=false',
    ],
    { stdio: ['ignore', logFile, logFile] },
  );
  fs.closeSync(logFile);
  const docker = async (...args: string[]) =>
    (await run('docker', ['-H', host, ...args], { maxBuffer: 16 << 20 })).stdout.trim();

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null) {
      // Containers first, while the engine can still do it cleanly.
      try {
        const ids = (await docker('ps', '-aq')).split('\n').filter(Boolean);
        if (ids.length) await docker('rm', '-f', ...ids);
      } catch {
        /* the engine may already be unusable; the sweep below covers it */
      }
      child.kill('SIGTERM');
      if (!(await waitExit(child, 20_000))) {
        child.kill('SIGKILL');
        await waitExit(child, 5_000);
      }
    }
    // Shims and container processes outlive dockerd; they name our folder in their arguments.
    for (const pid of processesMentioning(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone already */
      }
    }
    for (const mount of mountsUnder(dir)) {
      await run('umount', ['-l', mount]).catch(() => undefined);
    }
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(
          `dockerd exited with ${child.exitCode}: ${fs.readFileSync(path.join(dir, 'dockerd.log'), 'utf8').slice(-2000)}`,
        );
      }
      try {
        await docker('version', '--format', '{{.Server.Version}}');
        break;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`dockerd did not answer on ${host}: ${(err as Error).message}`);
        await sleep(200);
      }
    }
    if (options.image !== false) await docker('import', await buildBusyboxTar(dir), TEST_IMAGE);
  } catch (err) {
    await stop();
    throw err;
  }
  return { host, dir, docker, stop };
}
