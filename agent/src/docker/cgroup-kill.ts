// Killing a container without its engine. A frozen dockerd (SIGSTOP, a deadlock) leaves its
// containers running, and its API answers nothing: the only way left to stop one is the kernel's,
// through the cgroup its processes live in. Works on cgroup v1 (one folder per controller, the
// freezer to stop forks while killing), v2 (cgroup.kill) and hybrid machines with both.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface CgroupMount {
  /** Where the hierarchy is mounted, e.g. /sys/fs/cgroup/freezer or /sys/fs/cgroup. */
  mountPoint: string;
  /** The hierarchy's root as the mount shows it (mountinfo's 4th field, "/" unless bind-mounted). */
  root: string;
  version: 1 | 2;
  /** v1: the controllers (and name=...) of the hierarchy. */
  controllers: string[];
}

export interface CgroupKill {
  /** The container's cgroup folders found (one per v1 hierarchy, one for v2). Empty: none left. */
  dirs: string[];
  /** Processes sent SIGKILL. */
  killed: number[];
}

export interface CgroupKillOptions {
  /** The hierarchies to look in; default: every cgroup mount of this mount namespace. */
  mounts?: CgroupMount[];
  /** How long the processes may take to die before the kill counts as failed. */
  waitMs?: number;
  /** How deep below each mount point a container's folder is searched for by name. */
  searchDepth?: number;
}

/** Every cgroup hierarchy mounted here, from /proc/self/mountinfo. */
export async function cgroupMounts(): Promise<CgroupMount[]> {
  const text = await readFile('/proc/self/mountinfo', 'utf8');
  const out: CgroupMount[] = [];
  for (const line of text.split('\n')) {
    // "id parent major:minor root mountpoint options [optional...] - fstype source superoptions"
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const f = left.split(' ');
    const [fsType, , superOptions = ''] = right.split(' ');
    if (fsType !== 'cgroup' && fsType !== 'cgroup2') continue;
    const controllers =
      fsType === 'cgroup'
        ? superOptions.split(',').filter((o) => o.startsWith('name=') || (o !== 'rw' && o !== 'ro' && !o.includes('=')))
        : [];
    out.push({ mountPoint: unescape(f[4]), root: unescape(f[3]), version: fsType === 'cgroup2' ? 2 : 1, controllers });
  }
  return out;
}

