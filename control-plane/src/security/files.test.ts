// Secrets written on a real full file system: a small tmpfs this test mounts (root only; skipped
// otherwise) and fills until ENOSPC.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SmallDisk } from '@coxswain/shared/small-disk';
import { unwritableFile, writeFileAtomic } from './files';

let disk: SmallDisk;
let dir: string;

beforeEach(() => {
  disk = new SmallDisk('coxswain-secret-full-');
  dir = disk.dir;
});
afterEach(() => {
  disk.remove();
});

describe.skipIf(!SmallDisk.possible)('writeFileAtomic on a full disk', () => {
  it('keeps the old content, leaves no temporary file, and says the disk is full', () => {
    disk.mount('256k');
    const file = path.join(dir, 'join.token');
    writeFileAtomic(file, 'old\n');
    disk.fill();

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
