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
    await writeFile(path.join(dir, 'nodes.csv'), 'sn,cpu_milli,memory_mib,gpu\nn1,4000,8192,0\nn2,4000,8192,0\nn3,2000,4096,0\n');
    await writeFile(path.join(dir, 'pods.csv'), 'name,cpu_milli,memory_mib,qos\np1,2000,1024,LS\np2,2000,1024,LS\np3,1000,512,BE\np4,9000,512,BE\n');
    await writeFile(path.join(dir, 'bad.csv'), 'name,cpu_milli\nx,1\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a JSON summary on the last line', async () => {
    const { stdout } = await run(process.execPath, [CLI, '--nodes', path.join(dir, 'nodes.csv'), '--workloads', path.join(dir, 'pods.csv'), '--json']);
    const lines = stdout.trim().split('\n');
    const summary = JSON.parse(lines[lines.length - 1]);
    expect(summary).toMatchObject({ placed: 3, unplaced: 1, nodesUsed: 2 });
    expect(typeof summary.seconds).toBe('number');
    expect(summary).toHaveProperty('placementsPerSecond');
    expect(stdout).toContain('insufficient cpu');
  });

  it('supports batch mode', async () => {
    const { stdout } = await run(process.execPath, [CLI, '--nodes', path.join(dir, 'nodes.csv'), '--workloads', path.join(dir, 'pods.csv'), '--json', '--batch']);
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toMatchObject({ placed: 3, unplaced: 1, mode: 'batch' });
  });

  it('exits 2 with a message on bad input', async () => {
    const bad = run(process.execPath, [CLI, '--nodes', path.join(dir, 'nodes.csv'), '--workloads', path.join(dir, 'bad.csv')]);
    await expect(bad).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('missing column memory_mib') });
    const missing = run(process.execPath, [CLI, '--nodes', path.join(dir, 'nodes.csv')]);
    await expect(missing).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--workloads is required') });
  });
});
