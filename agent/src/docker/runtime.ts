import type Docker from 'dockerode';
import {
  containerName,
  LABEL_EPOCH,
  LABEL_GENERATION,
  LABEL_WORKLOAD,
  type Logger,
  type StartReplica,
} from '@coxswain/shared';
import { answerWithin, CALL_TIMEOUT_MS, dockerMessage, statusOf, within } from './connect';
import { KeyedLock } from './keyed-lock';
import { containerShape, LABEL_SHAPE, shapeOf, volumeLabels, volumeName } from './container-spec';
import { containerLabels, isCoxswainContainer, type ManagedContainer, matchesCommand, toManaged } from './labels';

export interface RuntimeOptions {
  /** This node's name, written into every container's coxswain.node label. */
  node: string;
  /**
   * Docker network mode for a command that names none (an older control plane's); a workload's
   * own network always wins.
   */
  networkMode?: string;
  /**
   * The --advertise-address when given: bridge ports are published there. Without it they are
   * published on every address of the host.
   */
  advertiseAddress?: string;
  /** Grace period between SIGTERM and SIGKILL when stopping. */
  stopTimeoutSeconds?: number;
  logger: Logger;
  /** Longest a request/response call may take (default CALL_TIMEOUT_MS); a stop adds its grace. */
  callTimeoutMs?: number;
}

/** A pull moves a whole image: it gets minutes, not the seconds of other calls. */
const PULL_TIMEOUT_MS = 10 * 60_000;
/** Creating a container can mean creating its layer on a busy disk. */
const CREATE_TIMEOUT_MS = 30_000;

/**
 * An error whose message is meant for the control plane as an ack's reason. The engine's own
 * error is its cause, so that callers can tell "the engine said no" from "the engine is gone".
 */
export class RuntimeError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

class NameConflict extends RuntimeError {}

function inspectFacts(c: Docker.ContainerInspectInfo): ManagedContainer {
  return toManaged({
    id: c.Id,
    name: c.Name,
    labels: c.Config?.Labels ?? undefined,
    state: c.State?.Status ?? 'unknown',
    exitCode: c.State?.ExitCode,
    startedAt: c.State?.StartedAt,
    finishedAt: c.State?.FinishedAt,
    pid: c.State?.Pid,
    network: c.HostConfig?.NetworkMode,
  });
}

/**
 * The agent's only way to touch the engine. Every operation on a container runs under that
 * container's name lock, and nothing here acts on containers without the coxswain labels.
 */
export class DockerRuntime {
  private readonly lock = new KeyedLock();
  private readonly log: Logger;
  /** COXSWAIN_HOST_IP of new containers: the advertise address, once the agent knows it. */
  private hostIp: string;

  constructor(
    readonly docker: Docker,
    private readonly opts: RuntimeOptions,
  ) {
    this.log = opts.logger;
    this.hostIp = opts.advertiseAddress ?? '';
  }

  /** Options that abort a request/response call after the configured timeout. */
  private timed(extraMs = 0): { abortSignal: AbortSignal } {
    return within((this.opts.callTimeoutMs ?? CALL_TIMEOUT_MS) + extraMs);
  }

  /** The address the agent advertises (its own to the control plane unless a flag said). */
  setHostIp(address: string): void {
    this.hostIp = address;
  }

