// A stand-in for the agent on the AgentGateway stream, for tests of placement alone: it registers
// a host with the given labels and capacity, reports that it runs nothing, keeps its lease with
// heartbeats, and ignores every command (it never acknowledges one, so no container is expected
// and the control plane's placements stay exactly as it made them).
import * as grpc from '@grpc/grpc-js';
import { loadServices, type ControlMessage, type Register } from '@coxswain/shared';

type Stream = grpc.ClientDuplexStream<unknown, ControlMessage>;

export class ScriptedAgent {
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly client: grpc.Client,
    private readonly stream: Stream,
  ) {}

  /**
   * Connects with the node's credentials (its client certificate) and the channel options they
   * go with (AgentIdentity.channelOptions), and resolves once registered.
   */
  static connect(
    target: string,
    register: Register,
    creds: grpc.ChannelCredentials,
    channelOptions: grpc.ChannelOptions,
  ): Promise<ScriptedAgent> {
    const { AgentGateway } = loadServices();
    const client = new AgentGateway(target, creds, channelOptions);
    const stream = (client as unknown as { Connect(): Stream }).Connect();
    const agent = new ScriptedAgent(client, stream);
    return new Promise((resolve, reject) => {
      stream.on('error', (err) => reject(new Error(`agent ${register.name}: ${err.message}`)));
      stream.on('data', (m: ControlMessage) => {
        if (m.msg !== 'registered') return;
        stream.write({ report: { full: true, containers: [], removed: [] } });
        agent.timer = setInterval(
          () => stream.write({ heartbeat: { usage: { cpuPercent: 0, memoryUsedBytes: 0 }, sentAtMs: Date.now() } }),
          m.registered.heartbeatIntervalMs,
        );
        resolve(agent);
      });
      stream.write({ register });
    });
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.stream.removeAllListeners('error');
    this.stream.on('error', () => {});
    this.stream.cancel();
    this.client.close();
  }
}
