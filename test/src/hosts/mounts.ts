import { readFile } from 'node:fs/promises';
import { tryRun } from './exec';

export interface MountEntry {
  mountPoint: string;
  fsType: string;
}

/** Mounts of this process's mount namespace, which is also dockerd's: we only enter its net namespace. */
export async function listMounts(): Promise<MountEntry[]> {
  const text = await readFile('/proc/self/mountinfo', 'utf8');
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const fields = line.split(' ');
    const sep = fields.indexOf('-');
    entries.push({ mountPoint: unescape(fields[4]!), fsType: fields[sep + 1] ?? '' });
  }
  return entries;
}

// mountinfo escapes space, tab, newline and backslash as octal.
function unescape(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Mount points at or below `dir`, deepest first so parents are unmounted last. */
export async function mountsUnder(dir: string): Promise<string[]> {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const points = (await listMounts()).map((m) => m.mountPoint).filter((p) => p === dir || p.startsWith(prefix));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/**
 * Lazily unmounts everything under `dir`. Lazy, because a killed engine's overlay and nsfs
 * mounts may still be busy for a moment, and a namespace bind mount keeps the namespace alive.
 */
export async function unmountUnder(dir: string): Promise<string[]> {
  const failures: string[] = [];
  for (const point of await mountsUnder(dir)) {
    const res = await tryRun('umount', ['-l', point]);
    if (res.code !== 0 && !/not mounted|no mount point/i.test(res.stderr)) {
      failures.push(`${point}: ${res.stderr.trim()}`);
    }
  }
  return failures;
}
