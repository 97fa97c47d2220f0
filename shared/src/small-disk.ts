// For tests of what a full disk does, on a real file system: a small tmpfs mounted on a fresh
// folder (root only), a filler file written until ENOSPC, and the unmount. Published as
// `@coxswain/shared/small-disk`, beside the package's main entry: no program imports it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class SmallDisk {
  /** Mounting needs root: tests that need a small disk skip themselves otherwise. */
  static readonly possible = process.getuid?.() === 0;
  readonly dir: string;
  private mounted = false;

  /** A fresh folder under the temporary folder, named from `prefix`; nothing mounted yet. */
  constructor(prefix: string) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  }

  /** Mounts a tmpfs of `size` (as mount's size option takes it: "1m", "256k") on the folder. */
  mount(size: string): void {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', this.dir]);
    this.mounted = true;
  }

  /**
   * Writes `name` in the folder until the file system says ENOSPC, in ever smaller chunks, so
   * that hardly a byte is left; bounded by the size of the file system. Returns its path.
   */
  fill(name = 'filler'): string {
    const filler = path.join(this.dir, name);
    const fd = fs.openSync(filler, 'w');
    try {
      for (const chunk of [64 << 10, 4 << 10, 256]) {
        const buf = Buffer.alloc(chunk, 1);
        for (let i = 0; i < 4096; i++) {
          try {
            fs.writeSync(fd, buf);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
            break;
          }
        }
      }
    } finally {
      fs.closeSync(fd);
    }
    return filler;
  }

  /** Unmounts (lazily: a store may still hold files open) and removes the folder. */
  remove(): void {
    if (this.mounted) execFileSync('umount', ['-l', this.dir]);
    this.mounted = false;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
