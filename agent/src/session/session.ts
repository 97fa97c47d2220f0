import * as grpc from '@grpc/grpc-js';
import {
  type CommandAck,
  type ContainerReport,
  type ControlMessage,
  type Heartbeat,
  type Logger,
  loadServices,
  type MeshStatus,
  type NodeUsage,
  type Register,
  type RelayDown,
  type RelayUp,
} from '@coxswain/shared';
import { Backoff } from './backoff';
import type { SessionHandlers } from './session-handlers';
import { gatewayChannelOptions, RECONNECT_MAX_MS, REGISTRATION_WAIT_MS } from './channel-options';
import { SilenceWatch } from './silence-watch';

/** The wire form of an AgentMessage: proto-loader takes the set oneof member by its field name. */
export interface Outgoing {
  register?: Register;
  heartbeat?: Heartbeat;
  report?: ContainerReport;
  ack?: CommandAck;
  meshStatus?: MeshStatus;
}

export interface SessionOptions {
  target: string;
  handlers: SessionHandlers;
  logger: Logger;
  heartbeatIntervalMs: number;
  fullReportIntervalMs?: number;
  /**
   * How long the control plane may say nothing on a registered stream before the path counts as
   * dead and the agent reconnects on a new connection (default 3 s: three heartbeats unanswered).
   */
  silenceLimitMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Plaintext when absent. */
  credentials?: grpc.ChannelCredentials;
  /**
   * With TLS: asked before each stream (it may join or have renewed in between); told when the
   * control plane refuses the certificate, so that the next ask gets a new one.
   */
  identity?: {
    credentials(): Promise<grpc.ChannelCredentials>;
    rejected(reason: string): void;
    /** Added to the channel's options: how the credentials verify the control plane's address. */
    readonly channelOptions: grpc.ChannelOptions;
  };
}

type Stream = grpc.ClientDuplexStream<Outgoing, ControlMessage>;

/** One relayed session's call to the control plane. */
type RelayCall = grpc.ClientDuplexStream<RelayUp, RelayDown>;

/**
 * The agent's end of AgentGateway/Connect: one stream at a time, re-opened with backoff whenever
 * it breaks. Everything tied to a stream (timers, "connected") lives and dies with it.
 */
type GatewayClient = grpc.Client & { Connect: () => Stream; Relay: () => RelayCall };

export class AgentSession {
  private client: GatewayClient | undefined;
  private clientCredentials: grpc.ChannelCredentials | undefined;
  private readonly backoff: Backoff;
  private readonly log: Logger;
  private stream: Stream | undefined;
  private streamSeq = 0;
  private registered = false;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private fullReportTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private heartbeatBusy = false;
  /** When the current stream's registration went out, for the lease its answer renews. */
  private registerSentAt = 0;
  private heartbeatMs: number;
  private closed = false;
  /** Consecutive attempts that ended before the control plane answered. */
  private failures = 0;
  /** The current stream's watch for a control plane gone quiet. */
  private watch: SilenceWatch | undefined;
  /** The last stream's path went silent: the next stream goes on a new channel. */
  private pathDead = false;

  constructor(private readonly opts: SessionOptions) {
    this.log = opts.logger;
    this.heartbeatMs = opts.heartbeatIntervalMs;
    this.backoff = new Backoff(opts.backoffInitialMs ?? 200, opts.backoffMaxMs ?? RECONNECT_MAX_MS);
    if (!opts.identity) this.useCredentials(opts.credentials ?? grpc.credentials.createInsecure());
  }

  /**
   * A channel per set of credentials: a renewed certificate takes effect on the next stream. After
   * a dead path (`pathDead`) a new channel, so that the next stream gets a new connection.
   */
  private useCredentials(creds: grpc.ChannelCredentials): void {
    if (this.client && this.clientCredentials === creds && !this.pathDead) return;
    this.pathDead = false;
    this.client?.close();
    this.clientCredentials = creds;
    const opts = this.opts;
    const { AgentGateway } = loadServices();
    this.client = new AgentGateway(
      opts.target,
      creds,
      gatewayChannelOptions(opts.identity?.channelOptions, {
        initialMs: opts.backoffInitialMs,
        maxMs: opts.backoffMaxMs,
      }),
    ) as unknown as GatewayClient;
  }

  /** Whether a stream is open and the control plane has answered the registration. */
  get connected(): boolean {
    return this.registered;
  }

  start(): void {
    this.open();
  }

