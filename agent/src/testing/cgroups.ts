// Test support: real processes in real cgroups the test makes, standing in for a container's
// (needs root and cgroupfs, as the agent itself does to kill through cgroups).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cgroupMounts, pidsUnder } from '../docker';

export const isRoot = process.getuid?.() === 0;

/** Running: a zombie waiting for its parent (the test) to reap it counts as dead. */
export async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && !/^\d+ \(.*\) [ZX]/.test(stat);
}

export class TestCgroups {
  private readonly made: string[] = [];
  private readonly children: ChildProcess[] = [];

  /** A fake container id and its folder in every v1 hierarchy with one of `controllers`. */
  async make(controllers: string[]): Promise<{ id: string; dirs: string[] }> {
    const id = randomBytes(32).toString('hex');
    const parent = `coxswain-test-${process.pid}`;
    const dirs: string[] = [];
    for (const m of await cgroupMounts()) {
      if (m.version !== 1 || !m.controllers.some((c) => controllers.includes(c))) continue;
      const p = join(m.mountPoint, parent);
      await mkdir(p, { recursive: true });
      if (!this.made.includes(p)) this.made.push(p);
      const d = join(p, id);
      await mkdir(d);
      this.made.unshift(d);
      dirs.push(d);
    }
    if (dirs.length === 0) throw new Error(`no cgroup v1 hierarchy with ${controllers.join(', ')} here`);
    return { id, dirs };
  }

  /** A shell with two sleeping children, all three in `dirs` (moved in before it forks). */
  async spawnInto(dirs: string[]): Promise<ChildProcess> {
    const child = spawn('sh', ['-c', 'read go; sleep 1000 & sleep 1000 & wait'], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    this.children.push(child);
    for (const d of dirs) await writeFile(join(d, 'cgroup.procs'), String(child.pid));
    child.stdin!.write('go\n');
    for (let i = 0; i < 100 && (await pidsUnder(dirs[0])).length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    return child;
  }

  /** A process outside any test cgroup. */
  bystander(): ChildProcess {
    const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
    this.children.push(child);
    return child;
  }

  async cleanup(): Promise<void> {
    for (const c of this.children.splice(0)) c.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
    for (const d of this.made.splice(0)) await rmdir(d).catch(() => undefined);
  }
}
