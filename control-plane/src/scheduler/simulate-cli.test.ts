import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '..', '..', 'dist', 'simulate.js');

describe('simulate CLI (built)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'coxswain-sim-'));
    await writeFile(
      path.join(dir, 'nodes.csv'),
      'sn,cpu_milli,memory_mib,gpu\nn1,4000,8192,0\nn2,4000,8192,0\nn3,2000,4096,0\n',
    );
    await writeFile(
      path.join(dir, 'pods.csv'),
      'name,cpu_milli,memory_mib,qos\np1,2000,1024,LS\np2,2000,1024,LS\np3,1000,512,BE\np4,9000,512,BE\n',
    );
    await writeFile(path.join(dir, 'bad.csv'), 'name,cpu_milli\nx,1\n');
    await writeFile(
      path.join(dir, 'zoned.csv'),
      'name,cpu_milli,memory_mib,labels\nz2,4000,8192,zone=b;disk=ssd\nz1,4000,8192,zone=a\nz3,4000,8192,\n',
    );
    await writeFile(
      path.join(dir, 'spread.csv'),
      'name,cpu_milli,memory_mib,replicas,constraints\nweb,100,64,3,\nb-only,100,64,,node.labels.zone == b\nnot-a,100,64,2,node.labels.zone != a\nnowhere,100,64,1,node.labels.zone == c;node.name != z1\n',
    );
    await writeFile(path.join(dir, 'bad-labels.csv'), 'name,cpu_milli,memory_mib,labels\nz1,1000,1024,zone\n');
    await writeFile(path.join(dir, 'bad-constraint.csv'), 'name,cpu_milli,memory_mib,constraints\np,1,1,zone == a\n');
    // Three 100m hosts; the fourth pod fits no used host, but moving "small" into big's gap makes room.
    await writeFile(path.join(dir, 'bins.csv'), 'name,cpu_milli,memory_mib\nb1,100,64\nb2,100,64\nb3,100,64\n');
    await writeFile(path.join(dir, 'items.csv'), 'name,cpu_milli,memory_mib\na,60,1\nsmall,15,1\nbig,80,1\nd,40,1\n');
    await writeFile(path.join(dir, 'bad-replicas.csv'), 'name,cpu_milli,memory_mib,replicas\np,1,1,1.5\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a JSON summary on the last line', async () => {
    const { stdout } = await run(process.execPath, [
      CLI,
      '--nodes',
      path.join(dir, 'nodes.csv'),
      '--workloads',
      path.join(dir, 'pods.csv'),
      '--json',
    ]);
    const lines = stdout.trim().split('\n');
    const summary = JSON.parse(lines[lines.length - 1]);
    expect(summary).toMatchObject({ placed: 3, unplaced: 1, nodesUsed: 2 });
    expect(typeof summary.seconds).toBe('number');
    expect(summary).toHaveProperty('placementsPerSecond');
    expect(stdout).toContain('insufficient cpu');
  });

  it('supports batch mode', async () => {
    const { stdout } = await run(process.execPath, [
      CLI,
      '--nodes',
      path.join(dir, 'nodes.csv'),
      '--workloads',
      path.join(dir, 'pods.csv'),
      '--json',
      '--batch',
    ]);
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toMatchObject({ placed: 3, unplaced: 1, mode: 'batch' });
  });

  it('reads labels, constraints and replica counts, and lists every replica with --plan', async () => {
    const { stdout } = await run(process.execPath, [
      CLI,
      '--nodes',
      path.join(dir, 'zoned.csv'),
      '--workloads',
      path.join(dir, 'spread.csv'),
      '--plan',
    ]);
    const plan = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(plan).toMatchObject({ workloads: 4, replicas: 7, placed: 6, unplaced: 1 });
    const at = (w: string) =>
      plan.placements
        .filter((p: any) => p.workload === w)
        .map((p: any) => p.node)
        .sort();
    expect(at('web')).toEqual(['z1', 'z2', 'z3']);
    expect(plan.placements.filter((p: any) => p.workload === 'web').map((p: any) => p.replica)).toEqual([0, 1, 2]);
    expect(at('b-only')).toEqual(['z2']);
    expect(at('not-a')).toEqual(['z2', 'z3']);
    expect(plan.pending).toEqual([
      { workload: 'nowhere', replica: 0, reason: '0/3 nodes available: 3 constraint node.labels.zone == c' },
    ]);
  });

  it('moves a placed pod to make room instead of opening a host, unless --make-room off', async () => {
    const args = [CLI, '--nodes', path.join(dir, 'bins.csv'), '--workloads', path.join(dir, 'items.csv'), '--plan'];
    const moved = JSON.parse((await run(process.execPath, args)).stdout.trim().split('\n').pop()!);
    expect(moved).toMatchObject({ placed: 4, nodesUsed: 2, moves: 1 });
    expect(moved.moved).toEqual([{ workload: 'small', replica: 0, from: 'b1', to: 'b2' }]);
    const still = JSON.parse(
      (await run(process.execPath, [...args, '--make-room', 'off'])).stdout.trim().split('\n').pop()!,
    );
    expect(still).toMatchObject({ placed: 4, nodesUsed: 3, moves: 0, moved: [] });
    await expect(run(process.execPath, [...args, '--make-room', 'maybe'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--make-room'),
    });
  });

  it.each([
    ['bad-labels.csv', 'bad-labels.csv:2: label "zone" is not KEY=VALUE'],
    ['bad-constraint.csv', 'bad-constraint.csv:2: invalid constraint "zone == a"'],
    ['bad-replicas.csv', 'bad-replicas.csv:2: replicas must be a non-negative integer'],
  ])('names the file and line of a bad optional column (%s)', async (file, message) => {
    const nodes = file === 'bad-labels.csv' ? file : 'nodes.csv';
    const workloads = file === 'bad-labels.csv' ? 'pods.csv' : file;
    const bad = run(process.execPath, [
      CLI,
      '--nodes',
      path.join(dir, nodes),
      '--workloads',
      path.join(dir, workloads),
    ]);
    await expect(bad).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining(message) });
  });

  it('exits 2 with a message on bad input', async () => {
    const bad = run(process.execPath, [
      CLI,
      '--nodes',
      path.join(dir, 'nodes.csv'),
      '--workloads',
      path.join(dir, 'bad.csv'),
    ]);
    await expect(bad).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('missing column memory_mib') });
    const missing = run(process.execPath, [CLI, '--nodes', path.join(dir, 'nodes.csv')]);
    await expect(missing).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--workloads is required'),
    });
  });
});
