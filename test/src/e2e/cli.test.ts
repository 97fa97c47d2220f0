// The operator CLI against a live cluster on a real engine: logs and exec relayed through the
// control plane and the replica's agent, as a user runs them (the built program, its own process).
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../hosts';
import { E2E } from './fixture';

const CLI = path.resolve(__dirname, '..', '..', '..', 'control-plane', 'dist', 'cli.js');
let e2e: E2E;

beforeAll(async () => {
  e2e = await E2E.start({ hosts: 1 });
  const manifest = `kind: Workload
name: talker
image: coxswain/busybox:1
command: [sh, -c, 'i=0; while [ $i -lt 100000 ]; do echo "line $i"; i=$((i+1)); sleep 0.2; done']
replicas: 1
network: none
resources: {cpuMillis: 100, memoryBytes: 33554432}
`;
  const applied = await cli(['apply', '-f', '-'], manifest);
  expect(applied.stdout).toBe('workload/talker created\n');
  expect((await cli(['rollout', 'status', 'talker', '--timeout', '60s'])).code).toBe(0);
  // Enough output for --tail 5 to choose from.
  await waitFor(
    'ten lines of output',
    async () => ((await cli(['logs', 'talker/0'])).stdout.split('\n').length > 10 ? true : undefined),
    20_000,
  );
});

afterAll(async () => {
  await e2e?.stop();
});

const env = () => ({
  ...process.env,
  COXSWAIN_SERVER: e2e.target,
  COXSWAIN_DATA_DIR: e2e.dbDir,
  COXSWAIN_CONFIG: path.join(e2e.dbDir, 'cli-config'),
});

function cli(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { timeout: 60_000, env: env() }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

describe('coxswain logs and exec on a real engine', () => {
  it('logs -f shows each new line within 1 s of the engine stamping it', async () => {
    const child = spawn(process.execPath, [CLI, 'logs', '-f', '--timestamps', '--tail', '1', 'talker'], { env: env() });
    const delays: number[] = [];
    let buffered = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${delays.length} lines in 15 s`)), 15_000);
        child.stdout.on('data', (chunk: Buffer) => {
          const now = Date.now();
          buffered += chunk.toString('utf8');
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          for (const l of lines) {
            const m = /^(\S+) line \d+$/.exec(l);
            if (!m) return reject(new Error(`unexpected line: ${l}`));
            delays.push(now - Date.parse(m[1]));
          }
          // The first line is the tail (old); the next ones arrive as they are printed.
          if (delays.length >= 6) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => reject(new Error(`logs -f exited with ${code}`)));
      });
    } finally {
      child.kill('SIGINT');
    }
    const fresh = delays.slice(1);
    expect(Math.max(...fresh)).toBeLessThan(1000);
  });

  it('logs --tail 5 prints exactly the last five lines, in order', async () => {
    const { code, stdout } = await cli(['logs', 'talker', '--tail', '5']);
    expect(code).toBe(0);
    const numbers = stdout
      .trim()
      .split('\n')
      .map((l) => Number(/^line (\d+)$/.exec(l)?.[1]));
    expect(numbers).toHaveLength(5);
    for (let i = 1; i < 5; i++) expect(numbers[i]).toBe(numbers[0] + i);
  });

  it("exec prints the container's hostname and exits with the command's exit code", async () => {
    const [container] = await e2e.containers(e2e.hosts[0], 'talker');
    const info = await e2e.hosts[0].docker.getContainer(container.Id).inspect();
    const r = await cli(['exec', 'talker/0', '--', 'cat', '/etc/hostname']);
    expect(r).toMatchObject({ code: 0, stdout: `${info.Config.Hostname}\n` });
    expect((await cli(['exec', 'talker/0', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'])).code).toBe(3);
    const both = await cli(['exec', 'talker', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(both).toMatchObject({ code: 3, stdout: 'out\n', stderr: 'err\n' });
    const echoed = await cli(['exec', '-i', 'talker/0', '--', 'cat'], 'hello through stdin\n');
    expect(echoed).toMatchObject({ code: 0, stdout: 'hello through stdin\n' });
  });

  it("exec of a missing binary exits non-zero with Docker's message", async () => {
    const r = await cli(['exec', 'talker/0', '--', 'no-such-binary']);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/no-such-binary.*(not found|no such file)/i);
  });

  it('logs and exec of an unknown workload or replica: NOT_FOUND naming it', async () => {
    expect((await cli(['logs', 'nope/0'])).stderr).toMatch(/NOT_FOUND: workload "nope" not found/);
    expect((await cli(['logs', 'talker/7'])).stderr).toMatch(/NOT_FOUND: replica talker\/7 not found/);
    const exec = await cli(['exec', 'talker/7', '--', 'true']);
    expect(exec.code).toBe(1);
    expect(exec.stderr).toMatch(/NOT_FOUND: replica talker\/7 not found/);
  });
});
