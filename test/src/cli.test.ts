// The operator CLI as a user runs it (the built program, a separate process) against a secure
// control plane with two agents; the agents have no engine, so replicas are placed but not run
// (logs, exec and running replicas are in e2e/cli.test.ts, on real engines).
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './hosts';
import { InProcessCluster } from './in-process';

const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO, 'control-plane', 'dist', 'cli.js');
let c: InProcessCluster;
let config: string;

beforeAll(async () => {
  c = await InProcessCluster.start(['--rebalance', 'off']);
  c.startAgent('c1');
  c.startAgent('c2');
  config = path.join(c.dir, 'cli-config');
  await waitFor(
    'c1 and c2 READY',
    async () =>
      (await c.api.call('ListNodes', {})).nodes.filter((n: any) => n.state === 'READY').length === 2 ? true : undefined,
    15_000,
  );
});

afterAll(async () => {
  await c?.stop();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI with the connection flags after the command, as kubectl users type them. */
function cli(args: string[], o: { stdin?: string; env?: NodeJS.ProcessEnv; flags?: boolean } = {}): Promise<Run> {
  const connection = o.flags === false ? [] : ['--server', c.target, '--data-dir', c.dir];
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      // After the verb: flags anywhere, and never after a `--` (that is the command of exec).
      [CLI, args[0], ...connection, ...args.slice(1)],
      { timeout: 30_000, cwd: REPO, env: { ...process.env, COXSWAIN_CONFIG: config, ...o.env } },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(o.stdin ?? '');
  });
}

const generation = async (name: string) => (await c.api.call('GetWorkload', { name })).generation as number;

