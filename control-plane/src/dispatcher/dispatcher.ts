// The agents' gateway: sessions, heartbeats, reports, acks and commands.
// Long file: one class whose handlers share the sessions and their in-flight commands; the guard,
// the observed-state writes, the mesh sync and the outbox are modules of their own.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type {
  AgentMessage,
  CommandAck,
  ControlMessage,
  Logger,
  OpenSession,
  Register,
  ServicePort,
  StartReplica,
} from '@coxswain/shared';
import { LABEL_DISCONNECT, parseDuration } from '@coxswain/shared';
import {
  type ConditionChange,
  DEFAULT_STOP_GRACE_PERIOD,
  engineStatus,
  heardFrom,
  type NodeRecord,
  portStatus,
  registered,
} from '../model';
import { clusterServices } from '../endpoints';
import type { MeshSync } from './mesh-sync';
import { Outbox } from './outbox';
import { ReportBatch } from './report-batch';
import { ValidationError } from '../validation';
import { recordReport, recordStoppedWithoutEngine } from './observed';
import { checkRegister, cleanUsage, GUARD_LIMITS, RateLimit } from './guard';
import type { Command } from '../reconciler';
import { StoreUnavailableError, type ClusterStore } from '../store';

type AgentCall = grpc.ServerDuplexStream<AgentMessage, ControlMessage>;
type Of<K extends AgentMessage['msg']> = Extract<AgentMessage, { msg: K }>;
type Heartbeat = Of<'heartbeat'>['heartbeat'];

export interface DispatcherOptions {
  heartbeatIntervalMs: number;
  leaseMs: number;
  /** At-most-one workloads' fence, told to every agent at registration (0: the lease). */
  singletonFenceMs?: number;
  /** A command not acknowledged in this time may be sent again. */
  commandTimeoutMs?: number;
  /** Called whenever facts changed enough to warrant a reconciler pass (the controller's pass requests). */
  onChange: () => void;
  /** Told of every command actually written to a stream (for metrics). */
  onCommandSent?: (kind: Command['kind']) => void;
  /**
   * Refuses a registration the stream's credentials do not cover (a certificate for h1 cannot
   * register as h2) by throwing an error with a gRPC `code`.
   */
  authorizeRegister?: (call: AgentCall, name: string) => void;
  /** Keeps the agents' routing meshes on the current table; absent: no mesh (tests). */
  mesh?: MeshSync;
}

interface Inflight {
  id: string;
  key: string;
  command: Command;
  sentAt: number;
  /** In the outbox, not yet in the stream: the command timeout counts from the write. */
  queued?: boolean;
}

interface Session {
  node: string;
  call: AgentCall;
  inflight: Map<string, Inflight>;
  /** Command keys recently acknowledged: suppresses a resend until the report shows the result. */
  recent: Map<string, number>;
  /** Commands waiting for room in the stream (heartbeat acks do not wait there). */
  outbox: Outbox<ControlMessage>;
  /** A registration the store could not write yet (disk full): written with a later message. */
  unsaved?: { reg: Register; peer: string };
}

const ACK_GRACE_MS = 3_000;

/** Condition events that say something went wrong: logged as warnings. */
const WORSE = new Set(['node.engine-down', 'node.port-unavailable']);

/**
 * The agents' side of the control plane: one session per connected node, the only writer of
 * observed state (node liveness and usage, containers) and the only sender of commands.
 *
 * A store that cannot write (disk full) never ends a stream. Heartbeats live in memory anyway.
 * A registration is kept on the session and written with a later message of the agent. Reports,
 * acks and their events are not held: the containers stay as last written, and the agent's next
 * full report (every 10 s) replaces them once writes work again; the events that report's
 * changes make are recorded then. Holding them in memory instead would need a second,
 * uncommitted copy of observed state that the reconciler could act on and a restart would lose.
 */
export class Dispatcher {
  private readonly sessions = new Map<string, Session>();
  /**
   * connectedNodes' answer until a stream opens or closes: every pass asks, and copying 5,000
   * names each time was a tenth of a pass with nothing to do.
   */
  private connected: ReadonlySet<string> | undefined;
  /** The services a start carries, per store revision: listed per start, they cost starts x workloads. */
  private services: { revision: number; list: ServicePort[] } | undefined;
  private readonly commandTimeoutMs: number;
  private readonly reports: ReportBatch;

