// The control plane, an agent and the CLI as separate programs, talking TLS to 127.0.0.1: none
// of them may print a DeprecationWarning. A client that sent the IP address as the TLS server
// name (SNI) would get DEP0123 from Node on every connection; the agent makes three kinds (the
// join, the stream, the renewal) and the CLI one. The programs inherit the suite's NODE_OPTIONS
// (--throw-deprecation), so a warning would also crash them; stderr is checked either way. The
// agent has no engine behind it: joining, registering and renewing need none.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCertificate } from '@coxswain/shared';
import { freePort } from './hosts/ports';
import { waitFor } from './hosts/exec';

const ROOT = path.resolve(__dirname, '..', '..');
const CONTROL_PLANE = path.join(ROOT, 'control-plane', 'dist', 'main.js');
const CLI = path.join(ROOT, 'control-plane', 'dist', 'cli.js');
const AGENT = path.join(ROOT, 'agent', 'dist', 'main.js');

interface Program {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(main: string, args: string[]): Program {
  const child = spawn(process.execPath, [main, ...args], { env: process.env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

/** `wait`, or the program's stderr as the error as soon as it exits (a warning thrown, say). */
function whileRunning<T>(p: Program, name: string, wait: Promise<T>): Promise<T> {
  const died = p.exited.then((code) => {
    throw new Error(`${name} exited with ${code}:\n${p.stderr().slice(-4000)}`);
  });
  return Promise.race([wait, died]);
}

let dir: string;
let target: string;
let controlPlane: Program;
let agent: Program;
const cliStderr: string[] = [];

function cli(...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [CLI, '--server', target, '--data-dir', dir, ...args],
      { env: process.env, timeout: 30_000 },
      (err, stdout, stderr) => {
        cliStderr.push(stderr);
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout });
      },
    ),
  );
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-tlswarn-'));
  target = `127.0.0.1:${await freePort()}`;
  // Certificates of 4 s: the agent renews within the test.
  controlPlane = start(CONTROL_PLANE, [
    '--listen',
    target,
    '--db',
    path.join(dir, 'coxswain.db'),
    '--agent-cert-ttl',
    '4s',
  ]);
  await whileRunning(
    controlPlane,
    'control plane',
    waitFor('control plane serving', () => controlPlane.stderr().includes('control plane serving'), 20_000),
  );
});

afterAll(async () => {
  for (const p of [agent, controlPlane]) {
    if (p && p.child.exitCode === null) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('TLS to a control plane given by IP address', () => {
  it('joins, connects, renews and serves the CLI without a deprecation warning', async () => {
    const joinToken = fs.readFileSync(path.join(dir, 'join.token'), 'utf8').trim();
    agent = start(AGENT, [
      '--control-plane',
      target,
      '--name',
      'tw1',
      '--docker-host',
      'unix:///nonexistent/docker.sock',
      '--state-dir',
      path.join(dir, 'agent'),
      '--join-token',
      joinToken,
    ]);
    const ready = waitFor(
      'tw1 READY',
      async () => /\ntw1\s+READY/.test((await cli('get', 'nodes')).stdout),
      20_000,
      300,
    );
    await whileRunning(agent, 'agent', ready);

    const certFile = path.join(dir, 'agent', 'node.crt');
    const first = describeCertificate(fs.readFileSync(certFile, 'utf8')).serial;
    const renewed = waitFor(
      'a renewed certificate',
      () => describeCertificate(fs.readFileSync(certFile, 'utf8')).serial !== first,
      15_000,
      200,
    );
    await whileRunning(agent, 'agent', renewed);
    expect(agent.stderr()).toContain('certificate renewed');
    expect((await cli('get', 'nodes')).code).toBe(0);

    agent.child.kill('SIGTERM');
    controlPlane.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    expect(await controlPlane.exited).toBe(0);

    const warned = (s: string) => s.split('\n').filter((l) => /DeprecationWarning|DEP\d{4}/.test(l));
    expect(warned(agent.stderr()), 'agent').toEqual([]);
    expect(warned(controlPlane.stderr()), 'control plane').toEqual([]);
    expect(warned(cliStderr.join('\n')), 'CLI').toEqual([]);
    expect(agent.stderr()).toContain('joined the cluster');
  });
});