describe('coxswain CLI', () => {
  it('applies a folder of YAML documents, lists them as tables and as YAML that applies back unchanged', async () => {
    const applied = await cli(['apply', '-f', 'examples/']);
    expect(applied.stderr).toBe('');
    expect(applied.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'workload/hello created',
      'workload/ticker created',
      'workload/web created',
    ]);
    const table = await cli(['get', 'workloads']);
    expect(table.stdout).toMatch(/^NAME\s+GENERATION\s+READY\s+PENDING\s+IMAGE\n/);
    expect(table.stdout).toMatch(/\nweb\s+1\s+0\/3\s+0\s+coxswain\/busybox:1/);
    expect((await cli(['get', 'nodes'])).stdout).toMatch(/\nc1\s+READY/);
    expect((await cli(['get', 'nodes', '-o', 'wide'])).stdout).toMatch(/^NAME.*VERSION\s+LABELS\s+CONDITIONS\n/);
    expect((await cli(['get', 'workloads', '-o', 'name'])).stdout).toBe(
      'workload/hello\nworkload/ticker\nworkload/web\n',
    );
    const one = JSON.parse((await cli(['get', 'workloads', 'web', '-o', 'json'])).stdout);
    expect(one).toMatchObject({ kind: 'Workload', spec: { name: 'web', replicas: 3 }, generation: 1 });
    expect(one.status.replicas.every((r: any) => ['c1', 'c2'].includes(r.node))).toBe(true);

    const yaml = await cli(['get', 'workloads', '-o', 'yaml']);
    expect(yaml.stdout).toMatch(/^kind: List\nitems:\n {2}- kind: Workload\n/);
    const again = await cli(['apply', '-f', '-'], { stdin: yaml.stdout });
    expect(again.stdout).toContain('workload/web unchanged');
    expect(await generation('web')).toBe(1);
  });

  it('diffs a changed field without changing anything, and says when nothing differs', async () => {
    const file = path.join(c.dir, 'web-changed.yaml');
    const text = fs.readFileSync(path.join(REPO, 'examples', 'web.yaml'), 'utf8');
    fs.writeFileSync(file, text.replace('cpuMillis: 250', 'cpuMillis: 300'));
    const diff = await cli(['diff', '-f', file]);
    expect(diff.code).toBe(1); // kubectl's convention: 1 when something differs
    expect(diff.stdout).toMatch(/^-\s+cpuMillis: 250$/m);
    expect(diff.stdout).toMatch(/^\+\s+cpuMillis: 300$/m);
    expect(diff.stdout).toContain('generation 1 -> 2');
    expect(await generation('web')).toBe(1);
    const same = await cli(['diff', '-f', path.join(REPO, 'examples', 'web.yaml')]);
    expect(same).toMatchObject({ code: 0, stdout: '' });
  });

  it('describes a PENDING workload with the reason it waits, and a node with its replicas', async () => {
    const big =
      'name: big\nimage: coxswain/busybox:1\nreplicas: 2\nresources: {cpuMillis: 64000, memoryBytes: 8388608}\n';
    expect((await cli(['apply', '-f', '-'], { stdin: big })).stdout).toBe('workload/big created\n');
    const d = await cli(['describe', 'workload', 'big']);
    expect(d.stdout).toMatch(/^Replicas: +2 desired, 0 running, 2 pending$/m);
    expect(d.stdout).toMatch(/replicas 0, 1: 0\/2 nodes available: 2 insufficient cpu/);
    expect(d.stdout).toMatch(/workload\.created +big/);
    const n = await cli(['describe', 'node', 'c1']);
    expect(n.stdout).toMatch(/^Name: +c1$/m);
    expect(n.stdout).toMatch(/web\/\d +[A-Z]+ +250m/);
    expect((await cli(['delete', 'workload', 'big'])).stdout).toBe('workload/big deleted\n');
  });

  it('lists recent events, and with -w follows new ones without a gap', async () => {
    const recent = await cli(['events', '--workload', 'web', '--limit', '3']);
    expect(recent.stdout.trim().split('\n')).toHaveLength(3);
    const child = spawn(process.execPath, [
      CLI,
      'events',
      '-w',
      '--workload',
      'web',
      '--server',
      c.target,
      '--data-dir',
      c.dir,
    ]);
    let seen = '';
    child.stdout.on('data', (b: Buffer) => (seen += b.toString()));
    try {
      await waitFor('the listed events', async () => (seen.includes('workload=web') ? true : undefined), 10_000);
      await c.api.call('ScaleWorkload', { name: 'web', replicas: 2 });
      await waitFor(
        'the scale as it happens',
        async () => (/workload\.updated .*2 replicas/.test(seen) ? true : undefined),
        10_000,
      );
    } finally {
      child.kill('SIGINT');
    }
  });

  it('refuses a whole file for one bad document, naming file, document and line; applies nothing', async () => {
    const file = path.join(c.dir, 'bad.yaml');
    fs.writeFileSync(
      file,
      'name: good\nimage: x\nreplicas: 1\nresources: {cpuMillis: 10, memoryBytes: 1048576}\n---\nname: typo\nimage: x\nreplica: 2\n',
    );
    const unknown = await cli(['apply', '-f', file]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`${file}, document 2, line 8: unknown field "replica" (did you mean "replicas"?)`);
    fs.writeFileSync(file, 'name: good\nimage: x\n---\nkind: Service\nname: s\n');
    expect((await cli(['apply', '-f', file])).stderr).toContain(`${file}, document 2, line 4: unknown kind "Service"`);
    fs.writeFileSync(file, 'name: good\nimage: x\n---\nname: s\ncommand: [sleep\nimage: x\n');
    expect((await cli(['apply', '-f', file])).stderr).toMatch(/bad\.yaml, document 2, line \d+: not valid YAML/);
    // The server's refusal in the dry run: the field's line, and nothing of the file applied.
    fs.writeFileSync(
      file,
      'name: good\nimage: x\nresources: {cpuMillis: 10, memoryBytes: 8388608}\n---\nname: zero\nimage: x\nresources:\n  cpuMillis: 0\n',
    );
    const refused = await cli(['apply', '-f', file]);
    expect(refused.stderr).toMatch(
      /document 2, line 8: workload "zero" refused: INVALID_ARGUMENT: workload\.resources\.cpuMillis/,
    );
    expect(refused.stderr).toContain('nothing was applied');
    expect((await cli(['get', 'workloads', '-o', 'name'])).stdout).not.toContain('workload/good');
  });

  it('scales, cordons, rebalances, deletes by file; errors are one line with the status', async () => {
    expect((await cli(['scale', 'web', '4'])).stdout).toBe('workload/web scaled to 4\n');
    expect(await generation('web')).toBe(1);
    expect((await cli(['cordon', 'c1'])).stdout).toBe('node/c1 cordoned\n');
    expect((await cli(['get', 'nodes'])).stdout).toMatch(/c1\s+READY,Cordoned/);
    expect((await cli(['uncordon', 'c1'])).stdout).toBe('node/c1 uncordoned\n');
    expect((await cli(['rebalance', '--dry-run'])).code).toBe(0);

    const negative = await cli(['scale', 'web', '-1']);
    expect(negative).toMatchObject({ code: 1 });
    expect(negative.stderr).toBe('coxswain: INVALID_ARGUMENT: replicas: must not be negative (got -1)\n');
    expect((await cli(['get', 'workloads', 'nope'])).stderr).toBe('coxswain: NOT_FOUND: workload "nope" not found\n');
    expect((await cli(['logs', 'nope'])).stderr).toMatch(/NOT_FOUND: workload "nope" not found/);
    expect((await cli(['exec', 'nope', '--', 'true'])).stderr).toMatch(/NOT_FOUND: workload "nope" not found/);
    // No engine behind the agents: nothing runs, so nothing is ready to be an endpoint.
    expect((await cli(['get', 'endpoints', 'web'])).stdout).toBe('No ready endpoints of workload/web.\n');
    expect((await cli(['get', 'endpoints', 'nope'])).stderr).toMatch(/NOT_FOUND: workload "nope" not found/);
    expect((await cli(['get', 'endpoints'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['get', 'gizmos'])).code).toBe(2);
    const noToken = await cli(['get', 'nodes', '--server', c.target, '--data-dir', path.join(c.dir, 'missing')], {
      flags: false,
    });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/cannot read the cluster CA .*missing\/ca\.crt/);

    const del = await cli(['delete', '-f', 'examples/']);
    expect(del.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'workload/hello deleted',
      'workload/ticker deleted',
      'workload/web deleted',
    ]);
  });

  it('keeps contexts in its config file; flags and COXSWAIN_* variables override them', async () => {
    const set = await cli(['config', 'set-context', 'here', '--server', c.target, '--data-dir', c.dir], {
      flags: false,
    });
    expect(set.stdout).toContain('context "here" set');
    expect((await cli(['config', 'current-context'], { flags: false })).stdout).toBe('here\n');
    expect((await cli(['get', 'nodes'], { flags: false })).stdout).toMatch(/\nc1\s+READY/);
    const wrong = await cli(['get', 'nodes'], { flags: false, env: { COXSWAIN_SERVER: '127.0.0.1:1' } });
    expect(wrong.stderr).toMatch(/UNAVAILABLE: cannot reach 127\.0\.0\.1:1/);
    expect((await cli(['config', 'use-context', 'elsewhere'], { flags: false })).code).toBe(2);
  });

  it('runs the simulator as a subcommand', async () => {
    fs.writeFileSync(path.join(c.dir, 'n.csv'), 'name,cpu_milli,memory_mib\nh1,1000,1024\nh2,1000,1024\n');
    fs.writeFileSync(path.join(c.dir, 'p.csv'), 'name,cpu_milli,memory_mib\na,400,10\nb,400,10\nc,400,10\n');
    const r = await cli(
      ['simulate', '--nodes', path.join(c.dir, 'n.csv'), '--workloads', path.join(c.dir, 'p.csv'), '--json'],
      { flags: false },
    );
    const summary = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(summary).toMatchObject({ placed: 3, unplaced: 0, nodesUsed: 2 });
  });
});
