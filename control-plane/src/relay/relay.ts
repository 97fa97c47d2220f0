// StreamLogs and Exec relayed to the replica's agent: the session is opened over the node's
// Connect stream (OpenSession), the agent answers with a Relay call of its own naming it, and
// the pumps join that call to the user's.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import {
  type ExecRequest,
  type Logger,
  MAX_SESSIONS_PER_NODE,
  type OpenSession,
  RELAY_CHUNK_BYTES,
  type RelayUp,
  type SessionKind,
} from '@coxswain/shared';
import { pumpExec, type UserExecCall } from './exec-pump';
import { type AgentRelayCall, type SessionInfo, SessionEnd } from './link';
import { pumpLogs, type UserLogCall } from './log-pump';
import { SessionTable, TableFull } from './table';

/** The running container a session is for, as the API found it. */
export interface RelayTarget {
  workload: string;
  replica: number;
  node: string;
  containerId: string;
}

export interface RelayDeps {
  log: Logger;
  /** Writes an OpenSession onto the node's Connect stream; false when the node has none. */
  sendOpen: (node: string, open: OpenSession) => boolean;
  /**
   * Throws (an error with a gRPC `code`) unless the call's client certificate is the node's.
   * Undefined with --insecure.
   */
  authorize?: (call: AgentRelayCall, node: string) => void;
}

export interface RelayOptions {
  /** How long the agent has to answer an OpenSession with its Relay call. */
  openTimeoutMs?: number;
  maxSessionsPerNode?: number;
  /** Per direction: bytes written to a call and not yet sent before the other call is paused. */
  limitBytes?: number;
}

export class RelayError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

interface Waiter {
  resolve(call: AgentRelayCall): void;
  reject(err: RelayError): void;
  /** Once the session is open: how it ends. */
  end?: SessionEnd;
}

export class Relay {
  private readonly table: SessionTable<Waiter>;
  private readonly openTimeoutMs: number;
  private readonly limitBytes: number;

  constructor(
    private readonly deps: RelayDeps,
    opts: RelayOptions = {},
  ) {
    this.table = new SessionTable(opts.maxSessionsPerNode ?? MAX_SESSIONS_PER_NODE);
    this.openTimeoutMs = opts.openTimeoutMs ?? 10_000;
    this.limitBytes = opts.limitBytes ?? 2 * RELAY_CHUNK_BYTES;
  }

  /** Sessions of a node, pending or open. */
  sessionsOn(node: string): number {
    return this.table.countOn(node);
  }

  /** Serves StreamLogs for a replica the API resolved; ends the user's call with a status. */
  streamLogs(user: UserLogCall, target: RelayTarget, opts: { follow: boolean; tail: number }): void {
    this.run(user, target, 'logs', { follow: opts.follow, tail: opts.tail }, (agent, end) =>
      pumpLogs(user, agent, end, this.limitBytes),
    );
  }

  /** Serves Exec; `first` is the validated first message, and the user's call is paused. */
  exec(user: UserExecCall, target: RelayTarget, first: ExecRequest): void {
    const fields = { command: first.command, tty: first.tty, rows: first.rows, cols: first.cols };
    this.run(user, target, 'exec', fields, (agent, end) => pumpExec(user, agent, first, end, this.limitBytes));
  }

  private run(
    user: UserLogCall | UserExecCall,
    target: RelayTarget,
    kind: SessionKind,
    fields: Partial<OpenSession>,
    pump: (agent: AgentRelayCall, end: SessionEnd) => void,
  ): void {
    const id = randomUUID();
    const info: SessionInfo = { id, kind, ...target };
    const log = this.deps.log.child({
      session: id,
      kind,
      node: target.node,
      workload: target.workload,
      replica: target.replica,
    });
    let userGone = false;
    const onCancel = () => {
      userGone = true;
      this.table.get(id)?.data.reject(new RelayError(grpc.status.CANCELLED, 'the user ended the session'));
    };
    user.on('cancelled', onCancel);
    this.open(info, fields).then(
      (agent) => {
        user.off('cancelled', onCancel);
        const end = new SessionEnd(user, agent, info, log, () => this.table.release(id));
        const entry = this.table.get(id);
        if (entry) entry.data.end = end;
        if (userGone) return end.end('user', undefined, {});
        log.info({ containerId: target.containerId }, 'relay session opened');
        pump(agent, end);
      },
      (err: RelayError) => {
        user.off('cancelled', onCancel);
        if (userGone) return;
        log.warn({ code: grpc.status[err.code], reason: err.message }, 'relay session not opened');
        user.emit('error', { code: err.code, details: err.message });
      },
    );
  }

