// `coxswain rollout history|undo|pause|resume|status` as a user runs them (the built program, a
// separate process) against an in-process control plane without agents: replicas stay PENDING,
// so the history, the rolled-back specs and the paused flag are what is checked here; rollouts
// on real engines are in e2e/rollout.test.ts.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessCluster } from './in-process';

const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO, 'control-plane', 'dist', 'cli.js');
let c: InProcessCluster;

beforeAll(async () => {
  c = await InProcessCluster.start(['--rebalance', 'off']);
});

afterAll(async () => {
  await c?.stop();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], stdin = ''): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args, '--server', c.target, '--data-dir', c.dir],
      { timeout: 30_000, cwd: REPO, env: { ...process.env, COXSWAIN_CONFIG: path.join(c.dir, 'cli-config') } },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

const manifest = (sleep: string) =>
  `name: web\nimage: coxswain/busybox:1\ncommand: [sleep, "${sleep}"]\nreplicas: 2\n` +
  'resources: {cpuMillis: 100, memoryBytes: 67108864}\n';

describe('coxswain rollout', () => {
  it('lists the history, shows one generation as YAML, undoes to the previous or a named one', async () => {
    expect((await cli(['apply', '-f', '-'], manifest('100'))).code).toBe(0);
    expect((await cli(['apply', '-f', '-'], manifest('200'))).code).toBe(0);

    const history = await cli(['rollout', 'history', 'web']);
    expect(history.stderr).toBe('');
    const lines = history.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^GENERATION\s+TIME\s+CAUSE$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).filter((_, i) => i !== 1))).toEqual([
      ['1', 'apply'],
      ['2', 'apply'],
    ]);

    const one = await cli(['rollout', 'history', 'web', '--generation', '1']);
    expect(one.stdout).toMatch(
      /^kind: Workload\nname: web\nimage: coxswain\/busybox:1\ncommand:\n {2}- sleep\n {2}- "100"\n/,
    );
    const missing = await cli(['rollout', 'history', 'web', '--generation', '7']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no generation 7/);

    const undo = await cli(['rollout', 'undo', 'web']);
    expect(undo.stdout).toBe('workload/web rolled back: generation 3\n');
    expect((await c.api.call('GetWorkload', { name: 'web' })).spec.command).toEqual(['sleep', '100']);
    const to2 = await cli(['rollout', 'undo', 'web', '--to-generation', '2']);
    expect(to2.stdout).toBe('workload/web rolled back: generation 4\n');
    expect((await c.api.call('GetWorkload', { name: 'web' })).spec.command).toEqual(['sleep', '200']);
    const bad = await cli(['rollout', 'undo', 'web', '--to-generation', '99']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/NOT_FOUND.*generation 99/);
    expect((await cli(['rollout', 'history', 'web'])).stdout).toMatch(/\n4\s+\S+\s+rollback to 2\n$/);
  });

  it('pauses and resumes without a new generation; status waits while paused and gives up in time', async () => {
    const paused = await cli(['rollout', 'pause', 'web']);
    expect(paused.stdout).toBe('workload/web paused\n');
    const w = await c.api.call('GetWorkload', { name: 'web' });
    expect(w.generation).toBe(4);
    expect(w.spec.update.paused).toBe(true);
    expect(w.status.rollout.state).toBe('paused');

    const status = await cli(['rollout', 'status', 'web', '--timeout', '1s']);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/^waiting for workload\/web: paused: 0 of 2 replicas ready on generation 4/);
    expect(status.stderr).toMatch(/not rolled out in time/);

    expect((await cli(['rollout', 'resume', 'web'])).stdout).toBe('workload/web resumed\n');
    const after = await c.api.call('GetWorkload', { name: 'web' });
    expect(after.generation).toBe(4);
    expect(after.spec.update.paused).toBe(false);
    expect(after.status.rollout.state).toBe('progressing');
  });
});
