// The README's walkthrough, run as written (its buf curl lines) against a secure one-host
// cluster. grpcurl has no package on these machines, so its lines are left out; buf curl takes
// the same requests over the same reflection.
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
  fs.mkdirSync(path.join(work, 'test', 'node_modules', '.bin'), { recursive: true });
  fs.symlinkSync(BUF, path.join(work, 'test', 'node_modules', '.bin', 'buf'));
});

afterAll(async () => {
  await e2e?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function walkthrough(): string {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Walkthrough'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1];
  return (
    block
      .split('\n')
      .filter((l) => !l.startsWith('grpcurl '))
      // WatchEvents streams until Ctrl-C: give it a bound here.
      .map((l) => (l.includes('/WatchEvents') ? l.replace('bufc ', 'bufc --timeout 2s ') + ' || true' : l))
      .join('\n')
      .replaceAll('127.0.0.1:7070', e2e.target)
      .replaceAll('"$(hostname)"', 'h1')
  );
}

describe('README walkthrough', () => {
  it('runs as written with security on', async () => {
    const script = walkthrough();
    expect(script).toContain('bufc -d "$SPEC" $API/ApplyWorkload');
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'bash',
        ['-euo', 'pipefail', '-c', script],
        { cwd: work, timeout: 120_000, maxBuffer: 16 << 20 },
        (err, stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
    expect(stderr).not.toMatch(/unauthenticated|Failure/i);
    expect(code).toBe(0);
    expect(stdout).toContain('coxswain.v1.ControlPlane/ApplyWorkload');
    expect(stdout).toContain('"name": "h1"');
    expect(stdout).toContain('"name": "web"');
    expect(stdout).toContain('"cordoned": true');
  });
});