  /** Sends the OpenSession and waits for the agent's Relay call for it. */
  private open(info: SessionInfo, fields: Partial<OpenSession>): Promise<AgentRelayCall> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = () => {
        clearTimeout(timer);
        if (this.table.get(info.id)?.state === 'pending') this.table.release(info.id);
      };
      const waiter: Waiter = {
        resolve: (call) => {
          clearTimeout(timer);
          resolve(call);
        },
        reject: (err) => {
          settle();
          reject(err);
        },
      };
      try {
        this.table.reserve(info.id, info.node, info.kind, waiter);
      } catch (err) {
        if (err instanceof TableFull) return reject(new RelayError(grpc.status.RESOURCE_EXHAUSTED, err.message));
        throw err;
      }
      timer = setTimeout(
        () =>
          waiter.reject(
            new RelayError(
              grpc.status.UNAVAILABLE,
              `the agent of node ${info.node} did not answer the session within ${this.openTimeoutMs / 1000}s`,
            ),
          ),
        this.openTimeoutMs,
      );
      const open: OpenSession = {
        sessionId: info.id,
        containerId: info.containerId,
        kind: info.kind,
        workload: info.workload,
        replica: info.replica,
        follow: false,
        tail: 0,
        command: [],
        tty: false,
        rows: 0,
        cols: 0,
        ...fields,
      };
      if (!this.deps.sendOpen(info.node, open))
        waiter.reject(new RelayError(grpc.status.UNAVAILABLE, `node ${info.node} is not connected`));
    });
  }

  /** The gRPC handler of AgentGateway.Relay: the first message names the session. */
  handleRelay = (call: AgentRelayCall): void => {
    const refuse = (code: grpc.status, details: string, session?: string, node?: string) => {
      this.deps.log.warn(
        { session, node, peer: call.getPeer(), code: grpc.status[code], details },
        'relay call refused',
      );
      call.emit('error', { code, details });
    };
    const helloTimer = setTimeout(
      () => refuse(grpc.status.DEADLINE_EXCEEDED, `no hello within ${this.openTimeoutMs / 1000}s`),
      this.openTimeoutMs,
    );
    call.on('cancelled', () => clearTimeout(helloTimer));
    call.once('data', (m: RelayUp) => {
      clearTimeout(helloTimer);
      // Held until the session's pump takes over, so that no message is read without a reader.
      call.pause();
      if (m.msg !== 'hello') return refuse(grpc.status.INVALID_ARGUMENT, 'the first message must be hello');
      const id = m.hello.sessionId;
      const entry = this.table.get(id);
      if (!entry)
        return refuse(
          grpc.status.NOT_FOUND,
          `session "${id.slice(0, 64)}" is not open (ended, timed out or never opened)`,
          id.slice(0, 64),
        );
      // The certificate must be the node's the session was opened on, as for its Connect stream.
      try {
        this.deps.authorize?.(call, entry.node);
      } catch (err) {
        const code = (err as { code?: number }).code ?? grpc.status.PERMISSION_DENIED;
        return refuse(code, `session ${id} belongs to node ${entry.node}: ${(err as Error).message}`, id, entry.node);
      }
      const claimed = this.table.claim(id, entry.node);
      if (typeof claimed === 'string')
        return refuse(grpc.status.ALREADY_EXISTS, `session ${id} is taken already`, id, entry.node);
      claimed.data.resolve(call);
    });
  };

  /** Ends every session (the control plane stops). */
  closeAll(): void {
    const stopping = { code: grpc.status.UNAVAILABLE, details: 'the control plane is stopping' };
    for (const e of this.table.entries()) {
      if (e.data.end) e.data.end.end('relay', stopping, {});
      else e.data.reject(new RelayError(stopping.code, stopping.details));
    }
  }
}
