import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import { sleep } from './exec';

/** Every live pid on the machine (zombies excluded: they are already dead and only await a reaper). */
export async function listPids(): Promise<number[]> {
  const entries = await readdir('/proc');
  const pids: number[] = [];
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const pid = Number(e);
    if (await isAlive(pid)) pids.push(pid);
  }
  return pids;
}

export async function isAlive(pid: number): Promise<boolean> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The state letter follows the parenthesised command name, which may itself contain spaces.
    const state = text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** The kernel's start time of a pid, to tell a recycled pid from the process that once had it. */
export async function startTime(pid: number): Promise<string | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Inode of a network namespace file (e.g. /run/netns/NAME), comparable with /proc/PID/ns/net. */
export async function netnsInode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).ino;
  } catch {
    return undefined;
  }
}

export async function pidsInNetns(inode: number): Promise<number[]> {
  const found: number[] = [];
  for (const pid of await listPids()) {
    try {
      const link = await readlink(`/proc/${pid}/ns/net`);
      if (link === `net:[${inode}]`) found.push(pid);
    } catch {
      // The process ended while we looked; nothing to kill.
    }
  }
  return found;
}

/** Pids whose command line mentions `needle`, e.g. a dockerd whose --data-root lies in a run folder. */
export async function pidsWithCmdline(needle: string): Promise<number[]> {
  const found: number[] = [];
  for (const pid of await listPids()) {
    if (pid === process.pid) continue;
    try {
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ');
      if (cmdline.includes(needle)) found.push(pid);
    } catch {
      // Gone already.
    }
  }
  return found;
}

/** SIGKILLs the pids and waits until none of them is alive; returns those that would not die. */
export async function killAndWait(pids: Iterable<number>, timeoutMs = 15_000): Promise<number[]> {
  const targets = [...new Set(pids)].filter((p) => p !== process.pid && p > 1);
  for (const pid of targets) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone, which is what we want.
    }
  }
  const deadline = Date.now() + timeoutMs;
  let alive = targets;
  while (alive.length > 0 && Date.now() < deadline) {
    await sleep(50);
    const still: number[] = [];
    for (const pid of alive) if (await isAlive(pid)) still.push(pid);
    alive = still;
  }
  return alive;
}
