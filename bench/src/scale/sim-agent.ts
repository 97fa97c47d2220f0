// A simulated agent for the scale bench: the real protocol without an engine. It joins with the
// join token (the agent's own AgentIdentity: a real certificate, mutual TLS), registers, sends a
// heartbeat every interval the control plane gives and times each ack, acknowledges every start
// and stop command and reports the container running or gone, and answers mesh tables. Its own
// lease runs out, as a real agent's would, when no ack came within the lease: that is counted.
import { createHash } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { AgentIdentity, gatewayChannelOptions } from '@coxswain/agent';
import { createLogger, loadServices, type ContainerInfo, type ControlMessage } from '@coxswain/shared';

/** Written as the wire's oneof (a field per case), as the agent's session does. */
type Stream = grpc.ClientDuplexStream<unknown, ControlMessage>;
type AgentMessage = Record<string, unknown>;

export interface SimAgentOptions {
  target: string;
  name: string;
  joinToken: string;
  stateDir: string;
  capacity: { cpuMillis: number; memoryBytes: number };
  /** Heartbeat ack round trips, ms, with when they arrived. */
  onAck: (rttMs: number) => void;
  /** Retry after a lost stream (a real agent's first backoff). */
  reconnectMs?: number;
}

const silent = createLogger('sim-agent', 'silent');

export class SimAgent {
  private client: grpc.Client | undefined;
  private stream: Stream | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;
  private leaseMs = 3000;
  private lastAckAt = 0;
  private expired = false;
  /** workload/replica -> its container. */
  private readonly containers = new Map<string, ContainerInfo>();
  leaseExpiries = 0;
  disconnects = 0;
  commands = 0;
  stops = 0;
  registered = false;
  /** Cut off on purpose (see silence): says nothing more, and its containers no longer count. */
  silenced = false;

  constructor(private readonly opts: SimAgentOptions) {}

  /** Joins and registers; resolves once registered. */
  async start(): Promise<void> {
    const identity = new AgentIdentity({
      target: this.opts.target,
      name: this.opts.name,
      joinToken: this.opts.joinToken,
      stateDir: this.opts.stateDir,
      logger: silent,
    });
    const creds = await identity.credentials();
    // The agent's own channel options, so that the control plane is loaded as agents load it.
    const channelOptions = gatewayChannelOptions(identity.channelOptions);
    identity.close();
    const { AgentGateway } = loadServices();
    this.client = new AgentGateway(this.opts.target, creds, channelOptions);
    await this.connect();
  }

  private connect(): Promise<void> {
    const stream = (this.client as unknown as { Connect(): Stream }).Connect();
    this.stream = stream;
    return new Promise((resolve) => {
      let settled = false;
      const lost = () => {
        if (this.stream !== stream) return;
        this.stream = undefined;
        clearInterval(this.heartbeat);
        if (this.closed) return;
        this.disconnects++;
        if (!settled) {
          settled = true;
          resolve();
        }
        setTimeout(() => void this.connect(), this.opts.reconnectMs ?? 1000).unref();
      };
      stream.on('error', lost);
      stream.on('end', lost);
      stream.on('data', (m: ControlMessage) => {
        this.handle(stream, m);
        if (m.msg === 'registered' && !settled) {
          settled = true;
          resolve();
        }
      });
      stream.write({
        register: {
          name: this.opts.name,
          labels: {},
          capacity: this.opts.capacity,
          agentVersion: 'sim',
          addresses: [],
          networks: ['bridge', 'host'],
          advertiseAddress: '127.0.0.1',
          dynamicPortLow: 20000,
          dynamicPortHigh: 29999,
        },
      });
    });
  }

  private handle(stream: Stream, m: ControlMessage): void {
    if (this.silenced) return;
    const send = (msg: AgentMessage) => stream.write(msg);
    switch (m.msg) {
      case 'registered': {
        this.registered = true;
        this.leaseMs = Number(m.registered.leaseMs) || this.leaseMs;
        this.lastAckAt = Date.now();
        send({ report: { full: true, containers: [...this.containers.values()], removed: [] } });
        clearInterval(this.heartbeat);
        this.heartbeat = setInterval(() => this.beat(stream), Number(m.registered.heartbeatIntervalMs) || 1000);
        return;
      }
      case 'heartbeatAck': {
        const now = Date.now();
        this.opts.onAck(now - Number(m.heartbeatAck.sentAtMs));
        this.lastAckAt = now;
        this.expired = false;
        return;
      }
      case 'start': {
        this.commands++;
        const s = m.start;
        // Shaped like Docker's (64 hex digits): the control plane refuses report entries that are not.
        const containerId = createHash('sha256')
          .update(`${this.opts.name}/${s.workload}/${s.replica}/${s.epoch}/${s.generation}`)
          .digest('hex');
        const info = {
          containerId,
          workload: s.workload,
          replica: s.replica,
          epoch: s.epoch,
          generation: s.generation,
          state: 'running',
          exitCode: 0,
          startedAt: Date.now(),
          finishedAt: 0,
          health: '',
          healthFailures: 0,
          healthMessage: '',
        } as unknown as ContainerInfo;
        this.containers.set(`${s.workload}/${s.replica}`, info);
        send({ ack: { commandId: s.commandId, ok: true, containerId, error: '', detail: '' } });
        send({ report: { full: false, containers: [info], removed: [] } });
        return;
      }
      case 'stop': {
        this.commands++;
        this.stops++;
        const id = m.stop.containerId;
        for (const [k, c] of this.containers) if (c.containerId === id) this.containers.delete(k);
        send({
          ack: { commandId: m.stop.commandId, ok: true, containerId: id, error: '', detail: '' },
        });
        send({ report: { full: false, containers: [], removed: [id] } });
        return;
      }
      case 'mesh':
        send({ meshStatus: { revision: m.mesh.revision, unavailable: [] } });
        return;
      default:
        return;
    }
  }

  private beat(stream: Stream): void {
    const now = Date.now();
    // What a real agent's lease does: no ack for a whole lease and it counts itself cut off.
    if (!this.expired && now - this.lastAckAt > this.leaseMs) {
      this.expired = true;
      this.leaseExpiries++;
    }
    stream.write({
      heartbeat: { usage: { cpuPercent: 1, memoryUsedBytes: String(64 << 20) }, sentAtMs: now, engineError: '' },
    });
  }

  /** Its containers that count: a silenced host's are the ones the control plane must replace. */
  get running(): number {
    return this.silenced ? 0 : this.containers.size;
  }

  /** A host cut off from the control plane: no heartbeat, report or ack goes out from now on. */
  silence(): void {
    this.silenced = true;
    clearInterval(this.heartbeat);
  }

  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.stream?.cancel();
    this.client?.close();
  }
}
