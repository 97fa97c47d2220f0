// The agent's side of StreamLogs and Exec: an OpenSession from the control plane becomes a Relay
// call of its own, carrying one container's log stream or one command's input and output.
import type { Duplex, Readable } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import {
  type Logger,
  MAX_SESSIONS_PER_NODE,
  type OpenSession,
  RELAY_CHUNK_BYTES,
  type RelayDown,
  type RelayUp,
} from '@coxswain/shared';
import { ContainerRefused, type ContainerStreams } from '../docker';
import { ExecPump } from './exec-pump';
import { LogPump } from './log-pump';

/** One relayed session's call to the control plane. */
export type RelayCall = grpc.ClientDuplexStream<RelayUp, RelayDown>;

export interface AgentRelayOptions {
  streams: Pick<ContainerStreams, 'logs' | 'exec'>;
  /** A Relay call on the control plane's channel; throws when there is none. */
  dial: () => RelayCall;
  logger: Logger;
  maxSessions?: number;
  /** Per direction: the bytes written and not yet sent before the source is paused. */
  limitBytes?: number;
  idleFlushMs?: number;
}

/** What a command that Docker could not even start exits with, as a shell says "cannot execute". */
const EXEC_FAILED = 126;

interface Active {
  close(why: string): void;
}

export class AgentRelay {
  private readonly active = new Map<string, Active>();
  private readonly maxSessions: number;
  private readonly limitBytes: number;

  constructor(private readonly opts: AgentRelayOptions) {
    this.maxSessions = opts.maxSessions ?? MAX_SESSIONS_PER_NODE;
    this.limitBytes = opts.limitBytes ?? 2 * RELAY_CHUNK_BYTES;
  }

  get sessions(): number {
    return this.active.size;
  }

  /** Serves one OpenSession; never throws (every failure is told on the session's call). */
  open(msg: OpenSession): void {
    const log = this.opts.logger.child({
      session: msg.sessionId,
      kind: msg.kind,
      workload: msg.workload,
      replica: msg.replica,
      containerId: msg.containerId,
    });
    let call: RelayCall;
    try {
      call = this.opts.dial();
      call.write({ msg: 'hello', hello: { sessionId: msg.sessionId } });
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'relay session not opened: cannot call the control plane');
      return;
    }
    const session = new Session(call, log);
    if (this.active.has(msg.sessionId)) return session.refuse(grpc.status.ALREADY_EXISTS, 'session already open');
    if (this.active.size >= this.maxSessions) {
      return session.refuse(
        grpc.status.RESOURCE_EXHAUSTED,
        `node already serves ${this.active.size} log and exec sessions (at most ${this.maxSessions})`,
      );
    }
    this.active.set(msg.sessionId, session);
    session.onClosed = () => this.active.delete(msg.sessionId);
    const ref = { containerId: msg.containerId, workload: msg.workload, replica: msg.replica };
    if (msg.kind === 'logs') {
      void this.opts.streams.logs(ref, { follow: msg.follow, tail: msg.tail }).then(
        ({ stream, tty }) => session.runLogs(stream, tty, this.limitBytes, this.opts.idleFlushMs ?? 200),
        (err: Error) => session.fail(err),
      );
    } else if (msg.kind === 'exec') {
      void this.opts.streams.exec(ref, { command: msg.command, tty: msg.tty }).then(
        (exec) => {
          if (exec.tty && msg.rows > 0 && msg.cols > 0) session.resize(exec.resize, msg.rows, msg.cols);
          session.runExec(exec.stream, exec.tty, exec.exitCode, exec.resize, this.limitBytes);
        },
        // Docker's own refusal (a stopped container, an engine error) reads like a command that
        // could not start: the message on stderr and a non-zero exit code, as `docker exec` shows it.
        (err: Error) => (err instanceof ContainerRefused ? session.fail(err) : session.execFailed(err)),
      );
    } else {
      session.refuse(grpc.status.INVALID_ARGUMENT, `unknown session kind "${String(msg.kind)}"`);
    }
  }

  /** Ends every session (the agent stops). */
  closeAll(): void {
    for (const s of [...this.active.values()]) s.close('agent stopping');
  }
}

/** One session: its call, its engine stream once open, and the one line logged when it ends. */
class Session implements Active {
  onClosed: () => void = () => undefined;
  private closed = false;
  private engine: Readable | Duplex | undefined;
  private stats: () => Record<string, number> = () => ({});
  /** Stops the session's pump, whichever side ended the session. */
  private stopPump: () => void = () => undefined;

  constructor(
    private readonly call: RelayCall,
    private readonly log: Logger,
  ) {
    // The control plane ends the call when the user goes away or the session is refused there.
    call.on('error', (err: grpc.ServiceError) => this.close(`control plane ended it: ${err.details || err.message}`));
    call.on('status', (s: grpc.StatusObject) => {
      if (s.code !== grpc.status.OK) this.close(`control plane ended it: ${s.details}`);
    });
  }

