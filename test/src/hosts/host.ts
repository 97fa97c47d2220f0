import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import Docker from 'dockerode';
import { run, tryRun, type RunOptions, type RunResult } from './exec';
import { engineSocket, startEngine } from './engine';
import { ensureBusyboxImage } from './image';
import { bridgeAddress, cgroupParentName, hostAddress, namespaceName, runDir } from './naming';
import { setHostLink } from './network';
import { spawnLogged, type LoggedProcess } from './process';
import { killScope, processesIn } from './reaper';
import { findCgroups, pidsInCgroup } from './cgroups';

export interface StartProcessOptions {
  /** Log file name inside the host folder; defaults to the command's base name and a counter. */
  logName?: string;
  cwd?: string;
}

/** One simulated Docker host: a network namespace on the run's bridge with its own dockerd. */
export class TestHost {
  readonly name: string;
  readonly namespace: string;
  readonly address: string;
  /** Where the root namespace (and so the control plane) is reached from inside this host. */
  readonly gateway: string;
  readonly dir: string;
  readonly dockerSocket: string;
  /** For DOCKER_HOST or the agent's --docker-host. */
  readonly dockerHost: string;
  readonly docker: Docker;
  private engine: LoggedProcess | undefined;
  /** Whether the engine has Docker's bridge network (kept across engine restarts). */
  private bridge = false;
  private readonly processes: LoggedProcess[] = [];
  private cutState = false;
  /** The engine got SIGSTOP and no SIGCONT since: it must be woken before anything waits on it. */
  private frozen = false;
  /** The engine's --cgroup-parent folders (one per hierarchy), found on first use. */
  private cgroupDirs: string[] | undefined;

  constructor(
    readonly run: string,
    slot: number,
    readonly index: number,
  ) {
    this.name = `h${index}`;
    this.namespace = namespaceName(run, index);
    this.address = hostAddress(slot, index);
    this.gateway = bridgeAddress(slot);
    this.dir = join(runDir(run), this.name);
    this.dockerSocket = engineSocket(this.dir);
    this.dockerHost = `unix://${this.dockerSocket}`;
    this.docker = new Docker({ socketPath: this.dockerSocket });
  }

  get isCut(): boolean {
    return this.cutState;
  }

  get engineRunning(): boolean {
    return this.engine?.running ?? false;
  }

  /** SIGSTOPped: the process lives, its socket accepts connections, and nothing answers. */
  get engineFrozen(): boolean {
    return this.frozen && this.engineRunning;
  }

  /** The engine's pid (dockerd itself: nsenter execs it). */
  get enginePid(): number | undefined {
    return this.engineRunning ? this.engine?.pid : undefined;
  }

  /**
   * Signals the engine as a fault would: SIGSTOP freezes it (its containers keep running, its API
   * hangs), SIGCONT wakes it. teardown() wakes a frozen engine even when the test failed.
   */
  signalEngine(signal: 'SIGSTOP' | 'SIGCONT' | 'SIGTERM' | 'SIGKILL'): void {
    if (!this.engine?.running) throw new Error(`${this.name}: no engine running to send ${signal}`);
    if (signal === 'SIGSTOP') this.frozen = true;
    this.engine.kill(signal);
    if (signal === 'SIGCONT' || signal === 'SIGKILL') this.frozen = false;
  }

  /** SIGTERM to dockerd, as `systemctl stop docker` does; resolves once it has exited (its containers with it). */
  async stopEngine(timeoutMs = 30_000): Promise<void> {
    if (this.frozen) this.signalEngine('SIGCONT');
    if (this.engine?.running) await this.engine.stop(timeoutMs);
  }

  /** Wakes a frozen engine; safe to call at any time (cleanup calls it first). */
  thawEngine(): void {
    if (this.frozen && this.engine?.running) this.signalEngine('SIGCONT');
    this.frozen = false;
  }

