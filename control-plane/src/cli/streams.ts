// `logs` and `exec`: a replica's output and a command inside its container, streamed through the
// control plane from the replica's agent. A slow terminal or pipe pauses the stream (and so,
// through gRPC flow control, the agent) instead of buffering without limit.
import type { Writable } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import type { ExecOutput, ExecRequest, LogLine, WorkloadMsg } from '@coxswain/shared';
import type { Api } from './connect';
import { CliError, fromStatus, usageError } from './errors';

export interface ReplicaRef {
  name: string;
  /** Undefined: the CLI picks one (the lowest running replica), as kubectl does for a deployment. */
  replica?: number;
}

/** `web` or `web/2`. */
export function parseReplicaRef(arg: string): ReplicaRef {
  const m = /^([^/]+)(?:\/(\d+))?$/.exec(arg);
  if (!m) throw usageError(`"${arg}" is not NAME or NAME/REPLICA (e.g. web or web/0)`);
  return { name: m[1], replica: m[2] === undefined ? undefined : Number(m[2]) };
}

export async function pickReplica(api: Api, ref: ReplicaRef): Promise<number> {
  if (ref.replica !== undefined) return ref.replica;
  const w = await api.call<WorkloadMsg>('GetWorkload', { name: ref.name });
  const byId = [...w.status.replicas].sort((a, b) => a.id - b.id);
  const chosen = byId.find((r) => r.state === 'RUNNING') ?? byId.find((r) => r.containerId);
  if (!chosen)
    throw new CliError(
      `workload "${ref.name}" has no replica with a container yet (coxswain describe workload ${ref.name} says why)`,
    );
  return chosen.id;
}

/** Writes to `to`, pausing `from` until `to` drains when it is full. */
function writeWithPause(to: Writable, chunk: string | Buffer, from: { pause(): void; resume(): void }): void {
  if (!to.write(chunk)) {
    from.pause();
    to.once('drain', () => from.resume());
  }
}

function settle(call: grpc.ClientReadableStream<unknown> | grpc.ClientDuplexStream<unknown, unknown>, server: string) {
  return new Promise<void>((resolve, reject) => {
    call.on('error', (err: grpc.ServiceError) =>
      err.code === grpc.status.CANCELLED ? resolve() : reject(fromStatus(err, server)),
    );
    call.on('end', resolve);
  });
}

export interface LogsOptions {
  follow: boolean;
  tail?: number;
  timestamps: boolean;
}

export async function streamLogs(
  api: Api,
  ref: ReplicaRef,
  o: LogsOptions,
  io = { stdout: process.stdout as Writable, stderr: process.stderr as Writable },
): Promise<void> {
  const replica = await pickReplica(api, ref);
  const call = api.stream<LogLine>('StreamLogs', { name: ref.name, replica, follow: o.follow, tail: o.tail ?? 0 });
  const done = settle(call, api.server);
  call.on('data', (l: LogLine) =>
    writeWithPause(
      l.stream === 'stderr' ? io.stderr : io.stdout,
      `${o.timestamps && l.time ? `${l.time} ` : ''}${l.line}\n`,
      call,
    ),
  );
  const stop = () => call.cancel();
  process.once('SIGINT', stop);
  try {
    await done;
  } finally {
    process.removeListener('SIGINT', stop);
  }
}

export interface ExecOptions {
  command: string[];
  /** Send this process's stdin (-i). */
  stdin: boolean;
  /** Allocate a terminal (-t). */
  tty: boolean;
}

/** Runs the command; resolves with its exit code. */
export async function runExec(api: Api, ref: ReplicaRef, o: ExecOptions): Promise<number> {
  if (o.command.length === 0) throw usageError('exec needs a command after --: coxswain exec web/0 -- sh -c "..."');
  const replica = await pickReplica(api, ref);
  const call = api.duplex<Partial<ExecRequest>, ExecOutput>('Exec');
  const size = () => ({ rows: process.stdout.rows ?? 0, cols: process.stdout.columns ?? 0 });
  call.write({ name: ref.name, replica, command: o.command, tty: o.tty, ...(o.tty ? size() : {}) });
  let exitCode: number | undefined;
  const done = settle(call, api.server);
  call.on('data', (m: ExecOutput) => {
    if (m.msg === 'stdout') writeWithPause(process.stdout, m.stdout, call);
    else if (m.msg === 'stderr') writeWithPause(process.stderr, m.stderr, call);
    else exitCode = m.exitCode;
  });

  const input = process.stdin;
  const raw = o.tty && input.isTTY;
  const onResize = () => call.write(size());
  if (o.stdin) {
    if (raw) input.setRawMode(true);
    input.on('data', (chunk: Buffer) => {
      if (!call.write({ stdin: chunk })) {
        input.pause();
        call.once('drain', () => input.resume());
      }
    });
    input.on('end', () => call.write({ stdinEof: true }));
    if (o.tty) process.stdout.on('resize', onResize);
  } else call.write({ stdinEof: true });
  try {
    await done;
  } finally {
    if (raw) input.setRawMode(false);
    process.stdout.removeListener('resize', onResize);
    input.pause();
    input.removeAllListeners('data');
  }
  if (exitCode === undefined) throw new CliError('the exec stream ended without an exit code');
  return exitCode;
}
