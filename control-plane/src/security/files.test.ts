// Secrets written on a real full file system: a small tmpfs this test mounts (root only; skipped
// otherwise) and fills until ENOSPC.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unwritableFile, writeFileAtomic } from './files';

const root = process.getuid?.() === 0;
let dir: string;
let mounted = false;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-secret-full-'));
});
afterEach(() => {
  if (mounted) execFileSync('umount', ['-l', dir]);
  mounted = false;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!root)('writeFileAtomic on a full disk', () => {
  it('keeps the old content, leaves no temporary file, and says the disk is full', () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir]);
    mounted = true;
    const file = path.join(dir, 'join.token');
    writeFileAtomic(file, 'old\n');
    const fd = fs.openSync(path.join(dir, 'filler'), 'w');
    try {
      for (let i = 0; i < 1024; i++) fs.writeSync(fd, Buffer.alloc(1024, 1));
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      fs.closeSync(fd);
    }

    let err: unknown;
    try {
      writeFileAtomic(file, 'x'.repeat(64 << 10));
    } catch (e) {
      err = e;
    }
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(unwritableFile(err)).toMatch(
      /^the disk cannot be written: disk full \(ENOSPC\): write .*join\.token: ENOSPC/,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('old\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['filler', 'join.token']);
    expect(unwritableFile(new Error('plain'))).toBeUndefined();
  });
});