  /** Writes on the current stream; false when there is none (the message is dropped). */
  send(message: Outgoing): boolean {
    const stream = this.stream;
    if (!stream || this.closed) return false;
    try {
      stream.write(message);
      return true;
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'write on agent stream failed');
      return false;
    }
  }

  sendReport(report: ContainerReport): boolean {
    return this.send({ report });
  }

  /**
   * A Relay call on the channel of the current stream, whose certificate it shares. Throws when
   * there is no channel (the OpenSession came on a stream that has gone since).
   */
  dialRelay(): RelayCall {
    if (!this.client || this.closed) throw new Error('not connected to the control plane');
    return this.client.Relay();
  }

  private open(): void {
    if (this.closed) return;
    const identity = this.opts.identity;
    if (!identity) {
      if (this.pathDead && this.clientCredentials) this.useCredentials(this.clientCredentials);
      return this.openStream();
    }
    identity.credentials().then(
      (creds) => {
        if (this.closed) return;
        this.useCredentials(creds);
        this.openStream();
      },
      (err: Error) => {
        if (this.closed) return;
        this.failures++;
        const fields = { err: err.message, target: this.opts.target, failures: this.failures };
        if (this.failures === 1 || this.failures % 20 === 0)
          this.log.error(fields, 'cannot get a certificate to connect with; retrying');
        else this.log.debug(fields, 'cannot get a certificate to connect with; retrying');
        this.scheduleReconnect();
      },
    );
  }

  private openStream(): void {
    const seq = ++this.streamSeq;
    const log = this.log.child({ stream: seq });
    let stream: Stream;
    try {
      if (!this.client) throw new Error('no gateway client (credentials not set up)');
      stream = this.client.Connect();
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'cannot open agent stream');
      this.scheduleReconnect();
      return;
    }
    this.stream = stream;
    stream.on('data', (msg: ControlMessage) => {
      if (seq !== this.streamSeq) return;
      this.watch?.heard();
      this.onMessage(msg, log);
    });
    const limit = this.opts.silenceLimitMs ?? 3 * this.heartbeatMs;
    this.watch = new SilenceWatch(limit, Math.max(limit, REGISTRATION_WAIT_MS), (silentMs) => {
      this.pathDead = true;
      broken(`nothing from the control plane for ${silentMs} ms; reconnecting on a new connection`);
    });
    const broken = (why: string, code?: number) => {
      if (seq !== this.streamSeq || this.stream !== stream) return;
      // Refused credentials are not cured by retrying them: the identity gets new ones.
      if (code === grpc.status.UNAUTHENTICATED || code === grpc.status.PERMISSION_DENIED)
        this.opts.identity?.rejected(why);
      const wasUp = this.registered;
      this.teardown();
      if (this.closed) return;
      // Losing a working stream is news; the retries that follow are not, except now and then.
      this.failures = wasUp ? 0 : this.failures + 1;
      const fields = { why, code, target: this.opts.target, failures: this.failures };
      if (wasUp) log.warn(fields, 'agent stream lost; reconnecting');
      else if (this.failures === 1 || this.failures % 20 === 0)
        log.warn(fields, 'cannot reach control plane; retrying');
      else log.debug(fields, 'cannot reach control plane; retrying');
      this.scheduleReconnect();
    };
    stream.on('error', (err: grpc.ServiceError) => broken(err.details || err.message, err.code));
    stream.on('end', () => broken('stream ended by control plane'));
    stream.on('status', (s: grpc.StatusObject) => broken(s.details || 'stream closed', s.code));
    void this.sendRegistration(seq, log);
  }

  private async sendRegistration(seq: number, log: Logger): Promise<void> {
    try {
      const register = await this.opts.handlers.register();
      if (seq !== this.streamSeq || !this.stream) return;
      this.registerSentAt = Date.now();
      this.send({ register });
      log.debug({ target: this.opts.target, capacity: register.capacity }, 'registering with control plane');
      // The control plane needs the inventory to fence stale replicas; it goes out at once,
      // then heartbeats keep the lease alive. A slow engine delays heartbeats by one interval
      // at most: the node must not look dead because Docker is slow.
      await Promise.race([this.opts.handlers.fullReport(), new Promise((r) => setTimeout(r, this.heartbeatMs))]);
      if (seq !== this.streamSeq || !this.stream) return;
      this.startTimers();
    } catch (err) {
      log.error({ err: (err as Error).message }, 'registration failed');
      this.stream?.cancel();
    }
  }

  private onMessage(msg: ControlMessage, log: Logger): void {
    // Any answer proves the stream works end to end; `registered` is normally the first.
    if (!this.registered) {
      this.registered = true;
      this.backoff.reset();
      this.opts.handlers.connectedChanged?.(true);
    }
    switch (msg.msg) {
      case 'registered': {
        const r = msg.registered;
        log.info(
          {
            target: this.opts.target,
            heartbeatIntervalMs: r.heartbeatIntervalMs,
            leaseMs: r.leaseMs,
            singletonFenceMs: r.singletonFenceMs,
          },
          'registered',
        );
        this.opts.handlers.registered(r);
        this.opts.handlers.heard(this.registerSentAt);
        if (r.heartbeatIntervalMs > 0 && r.heartbeatIntervalMs !== this.heartbeatMs) {
          this.heartbeatMs = r.heartbeatIntervalMs;
          if (this.heartbeatTimer) this.startHeartbeat();
        }
        return;
      }
      case 'heartbeatAck':
        this.opts.handlers.heard(msg.heartbeatAck.sentAtMs);
        return;
      case 'start':
        void this.runCommand(
          msg.start.commandId,
          log.child({ workload: msg.start.workload, replica: msg.start.replica, epoch: msg.start.epoch }),
          'start',
          '',
          async () => ({ containerId: await this.opts.handlers.start(msg.start) }),
        );
        return;
      case 'stop':
        void this.runCommand(msg.stop.commandId, log, 'stop', msg.stop.containerId, async () => {
          const detail = await this.opts.handlers.stop(msg.stop);
          return { containerId: msg.stop.containerId, detail: detail || '' };
        });
        return;
      case 'openSession':
        if (this.opts.handlers.openSession) this.opts.handlers.openSession(msg.openSession);
        else log.warn({ session: msg.openSession.sessionId }, 'log and exec sessions are not served here');
        return;
      case 'mesh':
        return this.opts.handlers.mesh?.(msg.mesh);
      default:
        log.warn({ msg: (msg as { msg?: string }).msg }, 'unknown control message ignored');
    }
  }

  private async runCommand(
    commandId: string,
    log: Logger,
    kind: string,
    target: string,
    run: () => Promise<{ containerId: string; detail?: string }>,
  ): Promise<void> {
    let ack: CommandAck;
    try {
      const { containerId, detail = '' } = await run();
      ack = { commandId, ok: true, error: '', containerId, detail };
      log.info({ commandId, containerId, detail: detail || undefined }, `${kind} done`);
    } catch (err) {
      ack = { commandId, ok: false, error: (err as Error).message, containerId: target, detail: '' };
      log.warn({ commandId, containerId: target || undefined, err: (err as Error).message }, `${kind} failed`);
    }
    // The ack goes on whichever stream is current: the command's effect is real either way.
    if (!this.send({ ack })) log.warn({ commandId }, 'ack dropped: no stream');
  }

  private startTimers(): void {
    this.startHeartbeat();
    if (this.fullReportTimer) clearInterval(this.fullReportTimer);
    this.fullReportTimer = setInterval(
      () => void this.opts.handlers.fullReport(),
      this.opts.fullReportIntervalMs ?? 10_000,
    );
  }

  /** A heartbeat now rather than at the next interval (news such as the engine's status). */
  heartbeatNow(): void {
    if (this.heartbeatTimer) void this.heartbeat();
  }

  private startHeartbeat(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
  }

  private async heartbeat(): Promise<void> {
    // A slow usage probe must not pile up heartbeats behind it.
    if (this.heartbeatBusy) return;
    this.heartbeatBusy = true;
    let usage: NodeUsage = { cpuPercent: 0, memoryUsedBytes: 0 };
    try {
      usage = await this.opts.handlers.usage();
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'usage probe failed; heartbeat without usage');
    } finally {
      this.heartbeatBusy = false;
    }
    // The engine's status is read, not awaited: a frozen engine must not hold heartbeats back.
    this.send({ heartbeat: { usage, sentAtMs: Date.now(), engineError: this.opts.handlers.engineError?.() ?? '' } });
  }

  private teardown(): void {
    this.watch?.stop();
    this.watch = undefined;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.fullReportTimer) clearInterval(this.fullReportTimer);
    this.heartbeatTimer = this.fullReportTimer = undefined;
    const stream = this.stream;
    this.stream = undefined;
    if (stream) {
      // Listeners stay for the 'error' that cancel() emits; the seq check makes them no-ops.
      try {
        stream.cancel();
      } catch {
        /* already closed */
      }
    }
    if (this.registered) {
      this.registered = false;
      this.opts.handlers.connectedChanged?.(false);
    }
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const delay = this.backoff.next();
    this.log.debug({ delayMs: delay }, 'reconnect scheduled');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.open();
    }, delay);
  }

  /** Ends the stream (half-close, then cancel) and stops reconnecting. */
  close(): void {
    if (this.closed) return;
    const stream = this.stream;
    try {
      stream?.end();
    } catch {
      /* already closed */
    }
    this.teardown();
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.client?.close();
  }
}
