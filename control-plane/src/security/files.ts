import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes through a temporary file and a rename, so a crash leaves the old content or the new,
 * never half a key; the mode is set before any byte of a secret is written.
 */
export function writeFileAtomic(file: string, content: string, mode = 0o600): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode });
  fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, file);
}

export function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`read ${file}: ${(err as Error).message}`);
  }
}
