import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { isAlive } from './procs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { waitFor } from './exec';
import { spawnLogged, type LoggedProcess } from './process';

export interface EngineLayout {
  /** Folder for everything the engine writes; short, since unix socket paths are limited to 107 bytes. */
  dir: string;
  namespace: string;
  cgroupParent: string;
  /**
   * Give the engine Docker's default bridge network, inside the host's namespace. Without
   * iptables the userland proxy publishes ports, so they answer at the host's address.
   */
  bridge?: boolean;
}

export function engineSocket(dir: string): string {
  return join(dir, 'docker.sock');
}

/**
 * Starts a private dockerd in a network namespace. nsenter rather than `ip netns exec`, because
 * the latter also makes a new mount namespace with a fresh /sys that hides the cgroup mounts the
 * engine needs. Each engine starts its own containerd under its exec-root, so engines never share
 * state. --iptables=false keeps the engine from touching the machine's network; --bridge=none
 * leaves out the bridge network unless the layout asks for one (it then lives in the namespace).
 */
export async function startEngine(layout: EngineLayout, timeoutMs = 60_000): Promise<LoggedProcess> {
  const { dir, namespace, cgroupParent, bridge } = layout;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'daemon.json'), '{}\n');
  await removeStalePidFile(join(dir, 'exec', 'containerd', 'containerd.pid'));
  await removeStalePidFile(join(dir, 'docker.pid'));
  const proc = spawnLogged(
    'nsenter',
    [
      `--net=/run/netns/${namespace}`,
      'dockerd',
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'exec'),
      '--pidfile',
      join(dir, 'docker.pid'),
      '-H',
      `unix://${engineSocket(dir)}`,
      ...(bridge ? [] : ['--bridge=none']),
      '--iptables=false',
      '--ip-masq=false',
      '--cgroup-parent',
      cgroupParent,
      // No daemon.json of the machine's: the engine must not inherit mirrors, proxies or a log driver.
      '--config-file',
      join(dir, 'daemon.json'),
    ],
    { logFile: join(dir, 'dockerd.log') },
  );
  const client = new Docker({ socketPath: engineSocket(dir) });
  try {
    await waitFor(
      `dockerd in ${namespace} to answer on ${engineSocket(dir)}`,
      async () => {
        if (!proc.running) throw new Error(`dockerd exited early: ${JSON.stringify(proc.exitCode)}`);
        await client.ping();
        return true;
      },
      timeoutMs,
      250,
    );
  } catch (err) {
    proc.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\ndockerd log tail:\n${proc.tail()}`);
  }
  return proc;
}

/**
 * After a SIGKILL the engine's pid files survive it. dockerd trusts kill(pid, 0), which also
 * succeeds for a zombie not yet reaped, and would then wait forever for a containerd that is gone.
 */
async function removeStalePidFile(path: string): Promise<void> {
  let pid: number;
  try {
    pid = Number((await readFile(path, 'utf8')).trim());
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !(await isAlive(pid))) await rm(path, { force: true });
}