/** mountinfo escapes spaces and the like as \040. */
function unescape(s: string): string {
  return s.replace(/\\(\d{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** The folders of `pid`'s cgroups, from /proc/PID/cgroup, that are the container's own. */
async function dirsOfPid(pid: number, containerId: string, mounts: CgroupMount[]): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/cgroup`, 'utf8');
  } catch {
    return []; // The process is gone.
  }
  const dirs: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    // A pid reused by another process since the engine told us: its cgroups do not name the container.
    if (!m || !m[3].includes(containerId)) continue;
    const wanted = m[2].split(',').filter(Boolean);
    const mount = mounts.find((mt) =>
      m[1] === '0' && m[2] === ''
        ? mt.version === 2
        : mt.version === 1 && wanted.every((c) => mt.controllers.includes(c)),
    );
    if (!mount) continue;
    const rel = mount.root !== '/' && m[3].startsWith(mount.root) ? m[3].slice(mount.root.length) : m[3];
    dirs.push(join(mount.mountPoint, rel));
  }
  return dirs;
}

/** Folders named for the container (cgroupfs: the id; systemd: docker-ID.scope) under each mount. */
async function dirsByName(containerId: string, mounts: CgroupMount[], maxDepth: number): Promise<string[]> {
  const found: string[] = [];
  const matches = (name: string) => name === containerId || name === `docker-${containerId}.scope`;
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      if (matches(e.name)) found.push(join(dir, e.name));
      else if (depth < maxDepth) await walk(join(dir, e.name), depth + 1);
    }
  };
  // A hierarchy mounted twice would be searched twice; one folder per real hierarchy is enough.
  for (const m of mounts) await walk(m.mountPoint, 1);
  return [...new Set(found)];
}

/** Every pid in a cgroup folder and below it; a folder removed meanwhile has none. */
export async function pidsUnder(dir: string): Promise<number[]> {
  const pids: number[] = [];
  try {
    for (const line of (await readFile(join(dir, 'cgroup.procs'), 'utf8')).split('\n'))
      if (line.trim()) pids.push(Number(line));
    for (const e of await readdir(dir, { withFileTypes: true }))
      if (e.isDirectory()) pids.push(...(await pidsUnder(join(dir, e.name))));
  } catch (err) {
    // Gone: the container's last process exited and the runtime removed its cgroup. Anything
    // else is not "empty": a kill that cannot read what is left must not say it is done.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return pids;
}

/** Whether `pid` still runs: it exists and is not a zombie waiting for its parent. */
async function running(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // "PID (comm) STATE ...": comm may hold spaces and parentheses, the state follows the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function tryWrite(file: string, value: string): Promise<boolean> {
  try {
    await writeFile(file, value);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SIGKILLs every process of container `containerId` through its cgroups and checks that none is
 * left. `pid` (its main process as last inspected) finds the folders directly; without it, or if
 * that process is gone, they are searched for by name. No folder found means nothing of the
 * container runs. Throws, saying why, when processes survive or the folders cannot be written.
 */
export async function killContainerCgroup(
  containerId: string,
  pid: number | undefined,
  opts: CgroupKillOptions = {},
): Promise<CgroupKill> {
  if (!/^[0-9a-f]{12,64}$/.test(containerId)) throw new Error(`"${containerId.slice(0, 80)}" is not a container id`);
  const mounts = opts.mounts ?? (await cgroupMounts());
  let dirs = pid ? await dirsOfPid(pid, containerId, mounts) : [];
  // The main process as the engine last saw it, if it is still the container's (not a reused pid).
  const main = pid && dirs.length > 0 ? pid : undefined;
  if (dirs.length === 0) dirs = await dirsByName(containerId, mounts, opts.searchDepth ?? 6);
  if (dirs.length === 0) return { dirs, killed: [] };

  const killed = new Set<number>();
  // v2 does it all in one write (kernel 5.14+). v1 freezes first, so that nothing forks between
  // listing and killing; a frozen task dies of SIGKILL once thawed.
  const v2Killed = await Promise.all(
    dirs.map((d) =>
      mounts.some((m) => m.version === 2 && d.startsWith(m.mountPoint + '/'))
        ? tryWrite(join(d, 'cgroup.kill'), '1')
        : false,
    ),
  );
  const freezers = dirs.filter((d) =>
    mounts.some((m) => m.controllers.includes('freezer') && d.startsWith(m.mountPoint + '/')),
  );
  for (const f of freezers) await tryWrite(join(f, 'freezer.state'), 'FROZEN');
  for (const f of freezers) {
    for (let i = 0; i < 50; i++) {
      const state = await readFile(join(f, 'freezer.state'), 'utf8').catch(() => 'FROZEN');
      if (state.trim() === 'FROZEN') break;
      await sleep(10);
    }
  }
  try {
    for (const [i, d] of dirs.entries()) {
      if (v2Killed[i]) continue;
      for (const p of await pidsUnder(d)) {
        try {
          process.kill(p, 'SIGKILL');
          killed.add(p);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ESRCH')
            throw new Error(`kill ${p} of container ${containerId}: ${(err as Error).message}`);
        }
      }
    }
  } finally {
    for (const f of freezers) await tryWrite(join(f, 'freezer.state'), 'THAWED');
  }

  const deadline = Date.now() + (opts.waitMs ?? 3000);
  for (;;) {
    const left = new Map<string, number[]>();
    for (const d of dirs) {
      const pids = await pidsUnder(d);
      if (pids.length > 0) left.set(d, pids);
    }
    // The cgroups say empty; the processes themselves must agree (the main one's pid is known
    // from the engine, which a cgroup read cannot fool).
    const alive = [];
    for (const p of [...(main ? [main] : []), ...killed]) if (await running(p)) alive.push(p);
    if (left.size === 0 && alive.length === 0) return { dirs, killed: [...killed] };
    if (left.size === 0) {
      left.set('(no cgroup lists them)', alive);
      // Still the container's (its cgroup names it), so the pid was not reused: kill it directly.
      for (const p of alive)
        if ((await dirsOfPid(p, containerId, mounts)).length > 0) {
          try {
            process.kill(p, 'SIGKILL');
            killed.add(p);
          } catch {
            // Gone meanwhile.
          }
        }
    }
    if (Date.now() > deadline) {
      const [dir, pids] = [...left][0];
      throw new Error(
        `processes ${pids.join(', ')} of container ${containerId.slice(0, 12)} are still in ${dir} after SIGKILL`,
      );
    }
    await sleep(50);
  }
}
