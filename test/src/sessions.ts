// StreamLogs and Exec from a test, through the grpc-js client of client.ts: buf curl cannot send
// stdin after the first message, stop reading halfway, or say when each line arrived.
import * as grpc from '@grpc/grpc-js';
import type { ExecOutput, LogLine } from '@coxswain/shared';
import type { ApiClient } from './client';

export interface ArrivedLine extends LogLine {
  /** Date.now() when the client received it. */
  arrivedAt: number;
}

export interface CallEnd {
  code: grpc.status;
  details: string;
}

export interface LogsCall {
  lines: ArrivedLine[];
  /** Resolves with the call's status (CANCELLED after cancel()). */
  ended: Promise<CallEnd>;
  call: grpc.ClientReadableStream<LogLine>;
}

type StreamingClient = grpc.Client & {
  StreamLogs(req: object, opts?: grpc.CallOptions): grpc.ClientReadableStream<LogLine>;
  Exec(opts?: grpc.CallOptions): grpc.ClientDuplexStream<object, ExecOutput>;
};

function statusOf(
  call: grpc.ClientReadableStream<unknown> | grpc.ClientDuplexStream<object, unknown>,
): Promise<CallEnd> {
  return new Promise((resolve) => {
    // 'error' carries the same status as 'status'; listened to so that it is never unhandled.
    call.on('error', () => undefined);
    call.on('status', (s: grpc.StatusObject) => resolve({ code: s.code, details: s.details }));
  });
}

/** Starts StreamLogs; `onLine` may pause the call (a reader that stops reading). */
export function streamLogs(
  api: ApiClient,
  req: { name: string; replica?: number; follow?: boolean; tail?: number },
  onLine?: (l: ArrivedLine, call: grpc.ClientReadableStream<LogLine>) => void,
): LogsCall {
  const call = (api.raw as StreamingClient).StreamLogs(req);
  const lines: ArrivedLine[] = [];
  call.on('data', (l: LogLine) => {
    const line = { ...l, arrivedAt: Date.now() };
    lines.push(line);
    onLine?.(line, call);
  });
  return { lines, ended: statusOf(call), call };
}

export interface ExecResult extends CallEnd {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
}

/** Runs a command to its end: the first message, then `stdin` chunks, then (with `eof`) the end of stdin. */
export async function exec(
  api: ApiClient,
  first: { name: string; replica?: number; command: string[]; tty?: boolean },
  stdin: string[] = [],
  eof = false,
  timeoutMs = 20_000,
): Promise<ExecResult> {
  const call = (api.raw as StreamingClient).Exec({ deadline: Date.now() + timeoutMs });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  let exitCode: number | undefined;
  call.on('data', (m: ExecOutput) => {
    if (m.msg === 'stdout') stdout.push(m.stdout);
    else if (m.msg === 'stderr') stderr.push(m.stderr);
    else exitCode = m.exitCode;
  });
  const ended = statusOf(call);
  call.write(first);
  for (const chunk of stdin) call.write({ stdin: Buffer.from(chunk) });
  if (eof) call.write({ stdinEof: true });
  const status = await ended;
  return {
    ...status,
    stdout: Buffer.concat(stdout).toString(),
    stderr: Buffer.concat(stderr).toString(),
    exitCode,
  };
}