  /**
   * Container id -> pids of its processes, read from the engine's cgroups rather than from the
   * engine: the only view there is of a frozen engine's containers.
   */
  async containerPids(): Promise<Map<string, number[]>> {
    this.cgroupDirs ??= await findCgroups((n) => n === cgroupParentName(this.run, this.index));
    const out = new Map<string, number[]>();
    // One hierarchy is enough, and the pids controller holds every task.
    const dir = this.cgroupDirs.find((d) => d.includes('/pids/')) ?? this.cgroupDirs[0];
    if (!dir) return out;
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (!e.isDirectory() || !/^[0-9a-f]{64}$/.test(e.name)) continue;
      const pids = await pidsInCgroup(join(dir, e.name));
      if (pids.length > 0) out.set(e.name, pids);
    }
    return out;
  }

  /** Starts (or starts again) the engine and makes sure it has the test image. */
  async startDocker(opts: { bridge?: boolean } = {}): Promise<void> {
    if (this.engine?.running) throw new Error(`${this.name}: dockerd already running (pid ${this.engine.pid})`);
    if (opts.bridge !== undefined) this.bridge = opts.bridge;
    this.engine = await startEngine({
      dir: this.dir,
      namespace: this.namespace,
      cgroupParent: cgroupParentName(this.run, this.index),
      bridge: this.bridge,
    });
    await ensureBusyboxImage(this.docker);
  }

  /** A clean engine restart: containers stop with it, as they would on a real host. */
  async restartDocker(): Promise<void> {
    if (this.engine?.running) await this.engine.stop(20_000);
    await this.startDocker();
  }

  /** Runs a command inside the host's network namespace; fails on a non-zero exit. */
  exec(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
    return run('nsenter', [`--net=/run/netns/${this.namespace}`, cmd, ...args], opts);
  }

  /** Like exec, but resolves with the exit code instead of failing. */
  tryExec(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
    return tryRun('nsenter', [`--net=/run/netns/${this.namespace}`, cmd, ...args], opts);
  }

  /**
   * Starts a long-lived process (an agent, a server) inside the namespace, with `env` added to
   * this process's environment and its output in a log file under the host folder.
   */
  startProcess(
    cmd: string,
    args: string[],
    env: NodeJS.ProcessEnv = {},
    opts: StartProcessOptions = {},
  ): LoggedProcess {
    const base = cmd.slice(cmd.lastIndexOf('/') + 1);
    const logName = opts.logName ?? `${base}-${this.processes.length + 1}.log`;
    const proc = spawnLogged('nsenter', [`--net=/run/netns/${this.namespace}`, cmd, ...args], {
      logFile: join(this.dir, 'logs', logName),
      env: { ...process.env, ...env },
      cwd: opts.cwd,
    });
    this.processes.push(proc);
    return proc;
  }

  /** Pulls the host's cable: agent and containers keep running but nothing reaches the bridge. */
  async cut(): Promise<void> {
    await setHostLink(this.run, this.index, false);
    this.cutState = true;
  }

  async heal(): Promise<void> {
    await setHostLink(this.run, this.index, true);
    this.cutState = false;
  }

  /**
   * Power loss: SIGKILLs the engine, every process in the namespace (the agent, shims, host-network
   * containers) and every process in the engine's cgroup parent (containers with their own
   * namespaces, which a killed dockerd would otherwise leave running).
   */
  async kill(): Promise<void> {
    const stubborn = await killScope(this.scope());
    if (stubborn.length > 0) throw new Error(`${this.name}: processes survived SIGKILL: ${stubborn.join(', ')}`);
    if (this.engine) await this.engine.wait(10_000);
  }

  /** Live processes that belong to this host; empty after kill(). */
  async livePids(): Promise<number[]> {
    return processesIn(this.scope());
  }

  private scope() {
    return {
      namespaces: [this.namespace],
      cgroupName: new RegExp(`^${cgroupParentName(this.run, this.index)}$`),
      dir: this.dir,
    };
  }
}
