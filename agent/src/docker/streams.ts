// A replica container's output and commands run in it, as streams: what the agent relays for
// StreamLogs and Exec. Only containers of this node carrying the coxswain labels are touched.
import type { Duplex, Readable } from 'node:stream';
import type Docker from 'dockerode';
import { LABEL_NODE, LABEL_REPLICA, LABEL_WORKLOAD } from '@coxswain/shared';
import { answerWithin, dockerMessage, statusOf, within } from './connect';
import { isCoxswainContainer } from './labels';
import { RuntimeError } from './runtime';

/** Which replica the caller believes the container is; a container that is another is refused. */
export interface ReplicaRef {
  containerId: string;
  workload: string;
  replica: number;
}

/** The container is missing, not ours, or not the replica asked for: nothing was started. */
export class ContainerRefused extends RuntimeError {
  constructor(
    readonly reason: 'missing' | 'foreign' | 'other-replica',
    message: string,
  ) {
    super(message);
  }
}

export interface LogStream {
  /** The engine's raw output: multiplexed frames unless `tty`. */
  stream: Readable;
  tty: boolean;
}

export interface ExecStream {
  /** The hijacked connection: stdin goes in, output (multiplexed unless `tty`) comes out. */
  stream: Duplex;
  tty: boolean;
  resize(rows: number, cols: number): Promise<void>;
  /** Waits for the command to have exited (bounded) and returns its exit code. */
  exitCode(): Promise<number>;
}

export interface ExecOptions {
  command: string[];
  tty: boolean;
}

const CONTAINER_ID = /^[0-9a-f]{12,64}$/;
const EXIT_POLL_MS = 100;
/** The output ends when the command exits, and the engine records the code a moment later. */
const EXIT_WAIT_MS = 10_000;

export class ContainerStreams {
  constructor(
    private readonly docker: Docker,
    /** This node's name: a container labelled for another node is not this agent's. */
    private readonly node: string,
  ) {}

  /** The container's output from the engine's log, the last `tail` lines (0: all), and on with `follow`. */
  async logs(ref: ReplicaRef, opts: { follow: boolean; tail: number }): Promise<LogStream> {
    const { tty } = await this.managed(ref);
    const options = {
      follow: opts.follow,
      stdout: true,
      stderr: true,
      timestamps: true,
      tail: opts.tail > 0 ? String(opts.tail) : 'all',
    };
    // Dialled directly: dockerode's logs() without follow buffers the whole log into one Buffer.
    // A followed log may stay quiet for hours: only the wait for the engine's answer is bounded.
    const stream = await answerWithin(
      new Promise<Readable>((resolve, reject) =>
        this.docker.modem.dial(
          {
            path: `/containers/${encodeURIComponent(ref.containerId)}/logs?`,
            method: 'GET',
            isStream: true,
            statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
            options,
          },
          (err: unknown, data: unknown) =>
            err
              ? reject(new RuntimeError(`logs of container ${ref.containerId}: ${dockerMessage(err)}`))
              : resolve(data as Readable),
        ),
      ),
    );
    return { stream, tty };
  }

  /** Starts `command` in the container with stdin, stdout and stderr attached. */
  async exec(ref: ReplicaRef, opts: ExecOptions): Promise<ExecStream> {
    await this.managed(ref);
    const container = this.docker.getContainer(ref.containerId);
    let exec: Docker.Exec;
    let stream: Duplex;
    try {
      exec = await container.exec({
        Cmd: opts.command,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: opts.tty,
        ...within(),
      });
      // `Tty` again: the engine decides on multiplexing from the start request, not the exec's.
      // The stream it gives must live as long as the session: only its opening is bounded.
      stream = (await answerWithin(exec.start({ hijack: true, stdin: true, Tty: opts.tty }))) as Duplex;
    } catch (err) {
      throw new RuntimeError(`exec in container ${ref.containerId}: ${dockerMessage(err)}`);
    }
    return {
      stream,
      tty: opts.tty,
      resize: async (rows, cols) => {
        try {
          await exec.resize({ h: rows, w: cols, ...within() });
        } catch (err) {
          throw new RuntimeError(`resize exec terminal to ${rows}x${cols}: ${dockerMessage(err)}`);
        }
      },
      exitCode: () => waitForExit(exec),
    };
  }

  /** The container, if it is this node's replica `ref` names; whether it has a TTY. */
  private async managed(ref: ReplicaRef): Promise<{ tty: boolean }> {
    // The id goes into request paths: only what the engine itself hands out.
    if (!CONTAINER_ID.test(ref.containerId))
      throw new ContainerRefused('missing', `"${ref.containerId.slice(0, 80)}" is not a container id`);
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.docker.getContainer(ref.containerId).inspect(within());
    } catch (err) {
      if (statusOf(err) === 404) throw new ContainerRefused('missing', `container ${ref.containerId} does not exist`);
      throw new RuntimeError(`inspect container ${ref.containerId}: ${dockerMessage(err)}`);
    }
    const labels = info.Config?.Labels ?? {};
    if (!isCoxswainContainer(labels) || (labels[LABEL_NODE] !== undefined && labels[LABEL_NODE] !== this.node)) {
      throw new ContainerRefused('foreign', `container ${ref.containerId} is not managed by this agent`);
    }
    if (labels[LABEL_WORKLOAD] !== ref.workload || labels[LABEL_REPLICA] !== String(ref.replica)) {
      throw new ContainerRefused(
        'other-replica',
        `container ${ref.containerId} is replica ${labels[LABEL_WORKLOAD]}/${labels[LABEL_REPLICA]}, not ${ref.workload}/${ref.replica}`,
      );
    }
    return { tty: !!info.Config?.Tty };
  }
}

async function waitForExit(exec: Docker.Exec): Promise<number> {
  const deadline = Date.now() + EXIT_WAIT_MS;
  for (;;) {
    let info: Docker.ExecInspectInfo;
    try {
      info = await exec.inspect(within());
    } catch (err) {
      throw new RuntimeError(`inspect exec ${exec.id}: ${dockerMessage(err)}`);
    }
    if (!info.Running && typeof info.ExitCode === 'number') return info.ExitCode;
    if (Date.now() > deadline) {
      throw new RuntimeError(
        `the command closed its output but had not exited ${EXIT_WAIT_MS / 1000}s later; its exit code is unknown`,
      );
    }
    await new Promise((r) => setTimeout(r, EXIT_POLL_MS));
  }
}