  constructor(
    private readonly store: ClusterStore,
    private readonly log: Logger,
    private readonly opts: DispatcherOptions,
  ) {
    this.commandTimeoutMs = opts.commandTimeoutMs ?? 60_000;
    this.reports = new ReportBatch({
      batch: (writes) => store.batch(writes),
      single: (node, write) => {
        try {
          this.tolerate(node, 'report', write);
        } catch (err) {
          this.log.error({ node, err }, 'report not written');
        }
      },
      written: () => opts.onChange(),
      failed: (err, nodes) => {
        // A store that cannot write refuses each of them again, and says so once itself.
        if (!(err instanceof StoreUnavailableError))
          this.log.warn({ nodes: nodes.length, err }, 'report batch failed; writing its reports one by one');
      },
    });
  }

  connectedNodes(): ReadonlySet<string> {
    this.connected ??= new Set(this.sessions.keys());
    return this.connected;
  }

  /** The gRPC handler of AgentGateway.Connect. */
  handleConnect = (call: AgentCall): void => {
    let session: Session | undefined;
    const peer = peerAddress(call.getPeer());
    const limit = new RateLimit();
    let refused = false;
    const refuse = (code: grpc.status, details: string) => {
      if (refused) return;
      refused = true;
      this.log.warn({ node: session?.node, peer, code: grpc.status[code], details }, 'agent stream refused');
      call.emit('error', { code, details });
    };
    call.on('data', (m: AgentMessage) => {
      if (refused) return;
      if (!limit.take())
        return refuse(grpc.status.RESOURCE_EXHAUSTED, `more than ${GUARD_LIMITS.perSecond} messages per second`);
      try {
        if (m.msg === 'register') {
          let reg: Register;
          try {
            reg = checkRegister(m.register);
            this.opts.authorizeRegister?.(call, reg.name);
          } catch (err) {
            const code =
              err instanceof ValidationError
                ? grpc.status.INVALID_ARGUMENT
                : ((err as { code?: number }).code ?? grpc.status.PERMISSION_DENIED);
            return refuse(code, (err as Error).message);
          }
          session = this.register(call, reg, peer);
          return;
        }
        if (!session || this.sessions.get(session.node) !== session) {
          call.emit('error', new Error('first message must be register'));
          call.end();
          return;
        }
        this.onMessage(session, m);
      } catch (err) {
        this.log.error({ err, node: session?.node, peer }, 'agent message failed');
      }
    });
    const closed = () => {
      session?.outbox.close();
      if (session && this.sessions.get(session.node) === session) {
        this.sessions.delete(session.node);
        this.connected = undefined;
        this.opts.mesh?.detach(session.node);
        this.log.info({ node: session.node }, 'agent stream closed');
        this.opts.onChange();
      }
    };
    call.on('end', () => {
      closed();
      call.end();
    });
    call.on('error', closed);
    call.on('cancelled', closed);
  };

  private register(call: AgentCall, reg: Register, peer: string): Session {
    const before = this.store.getNode(reg.name);
    const old = this.sessions.get(reg.name);
    if (old) {
      old.outbox.close();
      old.call.end();
    }
    const session: Session = { node: reg.name, call, inflight: new Map(), recent: new Map(), outbox: new Outbox(call) };
    session.unsaved = { reg, peer };
    const written = this.saveRegistration(session);
    this.sessions.set(reg.name, session);
    this.connected = undefined;
    this.log.info(
      { node: reg.name, peer, wasDown: before?.state === 'DOWN', capacity: reg.capacity, written },
      'agent registered',
    );
    call.write({
      msg: 'registered',
      registered: {
        heartbeatIntervalMs: this.opts.heartbeatIntervalMs,
        leaseMs: this.opts.leaseMs,
        singletonFenceMs: this.opts.singletonFenceMs ?? 0,
      },
    });
    this.opts.mesh?.attach(reg.name, (m) => call.write(m));
    this.opts.onChange();
    return session;
  }

  /** Writes the session's registration if it is not yet; false while the store cannot write. */
  private saveRegistration(s: Session): boolean {
    const pending = s.unsaved;
    if (!pending) return true;
    return this.tolerate(s.node, 'registration', () => {
      const { reg, peer } = pending;
      this.store.registerNode(reg, peer, Date.now(), registered(this.store.getNode(reg.name), reg.name, peer));
      s.unsaved = undefined;
    });
  }

  /**
   * Runs a store write of an agent's message; a store that cannot write skips it (see the class
   * comment for what becomes of it) and says so at debug level, since the store logs the outage.
   */
  private tolerate(node: string, what: string, write: () => void): boolean {
    try {
      write();
      return true;
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      this.log.debug({ node, what, reason: err.message }, 'agent message not written');
      return false;
    }
  }

