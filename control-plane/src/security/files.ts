import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes through a temporary file and a rename, so a crash leaves the old content or the new,
 * never half a key; the mode is set before any byte of a secret is written.
 */
export function writeFileAtomic(file: string, content: string, mode = 0o600): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, content, { mode });
    fs.chmodSync(tmp, mode);
    fs.renameSync(tmp, file);
  } catch (err) {
    // A full disk leaves a partial temporary file: give its space back. The errno code stays.
    fs.rmSync(tmp, { force: true });
    throw Object.assign(new Error(`write ${file}: ${(err as Error).message}`, { cause: err }), {
      code: (err as NodeJS.ErrnoException).code,
    });
  }
}

const DISK_ERRNOS: Record<string, string> = {
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EIO: 'I/O error',
};

/**
 * "the disk cannot be written: disk full (ENOSPC): write <file>..." for a file write that failed
 * for a reason of the disk (the keys and tokens beside the database); undefined for any other error.
 */
export function unwritableFile(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const reason = code ? DISK_ERRNOS[code] : undefined;
  return reason ? `the disk cannot be written: ${reason} (${code}): ${(err as Error).message}` : undefined;
}

export function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`read ${file}: ${(err as Error).message}`);
  }
}
