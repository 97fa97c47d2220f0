// A log session on the control plane: the agent's batches of lines, one LogLine each to the
// user, with the agent's call paused while the user's holds too much (see Valve).
import * as grpc from '@grpc/grpc-js';
import { type LogLine, logLineBytes, type RelayUp, type StreamLogsRequest, Valve } from '@coxswain/shared';
import { type AgentRelayCall, agentCode, type Ender, type Outcome, type SessionEnd } from './link';

export type UserLogCall = grpc.ServerWritableStream<StreamLogsRequest, LogLine>;

export function pumpLogs(user: UserLogCall, agent: AgentRelayCall, end: SessionEnd, limitBytes: number): void {
  const valve = new Valve(agent, user, { limitBytes });
  let fromAgent = 0;
  const finish = (by: Ender, outcome: Outcome) => {
    valve.close();
    end.end(by, outcome, { fromAgentBytes: fromAgent, toUserBytes: valve.delivered, maxHeldBytes: valve.maxHeld });
  };

  agent.on('data', (m: RelayUp) => {
    if (end.ended) return;
    switch (m.msg) {
      case 'logs':
        for (const line of m.logs.lines) {
          const bytes = logLineBytes(line);
          fromAgent += bytes;
          valve.write({ line: line.line, stream: line.stream, time: line.time }, bytes);
        }
        return;
      case 'error':
        return finish('agent', { code: agentCode(m.error.code), details: m.error.message });
      default:
        return finish('relay', {
          code: grpc.status.INTERNAL,
          details: `the agent sent "${String(m.msg)}" on a log session`,
        });
    }
  });
  // The agent half-closes once the engine's stream has ended: the user gets OK after the lines.
  agent.on('end', () => finish('agent', { code: grpc.status.OK, details: '' }));
  agent.on('cancelled', () =>
    finish('agent-gone', { code: grpc.status.UNAVAILABLE, details: `the agent of node ${end.info.node} went away` }),
  );
  user.on('cancelled', () => finish('user', undefined));
  agent.resume();
}
