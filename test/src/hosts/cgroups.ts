import { readdir, readFile, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { listMounts } from './mounts';

/**
 * Mount points of every cgroup hierarchy (v1 controllers, named ones, and a v2 tree).
 * A dockerd killed with SIGKILL leaves its containers running; they can only be found here.
 */
export async function cgroupRoots(): Promise<string[]> {
  const mounts = await listMounts();
  return mounts.filter((m) => m.fsType === 'cgroup' || m.fsType === 'cgroup2').map((m) => m.mountPoint);
}

/**
 * Folders whose name satisfies `match`, searched a few levels deep: docker puts a relative
 * --cgroup-parent under the cgroup of whoever started the engine, which is not always the root.
 */
export async function findCgroups(match: (name: string) => boolean, maxDepth = 4): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      const path = join(dir, e.name);
      if (match(e.name)) found.push(path);
      else if (depth < maxDepth) await walk(path, depth + 1);
    }
  };
  for (const root of await cgroupRoots()) await walk(root, 1);
  return found;
}

/** Every pid in a cgroup folder and its descendants. */
export async function pidsInCgroup(dir: string): Promise<number[]> {
  const pids: number[] = [];
  try {
    const procs = await readFile(join(dir, 'cgroup.procs'), 'utf8');
    for (const line of procs.split('\n')) if (line.trim()) pids.push(Number(line));
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.isDirectory()) pids.push(...(await pidsInCgroup(join(dir, e.name))));
    }
  } catch {
    // Removed while we looked.
  }
  return pids;
}

/** Removes a cgroup folder bottom-up; cgroupfs only lets empty leaves go. Returns failures. */
export async function removeCgroup(dir: string): Promise<string[]> {
  const failures: string[] = [];
  try {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.isDirectory()) failures.push(...(await removeCgroup(join(dir, e.name))));
    }
    await rmdir(dir);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code !== 'ENOENT') failures.push(`${dir}: ${e.code ?? e.message}`);
  }
  return failures;
}