  /**
   * The engine's networks by name: the control plane places a workload only where its network
   * exists. An engine that cannot be asked reports none, which the control plane reads as "not
   * known" (a start on it fails and says why, rather than waiting for a report that may not come).
   */
  async networks(): Promise<string[]> {
    try {
      return (await this.docker.listNetworks(this.timed())).map((n) => n.Name).sort();
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, "cannot list the engine's networks");
      return [];
    }
  }

  /** Every Coxswain container on the engine, inspected (list alone lacks exit codes and times). */
  async list(): Promise<ManagedContainer[]> {
    let summaries: Docker.ContainerInfo[];
    try {
      summaries = await this.docker.listContainers({
        all: true,
        filters: { label: [LABEL_WORKLOAD] },
        ...this.timed(),
      });
    } catch (err) {
      throw new RuntimeError(`list containers: ${dockerMessage(err)}`, err);
    }
    const inspected = await Promise.all(summaries.map((s) => this.inspect(s.Id)));
    return inspected.filter((c): c is ManagedContainer => c !== undefined);
  }

  /** A Coxswain container by id or name; undefined when it does not exist or is not ours. */
  async inspect(idOrName: string): Promise<ManagedContainer | undefined> {
    const raw = await this.inspectRaw(idOrName);
    return raw && isCoxswainContainer(raw.Config?.Labels) ? inspectFacts(raw) : undefined;
  }

  private async inspectRaw(idOrName: string): Promise<Docker.ContainerInspectInfo | undefined> {
    try {
      return await this.docker.getContainer(idOrName).inspect(this.timed());
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw new RuntimeError(`inspect container ${idOrName}: ${dockerMessage(err)}`, err);
    }
  }

  /** Ensures replica `cmd.replica` of `cmd.workload` runs at cmd's epoch and generation; returns its id. */
  ensureRunning(cmd: StartReplica): Promise<string> {
    const name = containerName(cmd.workload, cmd.replica);
    return this.lock.run(name, () => this.ensureRunningLocked(name, cmd));
  }

  private async ensureRunningLocked(name: string, cmd: StartReplica): Promise<string> {
    const log = this.log.child({
      workload: cmd.workload,
      replica: cmd.replica,
      epoch: cmd.epoch,
      generation: cmd.generation,
    });
    // A create can still hit "name in use" while the engine finishes an earlier removal; the
    // next attempt sees the final state.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ensureRunningOnce(name, cmd, log);
      } catch (err) {
        if (!(err instanceof NameConflict) || attempt >= 3) throw err;
        log.debug({ attempt }, 'container name still in use; retrying');
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  private async ensureRunningOnce(name: string, cmd: StartReplica, log: Logger): Promise<string> {
    const existing = await this.inspectRaw(name);
    if (existing) {
      const labels = existing.Config?.Labels ?? {};
      if (!isCoxswainContainer(labels)) {
        throw new RuntimeError(`container name ${name} is taken by a container Coxswain does not manage`);
      }
      // A "dead" container cannot be started again; it is replaced like a stale one.
      // A container from before the shape label matches on epoch and generation alone.
      const sameShape = labels[LABEL_SHAPE] === undefined || labels[LABEL_SHAPE] === shapeOf(cmd);
      if (matchesCommand(labels, cmd) && sameShape && existing.State?.Status !== 'dead') {
        if (!existing.State?.Running) {
          log.info({ containerId: existing.Id, state: existing.State?.Status }, 'starting existing container');
          await this.start(existing.Id, name);
        }
        return existing.Id;
      }
      log.info(
        {
          containerId: existing.Id,
          oldEpoch: labels[LABEL_EPOCH],
          oldGeneration: labels[LABEL_GENERATION],
          state: existing.State?.Status,
        },
        'replacing container',
      );
      await this.remove(existing.Id, name);
    }
    await this.ensureImage(cmd.image, log);
    const id = await this.create(name, cmd);
    await this.start(id, name);
    log.info({ containerId: id, container: name }, 'container started');
    return id;
  }

  private async create(name: string, cmd: StartReplica): Promise<string> {
    const shape = containerShape(cmd, {
      hostIp: this.hostIp,
      bindAddress: this.opts.advertiseAddress || '0.0.0.0',
      fallbackNetwork: this.opts.networkMode,
    });
    await this.ensureVolumes(cmd);
    try {
      const container = await this.docker.createContainer({
        name,
        Image: cmd.image,
        Cmd: shape.cmd,
        Env: shape.env,
        Labels: { ...containerLabels(cmd, this.opts.node), [LABEL_SHAPE]: shapeOf(cmd) },
        HostConfig: shape.hostConfig,
        ExposedPorts: shape.exposedPorts,
        StopTimeout: shape.stopTimeoutSeconds,
        abortSignal: AbortSignal.timeout(CREATE_TIMEOUT_MS),
      });
      return container.id;
    } catch (err) {
      if (statusOf(err) === 409) throw new NameConflict(`create container ${name}: ${dockerMessage(err)}`, err);
      throw new RuntimeError(`create container ${name} from ${cmd.image}: ${dockerMessage(err)}`, err);
    }
  }

  /**
   * A replica's named volumes, labelled as its container is. They outlive the container (a new
   * one of the same replica finds its data) and live on this host only.
   */
  private async ensureVolumes(cmd: StartReplica): Promise<void> {
    for (const m of cmd.mounts ?? []) {
      if (m.type !== 'volume') continue;
      const volume = volumeName(cmd.workload, cmd.replica, m.source);
      try {
        // Creating a local volume that exists answers with the existing one.
        await this.docker.createVolume({ Name: volume, Labels: volumeLabels(cmd, this.opts.node), ...this.timed() });
      } catch (err) {
        throw new RuntimeError(`create volume ${volume}: ${dockerMessage(err)}`, err);
      }
    }
  }

  private async start(id: string, name: string): Promise<void> {
    try {
      await this.docker.getContainer(id).start(this.timed());
    } catch (err) {
      // 304: already running, which is what we wanted.
      if (statusOf(err) === 304) return;
      throw new RuntimeError(`start container ${name}: ${dockerMessage(err)}`, err);
    }
  }

  private async remove(id: string, name: string): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true, ...this.timed() });
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw new RuntimeError(`remove container ${name}: ${dockerMessage(err)}`, err);
    }
  }

  private async ensureImage(image: string, log: Logger): Promise<void> {
    try {
      await answerWithin(this.docker.getImage(image).inspect(), this.opts.callTimeoutMs);
      return;
    } catch (err) {
      if (statusOf(err) !== 404) throw new RuntimeError(`inspect image ${image}: ${dockerMessage(err)}`, err);
    }
    log.info({ image }, 'pulling image');
    try {
      const stream = await this.docker.pull(image, { abortSignal: AbortSignal.timeout(PULL_TIMEOUT_MS) });
      // The engine reports pull failures inside the progress stream with HTTP 200, so the
      // messages themselves must be checked.
      const output = await new Promise<Array<{ error?: string }>>((resolve, reject) => {
        this.docker.modem.followProgress(stream, (err: Error | null, out: Array<{ error?: string }>) =>
          err ? reject(err) : resolve(out),
        );
      });
      const failed = output.find((o) => o.error);
      if (failed) throw new Error(failed.error);
    } catch (err) {
      throw new RuntimeError(`pull image ${image}: ${dockerMessage(err)}`, err);
    }
  }

  /**
   * Stops and removes a Coxswain container; a missing one counts as done. `graceSeconds`
   * overrides the grace it was made with (0: killed at once).
   */
  async stopAndRemove(containerId: string, graceSeconds?: number): Promise<void> {
    const found = await this.inspectRaw(containerId);
    if (!found) return;
    const name = found.Name.replace(/^\//, '');
    if (!isCoxswainContainer(found.Config?.Labels)) {
      throw new RuntimeError(`container ${containerId} (${name}) is not managed by Coxswain; refusing to remove it`);
    }
    await this.lock.run(name, async () => {
      // The grace the container was made with (its workload's stopGracePeriod), else the agent's.
      const made = (found.Config as { StopTimeout?: number } | undefined)?.StopTimeout;
      await this.stopLocked(found.Id, name, graceSeconds ?? made ?? undefined);
      await this.remove(found.Id, name);
    });
    this.log.info({ containerId: found.Id, container: name }, 'container stopped and removed');
  }

  /** Stops (keeps) a Coxswain container; `graceSeconds` overrides the configured grace. */
  async stop(containerId: string, graceSeconds?: number): Promise<void> {
    const found = await this.inspectRaw(containerId);
    if (!found) return;
    const name = found.Name.replace(/^\//, '');
    if (!isCoxswainContainer(found.Config?.Labels)) {
      throw new RuntimeError(`container ${containerId} (${name}) is not managed by Coxswain; refusing to stop it`);
    }
    await this.lock.run(name, () => this.stopLocked(found.Id, name, graceSeconds));
  }

  private async stopLocked(id: string, name: string, graceSeconds?: number): Promise<void> {
    try {
      const t = graceSeconds ?? this.opts.stopTimeoutSeconds ?? 10;
      // The engine answers a stop only after the grace (and the SIGKILL after it): the timeout covers both.
      await this.docker.getContainer(id).stop({ t, ...this.timed(t * 1000) });
    } catch (err) {
      // 304: not running; 404: gone. Both mean "not running", which is the goal.
      const status = statusOf(err);
      if (status === 304 || status === 404) return;
      throw new RuntimeError(`stop container ${name}: ${dockerMessage(err)}`, err);
    }
  }
}