  private onMessage(s: Session, m: AgentMessage): void {
    const now = Date.now();
    // What the node says after a report comes after it in the store too.
    if (m.msg !== 'heartbeat' && m.msg !== 'report' && this.reports.holds(s.node)) this.reports.flush();
    // Before anything else of the node is written, so that its record exists.
    if (!this.saveRegistration(s)) {
      if (m.msg === 'heartbeat') this.heartbeat(s, m.heartbeat, now);
      return;
    }
    switch (m.msg) {
      case 'heartbeat':
        this.heartbeat(s, m.heartbeat, now);
        break;
      case 'report':
        this.store.touchNode(s.node, now);
        this.reports.add(s.node, () => recordReport(this.store, this.log, s.node, m.report, now));
        break;
      case 'ack':
        this.store.touchNode(s.node, now);
        this.tolerate(s.node, 'ack', () => this.onAck(s, m.ack, now));
        break;
      case 'meshStatus':
        this.opts.mesh?.acknowledge(s.node, m.meshStatus);
        this.tolerate(s.node, 'mesh status', () => this.onPortStatus(s, m.meshStatus.unavailable ?? [], now));
        break;
    }
    // A node the lease expired but whose stream survived (a partition that healed) is back.
    const back = heardFrom(this.store.getNode(s.node));
    if (back) {
      const written = this.tolerate(s.node, 'node back', () =>
        this.store.applyChanges({ nodeStates: [{ name: back.name, state: back.state }], events: back.events }),
      );
      if (written) this.log.info({ node: s.node }, 'node back');
    }
    // A heartbeat only extends a lease, which the periodic pass watches. A pass per heartbeat
    // kept a controller of thousands of hosts running passes back to back. A report asks for one
    // once it is written.
    if ((m.msg !== 'heartbeat' && m.msg !== 'report') || back !== undefined) this.opts.onChange();
  }

  /** Memory only: a full disk never costs a node its lease. */
  private heartbeat(s: Session, hb: Heartbeat, now: number): void {
    this.store.touchNode(s.node, now, cleanUsage(hb.usage));
    this.tolerate(s.node, 'engine status', () => this.onEngineStatus(s, hb.engineError ?? '', now));
    // The agent renews its own lease only from heartbeats we confirm, so its lease can never
    // outlast ours: a stream that merely looks open proves nothing about being heard.
    s.call.write({ msg: 'heartbeatAck', heartbeatAck: { sentAtMs: hb.sentAtMs ?? 0 } });
  }

  /**
   * Every heartbeat says whether the agent's engine answers; the node's ENGINE_DOWN condition is
   * written only when that changes (appears, changes its reason, clears), and a pass follows.
   */
  private onEngineStatus(s: Session, engineError: string, now: number): void {
    if (this.writeConditions(s.node, (n) => engineStatus(n, engineError, now))) this.opts.onChange();
  }

  /** PORT_UNAVAILABLE conditions follow what the agent's mesh says it cannot bind. */
  private onPortStatus(s: Session, problems: readonly { port: number; message: string }[], now: number): void {
    this.writeConditions(s.node, (n) => portStatus(n, problems, now));
  }

  /** Writes what a condition rule changes on the node, with its events; false: nothing changed. */
  private writeConditions(name: string, rule: (n: NodeRecord) => ConditionChange | undefined): boolean {
    const node = this.store.getNode(name);
    const change = node && rule(node);
    if (!change) return false;
    this.store.setNodeConditions(name, change);
    for (const e of change.events)
      if (WORSE.has(e.type)) this.log.warn({ node: name, message: e.message }, e.type);
      else this.log.info({ node: name, message: e.message }, e.type);
    return true;
  }

  private onAck(s: Session, ack: CommandAck, now: number): void {
    const entry = [...s.inflight.values()].find((e) => e.id === ack.commandId);
    if (!entry) return;
    s.inflight.delete(entry.key);
    const c = entry.command;
    if (ack.ok) {
      s.recent.set(entry.key, now);
      if (c.kind === 'start') this.store.recordStartSuccess(c.workload, c.replica, c.epoch);
      else if (ack.detail) recordStoppedWithoutEngine(this.store, this.log, s.node, c.containerId, ack.detail, now);
      return;
    }
    this.log.warn(
      { node: s.node, workload: c.workload, replica: c.replica, epoch: c.epoch, error: ack.error },
      `${c.kind} failed`,
    );
    if (c.kind === 'start') this.store.recordStartFailure(c.workload, c.replica, c.epoch, ack.error, now);
  }

