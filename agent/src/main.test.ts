// The built program as a process: flags, exit codes, and a clean exit on SIGTERM. Needs the
// package built first (the workspace's test script builds before testing).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeGateway } from './testing/index';

const MAIN = path.resolve(__dirname, '..', 'dist', 'main.js');

function runAgent(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [MAIN, ...args], {
    // Only these, so that no COXSWAIN_* of the caller leaks in; NODE_OPTIONS carries the suite's
    // --throw-deprecation.
    env: { PATH: process.env.PATH, NODE_OPTIONS: process.env.NODE_OPTIONS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe.skipIf(!fs.existsSync(MAIN))('coxswain-agent program', () => {
  const gateway = new FakeGateway();
  afterAll(() => gateway.kill());

  it('prints usage for --help and exits 0', async () => {
    const p = runAgent(['--help']);
    expect(await p.exited).toBe(0);
    expect(p.out()).toContain('--control-plane');
    expect(p.out()).toContain('COXSWAIN_HEARTBEAT_INTERVAL');
  });

  it.each([[['--bogus']], [[]], [['--control-plane', 'x:1', '--heartbeat-interval', 'never']]])(
    'exits 2 with a message for %j',
    async (args) => {
      const p = runAgent(args);
      expect(await p.exited).toBe(2);
      expect(p.err()).toMatch(/^coxswain-agent: .+/);
    },
  );

  it('exits 1 saying what to do when it has neither a join token nor a certificate', async () => {
    const p = runAgent(['--control-plane', '127.0.0.1:1', '--name', 'p0', '--state-dir', '/nonexistent/state']);
    expect(await p.exited).toBe(1);
    expect(p.err()).toMatch(/no join token and no certificate in \/nonexistent\/state.*--join-token/);
  });

  it('registers from environment flags and exits 0 on SIGTERM', async () => {
    await gateway.listen();
    const p = runAgent([], {
      COXSWAIN_CONTROL_PLANE: `127.0.0.1:${gateway.port}`,
      COXSWAIN_NAME: 'proc-1',
      // No engine behind this socket: the agent must still come up and talk to the control plane.
      COXSWAIN_DOCKER_HOST: 'unix:///nonexistent/docker.sock',
      // The fake gateway speaks plaintext.
      COXSWAIN_INSECURE: 'true',
    });
    const stream = await gateway.stream(0);
    const reg = await stream.next((m) => m.msg === 'register');
    expect((reg.register as { name: string }).name).toBe('proc-1');
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    // Logs are JSON lines on stderr carrying the node's name.
    const lines = p
      .err()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { node?: string; msg: string });
    expect(lines.some((l) => l.node === 'proc-1' && l.msg === 'agent started')).toBe(true);
  });
});
