// The README's walkthrough, run as written (the CLI and its buf curl lines) against a secure
// one-host cluster. grpcurl has no package on these machines, so its lines are left out; buf curl
// takes the same requests over the same reflection.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E } from './fixture';

const REPO = path.resolve(__dirname, '..', '..', '..');
const BUF = path.join(path.dirname(require.resolve('@bufbuild/buf/package.json')), 'bin', 'buf');

let e2e: E2E;
let work: string;

beforeAll(async () => {
  e2e = await E2E.start({ hosts: 1 });
  // The walkthrough runs from the repository folder after command 1: data/ holds the CA and
  // the token, test/node_modules/.bin/buf is buf. A scratch folder gives it the same shape.
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-readme-'));
  fs.symlinkSync(e2e.dbDir, path.join(work, 'data'));
  for (const folder of ['control-plane', 'examples']) fs.symlinkSync(path.join(REPO, folder), path.join(work, folder));
  fs.mkdirSync(path.join(work, 'test', 'node_modules', '.bin'), { recursive: true });
  fs.symlinkSync(BUF, path.join(work, 'test', 'node_modules', '.bin', 'buf'));
});

afterAll(async () => {
  await e2e?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function walkthrough(): string {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf('## Walkthrough');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  return (
    blocks
      .join('\n')
      .split('\n')
      .filter((l) => !l.startsWith('grpcurl '))
      // WatchEvents and logs -f stream until Ctrl-C: give them a bound here.
      .map((l) => (l.includes('/WatchEvents') ? l.replace('bufc ', 'bufc --timeout 2s ') + ' || true' : l))
      .map((l) =>
        l.startsWith('coxswain logs -f ')
          ? `timeout 3 ${l.replace(/^coxswain /, 'node control-plane/dist/cli.js ').replace(/#.*/, '')} || true`
          : l,
      )
      .join('\n')
      .replaceAll('127.0.0.1:7070', e2e.target)
      .replaceAll('"$(hostname)"', 'h1')
  );
}

describe('README walkthrough', () => {
  it('runs as written with security on', async () => {
    const script = walkthrough();
    expect(script).toContain('bufc -d "$SPEC" $API/ApplyWorkload');
    expect(script).toContain('coxswain apply -f examples/');
    // The web example answers: curl -f fails the script (and so the test) on anything but 2xx.
    expect(script).toContain('curl -fsS "http://$EP/etc/hostname"');
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'bash',
        ['-euo', 'pipefail', '-c', script],
        // The CLI's default server is the dev cluster's port; this cluster listens elsewhere.
        {
          cwd: work,
          timeout: 180_000,
          maxBuffer: 16 << 20,
          env: { ...process.env, COXSWAIN_SERVER: e2e.target, COXSWAIN_CONFIG: path.join(work, 'config') },
        },
        (err, stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
    expect(stderr).not.toMatch(/unauthenticated|Failure/i);
    expect(code).toBe(0);
    expect(stdout).toContain('coxswain.v1.ControlPlane/ApplyWorkload');
    // The CLI's part: the folder applied, rolled out, its logs and exec, the unchanged round trip.
    expect(stdout).toMatch(/^workload\/web created$/m);
    // `get endpoints web`: the three ready replicas, each at its node's address and its own port.
    expect(stdout).toMatch(/^REPLICA\s+NODE\s+ADDRESS\s+PORT\s+NAME$/m);
    expect(stdout.match(/^\d+\s+h1\s+\S+\s+2\d{4}\s+http$/gm)).toHaveLength(3);
    expect(stdout).toMatch(/^workload\/web rolled out: 3 replicas ready on generation 1$/m);
    // The rolling update, its history and the undo.
    expect(stdout).toMatch(/^workload\/web rolled out: 3 replicas ready on generation 2$/m);
    expect(stdout).toMatch(/^2\s+\S+\s+apply$/m);
    expect(stdout).toMatch(/^workload\/web rolled back: generation 3$/m);
    expect(stdout).toMatch(/^tick \d+$/m);
    expect(stdout).toMatch(/^workload\/web unchanged$/m);
    expect(stdout).toMatch(/^\+ +cpuMillis: 300$/m);
    expect(stdout).toMatch(/^workload\/web scaled to 5$/m);
    expect(stdout).toMatch(/^workload\/ticker deleted$/m);
    expect(stdout).toContain('"name": "h1"');
    expect(stdout).toContain('"name": "web"');
    expect(stdout).toContain('"cordoned": true');
  });
});