  private servicesNow(): ServicePort[] {
    const revision = this.store.revision();
    if (this.services?.revision !== revision)
      this.services = { revision, list: clusterServices(this.store.listWorkloads()) };
    return this.services.list;
  }

  /** Sends a command unless the same one is already on its way. */
  send(cmd: Command): void {
    const s = this.sessions.get(cmd.node);
    if (!s) return;
    const now = Date.now();
    const key = commandKey(cmd);
    const inflight = s.inflight.get(key);
    // Still waiting in the outbox, or written too recently to be given up on.
    if (inflight && (inflight.queued || now - inflight.sentAt < this.commandTimeoutMs)) return;
    const acked = s.recent.get(key);
    if (acked !== undefined && now - acked < ACK_GRACE_MS) return;
    s.recent.delete(key);
    const id = randomUUID();
    const entry: Inflight = { id, key, command: cmd, sentAt: now };
    s.inflight.set(key, entry);
    entry.queued = true;
    s.outbox.push(toMessage(cmd, id, cmd.kind === 'start' ? this.servicesNow() : []), () => {
      entry.queued = false;
      entry.sentAt = Date.now();
    });
    this.opts.onCommandSent?.(cmd.kind);
    // Starts at debug: the event log has each placement (replica.scheduled), and a line per start
    // blocked the loop on its own log pipe while a thousand replicas were re-placed at once.
    // A stop says why, and is rarer.
    (cmd.kind === 'start' ? this.log.debug : this.log.info).call(
      this.log,
      {
        node: cmd.node,
        workload: cmd.workload,
        replica: cmd.replica,
        epoch: cmd.epoch,
        commandId: id,
        ...(cmd.kind === 'stop' ? { containerId: cmd.containerId, reason: cmd.reason, graceMs: cmd.graceMs } : {}),
      },
      `send ${cmd.kind}`,
    );
  }

  /**
   * Asks the node's agent to open a log or exec session (it answers with a Relay call). False
   * when the node has no stream.
   */
  openSession(node: string, open: OpenSession): boolean {
    const s = this.sessions.get(node);
    if (!s) return false;
    s.call.write({ msg: 'openSession', openSession: open });
    return true;
  }

  /** Ends the node's stream, if it has one (the node was removed). */
  disconnect(node: string): void {
    const s = this.sessions.get(node);
    if (!s) return;
    this.sessions.delete(node);
    this.connected = undefined;
    s.call.end();
  }

  closeAll(): void {
    for (const s of this.sessions.values()) s.call.end();
    this.sessions.clear();
    this.connected = undefined;
  }
}

function commandKey(c: Command): string {
  return c.kind === 'start'
    ? `start/${c.workload}/${c.replica}/${c.epoch}/${c.generation}/${c.attempt}`
    : `stop/${c.containerId}`;
}

function toMessage(c: Command, commandId: string, services: ServicePort[]): ControlMessage {
  if (c.kind === 'stop')
    return {
      msg: 'stop',
      stop: {
        commandId,
        containerId: c.containerId,
        reason: c.reason,
        ...(c.graceMs === undefined ? {} : { graceMs: c.graceMs }),
      },
    };
  const start: StartReplica = {
    commandId,
    workload: c.workload,
    replica: c.replica,
    epoch: c.epoch,
    generation: c.generation,
    image: c.spec.image,
    command: c.spec.command,
    env: c.spec.env,
    resources: c.resources,
    labels: { ...c.spec.labels, [LABEL_DISCONNECT]: c.spec.disconnect || 'keep' },
    disconnect: c.spec.disconnect || 'keep',
    network: c.spec.network,
    ports: c.ports,
    health: c.spec.health,
    mounts: c.spec.mounts,
    stopGraceMs: parseDuration(c.spec.stopGracePeriod || DEFAULT_STOP_GRACE_PERIOD),
    // The address of each published port from this replica's host: its env names them.
    services,
  };
  return { msg: 'start', start };
}

/** "ipv4:10.0.0.5:41234" -> "10.0.0.5"; "ipv6:[::1]:5000" -> "::1". */
export function peerAddress(peer: string): string {
  const m = /^(?:ipv4:|ipv6:)?\[?([^\]]*?)\]?:\d+$/.exec(peer);
  return m ? m[1] : peer;
}