  /**
   * Reads the call where nothing more is expected from it (logs, or a session that failed): its
   * status comes only after its messages have been read. An exec session's pump reads instead;
   * until then, stdin that arrives early waits in the call.
   */
  private discardInput(): void {
    if (this.call.listenerCount('data') === 0) this.call.on('data', () => undefined);
  }

  refuse(code: grpc.status, message: string): void {
    this.log.warn({ code: grpc.status[code], reason: message }, 'relay session refused');
    this.call.write({ msg: 'error', error: { code, message } });
    this.discardInput();
    this.end();
  }

  /** The session could not run: the control plane ends the user's call with the status. */
  fail(err: Error): void {
    if (this.closed) return;
    const code =
      err instanceof ContainerRefused
        ? err.reason === 'foreign'
          ? grpc.status.PERMISSION_DENIED
          : grpc.status.NOT_FOUND
        : grpc.status.UNAVAILABLE;
    this.call.write({ msg: 'error', error: { code, message: err.message } });
    this.discardInput();
    this.end(`failed: ${err.message}`);
  }

  execFailed(err: Error): void {
    if (this.closed) return;
    this.call.write({ msg: 'stderr', stderr: Buffer.from(`${err.message}\n`) });
    this.call.write({ msg: 'exitCode', exitCode: EXEC_FAILED });
    this.discardInput();
    this.end(`exec failed: ${err.message}`);
  }

  runLogs(stream: Readable, tty: boolean, limitBytes: number, idleFlushMs: number): void {
    if (this.adopt(stream)) return;
    this.discardInput();
    const pump = new LogPump(stream, tty, this.call, { limitBytes, idleFlushMs });
    this.stopPump = () => pump.abandon();
    this.stats = () => ({
      dockerBytes: pump.dockerBytes,
      sentBytes: pump.valve.delivered,
      maxHeldBytes: pump.valve.maxHeld,
    });
    stream.on('end', () => {
      pump.finish();
      this.end('output ended');
    });
    const broke = (why: string) => {
      pump.abandon();
      this.fail(new Error(`the engine's log stream broke: ${why}`));
    };
    stream.on('error', (err: Error) => broke(err.message));
    // After 'end' the session is over and this does nothing; before it, the engine went away.
    stream.on('close', () => broke('closed before its end'));
    pump.start((err) => {
      pump.abandon();
      this.fail(err);
    });
    this.log.info({ tty }, 'relay session opened');
  }

  runExec(
    stream: Duplex,
    tty: boolean,
    exitCode: () => Promise<number>,
    resize: (rows: number, cols: number) => Promise<void>,
    limitBytes: number,
  ): void {
    if (this.adopt(stream)) return;
    const pump = new ExecPump(stream, tty, this.call, {
      limitBytes,
      resize: (rows, cols) => this.resize(resize, rows, cols),
    });
    this.stopPump = () => pump.stop();
    this.stats = () => ({
      dockerBytes: pump.dockerBytes,
      sentBytes: pump.valve.delivered,
      maxHeldBytes: pump.valve.maxHeld,
      stdinBytes: pump.stdinValve.delivered,
    });
    let ended = false;
    const outputEnded = () => {
      // Also when the session's own end destroyed the connection: then nobody waits for a code.
      if (ended || this.closed) return;
      ended = true;
      exitCode().then(
        (code) => {
          pump.finish(code);
          this.end(`exited with ${code}`);
        },
        (err: Error) => {
          pump.stop();
          this.fail(err);
        },
      );
    };
    stream.on('end', outputEnded);
    stream.on('close', outputEnded);
    stream.on('error', (err: Error) => this.log.debug({ err: err.message }, 'exec connection error'));
    pump.start((err) => {
      pump.stop();
      this.fail(err);
    });
    this.log.info({ tty }, 'relay session opened');
  }

  resize(resize: (rows: number, cols: number) => Promise<void>, rows: number, cols: number): void {
    resize(rows, cols).catch((err: Error) => this.log.debug({ err: err.message, rows, cols }, 'resize failed'));
  }

  /** Takes the engine stream; true when the session already ended and the stream was closed. */
  private adopt(stream: Readable | Duplex): boolean {
    this.engine = stream;
    if (!this.closed) return false;
    stream.destroy();
    return true;
  }

  /** Half-closes the call after what was written; the control plane ends it with the status. */
  private end(why = 'ended'): void {
    try {
      this.call.end();
    } catch {
      /* already closed */
    }
    this.finish(why);
  }

  close(why: string): void {
    if (this.closed) return;
    this.finish(why);
    this.call.cancel();
  }

  private finish(why: string): void {
    if (this.closed) return;
    this.closed = true;
    this.stopPump();
    this.engine?.destroy();
    this.log.info({ reason: why, ...this.stats() }, 'relay session closed');
    this.onClosed();
  }
}
