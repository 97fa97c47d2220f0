// The mesh's kernel path: keeps the host's netfilter rules (iptables, nat table) equal to the
// forwards it is given, so that a connection to a published port with a ready replica on this host
// goes to it without the userspace hop. Measured reason: on a 2-core test host the userspace proxy
// served 0.46-0.56 x the requests/s of a direct connection to a fork-per-request httpd, because its
// extra accept, connect and copies share the core with the app; a DNAT rule costs next to nothing.
// Where iptables cannot run (not installed, no permission) the mesh keeps serving in userspace.
import { spawn } from 'node:child_process';
import type { Logger } from '@coxswain/shared';
import { MESH_CHAIN, MESH_JUMPS, forwardedConnections, restoreScript, type KernelForward } from './kernel-rules';

export interface KernelPathOptions {
  logger: Logger;
  /** Put before every iptables command: tests enter a network namespace of theirs with it. */
  prefix?: readonly string[];
}

type RunResult = { ok: true; stdout: string } | { ok: false; error: string };

/** iptables waits this long for the xtables lock (another program changing rules), not forever. */
const WAIT = ['-w', '5'];
/** A command not done by then is killed: a hung one must not hold every later ack. */
const RUN_TIMEOUT_MS = 10_000;

export class KernelPath {
  private state: 'new' | 'ready' | 'closed' = 'new';
  private retryAt = 0;
  private chain: Promise<void> = Promise.resolve();
  private checkedLeftover = false;
  /** Connections counted by rules since replaced, per port: a rewrite starts the counters at 0. */
  private readonly retired = new Map<number, number>();

  constructor(private readonly opts: KernelPathOptions) {}

  /** Whether the last sync left the kernel forwarding (false before the first and when unavailable). */
  get active(): boolean {
    return this.state === 'ready';
  }

  /**
   * Makes the chain hold exactly these forwards, in one iptables-restore commit. Resolves once the
   * kernel has them (the mesh's ack waits for it: a draining replica must get no new connection).
   * Never rejects: a failure is logged and leaves the chain empty, so the userspace proxy serves.
   */
  sync(forwards: readonly KernelForward[]): Promise<void> {
    return this.serially(async () => {
      // Nothing is set up until there is something to forward, or a chain that a crashed agent
      // left to empty: a host without local endpoints of a published port keeps its rules as they were.
      if (this.state === 'new' && forwards.length === 0 && !(await this.leftover())) return;
      if (this.state === 'closed' || !(await this.ready())) return;
      await this.retire();
      const r = await this.run('iptables-restore', ['--noflush'], restoreScript(forwards));
      if (r.ok) return;
      this.opts.logger.warn({ err: r.error, ports: forwards.map((f) => f.publish) }, 'mesh kernel rules not applied');
      // Stale rules would send new connections to a replica that is draining: empty the chain,
      // or failing that take its jumps out, so the userspace proxy gets every connection.
      if ((await this.run('iptables-restore', ['--noflush'], restoreScript([]))).ok) return;
      await this.unhook();
      this.state = 'new';
      this.opts.logger.error({ err: r.error }, 'mesh kernel path off: its rules could not be changed');
    });
  }

  /** Connections the kernel forwarded, per published port, since this agent started. */
  connections(): Promise<Map<number, number>> {
    return this.serially(async () => {
      const out = new Map(this.retired);
      if (this.state !== 'ready') return out;
      const save = await this.run('iptables-save', ['-c', '-t', 'nat']);
      if (save.ok) for (const [port, n] of forwardedConnections(save.stdout)) out.set(port, (out.get(port) ?? 0) + n);
      return out;
    });
  }

  /** Removes the jumps and the chain: while the agent is stopped, nothing of it stays in the kernel. */
  close(): Promise<void> {
    return this.serially(async () => {
      const was = this.state;
      this.state = 'closed';
      if (was !== 'ready') return;
      await this.unhook();
      await this.run('iptables', [...WAIT, '-t', 'nat', '-F', MESH_CHAIN]);
      await this.run('iptables', [...WAIT, '-t', 'nat', '-X', MESH_CHAIN]);
    });
  }

  private async unhook(): Promise<void> {
    for (const j of MESH_JUMPS) await this.run('iptables', [...WAIT, '-t', 'nat', '-D', j.chain, ...j.args]);
  }

  /**
   * The chain and its jumps, once. Rules a crashed agent left are kept until the first sync
   * replaces them, so local replicas stay reachable across an agent restart.
   */
  private async ready(): Promise<boolean> {
    if (this.state !== 'new') return this.state === 'ready';
    if (Date.now() < this.retryAt) return false;
    const create = await this.run('iptables-restore', ['--noflush'], `*nat\n:${MESH_CHAIN} - [0:0]\nCOMMIT\n`);
    let problem = create.ok ? '' : create.error;
    for (const j of MESH_JUMPS) {
      if (problem) break;
      const has = await this.run('iptables', [...WAIT, '-t', 'nat', '-C', j.chain, ...j.args]);
      if (has.ok) continue;
      const add = await this.run('iptables', [...WAIT, '-t', 'nat', '-I', j.chain, '1', ...j.args]);
      if (!add.ok) problem = add.error;
    }
    if (problem) {
      // Tried again a minute on (a lock held for long, rights given later); userspace serves meanwhile.
      this.retryAt = Date.now() + 60_000;
      this.opts.logger.warn({ err: problem }, 'mesh kernel path unavailable: every connection goes through userspace');
      return false;
    }
    this.state = 'ready';
    this.opts.logger.info({ chain: MESH_CHAIN }, 'mesh kernel path ready');
    return true;
  }

  /** Whether the chain exists from an earlier run; asked once, only reading. */
  private async leftover(): Promise<boolean> {
    if (this.checkedLeftover) return false;
    this.checkedLeftover = true;
    return (await this.run('iptables', [...WAIT, '-t', 'nat', '-S', MESH_CHAIN])).ok;
  }

  private async retire(): Promise<void> {
    const save = await this.run('iptables-save', ['-c', '-t', 'nat']);
    if (!save.ok) return;
    for (const [port, n] of forwardedConnections(save.stdout))
      this.retired.set(port, (this.retired.get(port) ?? 0) + n);
  }

  private serially<T>(step: () => Promise<T>): Promise<T> {
    const next = this.chain.then(step);
    this.chain = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  private run(cmd: string, args: string[], input?: string): Promise<RunResult> {
    const [file, ...rest] = [...(this.opts.prefix ?? []), cmd, ...args];
    return new Promise((resolve) => {
      let stdout = '';
      let stderr = '';
      const child = spawn(file, rest, {
        stdio: ['pipe', 'pipe', 'pipe'],
        timeout: RUN_TIMEOUT_MS,
        killSignal: 'SIGKILL',
      });
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', (err) => resolve({ ok: false, error: `${cmd}: ${err.message}` }));
      child.on('close', (code, signal) =>
        resolve(
          code === 0
            ? { ok: true, stdout }
            : { ok: false, error: `${cmd} ${signal ? `killed (${signal})` : `exited ${code}`}: ${stderr.trim()}` },
        ),
      );
      child.stdin.on('error', () => {});
      child.stdin.end(input ?? '');
    });
  }
}
