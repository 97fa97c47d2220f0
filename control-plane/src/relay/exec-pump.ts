// An exec session on the control plane: the command's output from the agent to the user and
// the user's stdin to the agent, each direction pausing its source while its destination holds
// too much (see Valve). The exit code is the last message to the user.
import * as grpc from '@grpc/grpc-js';
import {
  type ExecOutput,
  type ExecRequest,
  RELAY_CHUNK_BYTES,
  type RelayDown,
  type RelayUp,
  Valve,
} from '@coxswain/shared';
import { type AgentRelayCall, agentCode, type Ender, type Outcome, type SessionEnd } from './link';

export type UserExecCall = grpc.ServerDuplexStream<ExecRequest, ExecOutput>;

export function pumpExec(
  user: UserExecCall,
  agent: AgentRelayCall,
  first: ExecRequest,
  end: SessionEnd,
  limitBytes: number,
): void {
  const out = new Valve(agent, user, { limitBytes });
  const input = new Valve(user, agent, { limitBytes });
  let stdinClosed = false;
  const finish = (by: Ender, outcome: Outcome) => {
    out.close();
    input.close();
    end.end(by, outcome, {
      fromAgentBytes: out.written,
      toUserBytes: out.delivered,
      maxHeldBytes: out.maxHeld,
      stdinBytes: input.written,
      maxStdinHeldBytes: input.maxHeld,
    });
  };
  const closeStdin = () => {
    if (stdinClosed || end.ended) return;
    stdinClosed = true;
    input.write({ msg: 'stdinEof', stdinEof: true } satisfies RelayDown, 0);
  };
  // Later messages carry stdin, a terminal size and the end of stdin; the first may too (its
  // size went with the OpenSession already).
  const onRequest = (r: ExecRequest, isFirst: boolean) => {
    if (end.ended) return;
    if (!isFirst && (r.rows > 0 || r.cols > 0))
      input.write({ msg: 'resize', resize: { rows: r.rows, cols: r.cols } } satisfies RelayDown, 0);
    if (!stdinClosed) {
      for (let at = 0; at < r.stdin.length; at += RELAY_CHUNK_BYTES) {
        const part = r.stdin.subarray(at, at + RELAY_CHUNK_BYTES);
        input.write({ msg: 'stdin', stdin: part } satisfies RelayDown, part.length);
      }
    }
    if (r.stdinEof) closeStdin();
  };

  agent.on('data', (m: RelayUp) => {
    if (end.ended) return;
    switch (m.msg) {
      case 'stdout':
        return out.write({ msg: 'stdout', stdout: m.stdout } satisfies ExecOutput, m.stdout.length);
      case 'stderr':
        return out.write({ msg: 'stderr', stderr: m.stderr } satisfies ExecOutput, m.stderr.length);
      case 'exitCode':
        user.write({ msg: 'exitCode', exitCode: m.exitCode } satisfies ExecOutput);
        return finish('agent', { code: grpc.status.OK, details: '' });
      case 'error':
        return finish('agent', { code: agentCode(m.error.code), details: m.error.message });
      default:
        return finish('relay', {
          code: grpc.status.INTERNAL,
          details: `the agent sent "${String(m.msg)}" on an exec session`,
        });
    }
  });
  agent.on('end', () =>
    finish('agent', {
      code: grpc.status.UNAVAILABLE,
      details: `the agent of node ${end.info.node} ended the exec without an exit code`,
    }),
  );
  agent.on('cancelled', () =>
    finish('agent-gone', { code: grpc.status.UNAVAILABLE, details: `the agent of node ${end.info.node} went away` }),
  );
  user.on('data', (r: ExecRequest) => onRequest(r, false));
  // A user who has nothing more to send has no more stdin either.
  user.on('end', closeStdin);
  user.on('cancelled', () => finish('user', undefined));
  onRequest(first, true);
  user.resume();
  agent.resume();
}
