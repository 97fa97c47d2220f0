// The operator CLI as a user runs it (the built program, a separate process) against a secure
// control plane with one agent; the agent has no engine, so replicas are placed but not run.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './hosts';
import { InProcessCluster } from './in-process';

const CLI = path.resolve(__dirname, '..', '..', 'control-plane', 'dist', 'cli.js');
let c: InProcessCluster;

beforeAll(async () => {
  c = await InProcessCluster.start(['--rebalance', 'off']);
  c.startAgent('c1');
  await waitFor(
    'c1 READY',
    async () => ((await c.api.call('ListNodes', {})).nodes.some((n: any) => n.state === 'READY') ? true : undefined),
    15_000,
  );
});

afterAll(async () => {
  await c?.stop();
});

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, '--server', c.target, '--data-dir', c.dir, ...args],
      { timeout: 30_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('coxswain CLI', () => {
  it('lists nodes, applies, gets, scales and deletes a workload', async () => {
    const nodes = await cli('nodes');
    expect(nodes.code).toBe(0);
    expect(nodes.stdout).toMatch(/^NAME\s+STATE/);
    expect(nodes.stdout).toMatch(/\nc1\s+READY/);

    const file = path.join(c.dir, 'web.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        name: 'web',
        image: 'coxswain/busybox:1',
        replicas: 2,
        resources: { cpuMillis: 100, memoryBytes: '33554432' },
      }),
    );
    const applied = await cli('apply', '-f', file);
    expect(applied.stdout).toContain('workload/web applied: generation 1');

    const listed = await cli('workloads');
    expect(listed.stdout).toMatch(/\nweb\s+1\s+0\/2\s+0\s+coxswain\/busybox:1/);
    const got = JSON.parse((await cli('get', 'web')).stdout);
    expect(got.status.replicas.map((r: any) => r.node)).toEqual(['c1', 'c1']);

    expect((await cli('scale', 'web', '3')).stdout).toContain('scaled to 3');
    expect((await cli('rebalance', '--dry-run')).stdout).toContain('nothing to move');
    expect((await cli('cordon', 'c1')).stdout).toContain('node/c1 cordoned');
    expect((await cli('nodes')).stdout).toMatch(/c1\s+READY,Cordoned/);
    expect((await cli('delete', 'web')).stdout).toContain('workload/web deleted');
  });

  it('reports API errors with their status and the field, and bad usage with exit code 2', async () => {
    const bad = await cli('scale', 'web', '-1');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/INVALID_ARGUMENT: replicas: must not be negative/);
    expect((await cli('get', 'nope')).stderr).toMatch(/NOT_FOUND/);
    expect((await cli('frobnicate')).code).toBe(2);
    const noToken = await new Promise<number>((resolve) =>
      execFile(
        process.execPath,
        [CLI, '--server', c.target, '--data-dir', path.join(c.dir, 'missing'), 'nodes'],
        (err) => resolve(err ? Number(err.code) : 0),
      ),
    );
    expect(noToken).toBe(1);
  });

  it('runs the simulator as a subcommand', async () => {
    fs.writeFileSync(path.join(c.dir, 'n.csv'), 'name,cpu_milli,memory_mib\nh1,1000,1024\nh2,1000,1024\n');
    fs.writeFileSync(path.join(c.dir, 'p.csv'), 'name,cpu_milli,memory_mib\na,400,10\nb,400,10\nc,400,10\n');
    const r = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [CLI, 'simulate', '--nodes', path.join(c.dir, 'n.csv'), '--workloads', path.join(c.dir, 'p.csv'), '--json'],
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      ),
    );
    const summary = JSON.parse(r.trim().split('\n').pop()!);
    expect(summary).toMatchObject({ placed: 3, unplaced: 0, nodesUsed: 2 });
  });
});
