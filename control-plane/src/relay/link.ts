// The two calls of one relayed session as the pumps see them, and how a session ends: the user's
// call with a status, the agent's call with OK (it finished), CANCELLED (the user left) or
// nothing (it is gone already).
import * as grpc from '@grpc/grpc-js';
import type { Logger, RelayDown, RelayUp, SessionKind } from '@coxswain/shared';

export type AgentRelayCall = grpc.ServerDuplexStream<RelayUp, RelayDown>;

export interface SessionInfo {
  id: string;
  kind: SessionKind;
  node: string;
  workload: string;
  replica: number;
  containerId: string;
}

/** How the session ended, for the user's call; undefined when the user is gone. */
export type Outcome = { code: grpc.status; details: string } | undefined;

/** Who ended the session, which decides what the agent's call is told. */
export type Ender = 'agent' | 'user' | 'agent-gone' | 'relay';

/** gRPC status codes an agent may report; anything else becomes UNKNOWN. */
export function agentCode(code: number): grpc.status {
  return Number.isInteger(code) && code > 0 && code <= 16 ? code : grpc.status.UNKNOWN;
}

/**
 * Ends both calls once, whichever side went first, and logs the session's one closing line
 * with the figures the pumps collected.
 */
export class SessionEnd {
  private done = false;

  constructor(
    private readonly user: { end(): void; emit(event: 'error', err: grpc.StatusObject | object): boolean },
    private readonly agent: AgentRelayCall,
    readonly info: SessionInfo,
    private readonly log: Logger,
    private readonly onDone: () => void,
  ) {}

  get ended(): boolean {
    return this.done;
  }

  /**
   * A grpc-js server call sends its status after the writes already queued on it, so an ending
   * waits for those: at most the valve's limit and a stream's few buffered messages.
   */
  end(by: Ender, outcome: Outcome, stats: Record<string, number>): void {
    if (this.done) return;
    this.done = true;
    if (outcome && by !== 'user') {
      if (outcome.code === grpc.status.OK) this.user.end();
      else this.user.emit('error', { code: outcome.code, details: outcome.details });
    }
    if (by === 'agent') this.agent.end();
    else if (by === 'user' || by === 'relay')
      this.agent.emit('error', {
        code: grpc.status.CANCELLED,
        details: by === 'user' ? 'the user ended the session' : (outcome?.details ?? 'session ended'),
      });
    this.log.info(
      {
        by,
        code: outcome ? grpc.status[outcome.code] : 'CANCELLED',
        details: outcome?.details,
        ...stats,
      },
      'relay session closed',
    );
    this.onDone();
  }
}
