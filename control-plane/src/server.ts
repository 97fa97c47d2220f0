import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { type Logger, loadPackageDefinition, loadServices } from '@coxswain/shared';
import { controlPlaneService, EndpointsApi, NodeListEncoder, passEncoded } from './api';
import type { ControlPlaneConfig } from './config';
import { Controller, PassRequests } from './controller';
import { Dispatcher, MeshSync } from './dispatcher';
import { meshTable } from './endpoints';
import { createMetrics, serveMetrics } from './metrics';
import { addReflection } from './reflection';
import { Relay } from './relay';
import { type Security, setupSecurity } from './security';
import { type ClusterStore, SqliteStore, StoreUnavailableError } from './store';

/** Largest request accepted; anything bigger is refused before it is parsed. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface RunningControlPlane {
  port: number;
  /** Where /metrics is served, with --metrics-listen. */
  metricsPort?: number;
  store: ClusterStore;
  controller: Controller;
  dispatcher: Dispatcher;
  /** Undefined with --insecure. */
  security?: Security;
  stop(): Promise<void>;
}

/** Wires store, reconciler, dispatcher and API onto one gRPC port, with server reflection. */
export async function startControlPlane(cfg: ControlPlaneConfig, log: Logger): Promise<RunningControlPlane> {
  const security = cfg.insecure
    ? undefined
    : await setupSecurity({
        dir: path.dirname(path.resolve(cfg.db)),
        tlsSans: cfg.tlsSans,
        agentCertTtlMs: cfg.agentCertTtlMs,
        log,
      });
  // The one place the graph is built, each component given what it needs at construction: the
  // pass requests come first, so the dispatcher can raise them before the controller exists.
  const store: ClusterStore = new SqliteStore(cfg.db, { log });
  const passes = new PassRequests();
  const metrics = cfg.metricsListen ? createMetrics(store) : undefined;
  // A node is late once it missed two heartbeats: its replicas leave the endpoints (and every
  // agent's mesh) well before its lease makes it DOWN. No node is late for silence from before
  // this control plane started: its agents have yet to reconnect.
  const lateAfterMs = 2 * cfg.heartbeatIntervalMs;
  const heardSince = Date.now();
  const mesh = new MeshSync({
    table: () =>
      meshTable({
        now: Date.now(),
        lateAfterMs,
        heardSince,
        workloads: store.listWorkloads(),
        replicasOf: (w) => store.replicasOf(w),
        containersOf: (w) => store.containersOfWorkload(w),
        nodes: new Map(store.listNodes().map((n) => [n.name, n])),
      }),
    subscribe: (fn) => store.subscribe(fn),
    onSynced: passes.changed,
    ackWarnMs: cfg.meshAckTimeoutMs,
    log,
  });
  const dispatcher = new Dispatcher(store, log, {
    mesh,
    heartbeatIntervalMs: cfg.heartbeatIntervalMs,
    leaseMs: cfg.nodeTimeoutMs,
    singletonFenceMs: cfg.singletonFenceMs,
    onChange: passes.changed,
    onCommandSent: metrics ? (kind) => metrics.commandsSent.inc({ kind }) : undefined,
    authorizeRegister: security ? (call, name) => security.checkAgent(call, name) : undefined,
  });
  metrics?.countAgentStreams(() => dispatcher.connectedNodes().size);
  metrics?.countMesh(mesh);
  const controller = new Controller(
    { store, log, commands: dispatcher, changes: passes },
    {
      onPass: metrics
        ? (seconds, moves, rebalanced, full) => {
            metrics.passDuration.observe(seconds);
            if (full) metrics.fullPasses.inc();
            for (const m of moves) metrics.movesStarted.inc({ reason: m.reason });
            if (rebalanced) metrics.rebalanceRounds.inc();
          }
        : undefined,
      nodeTimeoutMs: cfg.nodeTimeoutMs,
      fenceMarginMs: Math.max(1000, Math.round(cfg.nodeTimeoutMs / 2)),
      intervalMs: cfg.reconcileIntervalMs,
      autoRebalance: cfg.autoRebalance,
      makeRoom: cfg.makeRoom,
      moveIntervalMs: cfg.moveIntervalMs,
      maxConcurrentMoves: cfg.maxConcurrentMoves,
      drainDelayMs: cfg.drainDelayMs,
      meshSyncedAt: () => mesh.syncedAt(),
      meshAckTimeoutMs: cfg.meshAckTimeoutMs,
      staleStopTimeoutMs: cfg.staleStopTimeoutMs,
      settleMs: cfg.settleMs,
      singletonFenceMs: cfg.singletonFenceMs,
    },
  );

  const relay = new Relay({
    log,
    sendOpen: (node, open) => dispatcher.openSession(node, open),
    authorize: security ? (call, node) => security.checkAgent(call, node) : undefined,
  });

  const def = loadPackageDefinition();
  const services = loadServices(def);
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.keepalive_time_ms': 10_000,
    'grpc.keepalive_timeout_ms': 5_000,
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.http2.min_ping_interval_without_data_ms': 1_000,
  });
  const endpoints = new EndpointsApi({ store, log, lateAfterMs, heardSince });
  const nodeList = new NodeListEncoder((msg) => services.ControlPlane.service.CordonNode.responseSerialize(msg));
  server.addService(passEncoded(services.ControlPlane.service, 'ListNodes'), {
    ...controlPlaneService({ store, log, controller, dispatcher, security, relay, nodeList }),
    ...endpoints.handlers(),
  });
  server.addService(services.AgentGateway.service, {
    Connect: dispatcher.handleConnect,
    Relay: relay.handleRelay,
    ...(security?.gateway ?? insecureGateway()),
  });
  addReflection(server);

  const port = await new Promise<number>((resolve, reject) => {
    const addr = cfg.host.includes(':') ? `[${cfg.host}]:${cfg.port}` : `${cfg.host}:${cfg.port}`;
    server.bindAsync(addr, security?.credentials ?? grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(new Error(`listen on ${addr}: ${err.message}`)) : resolve(p),
    );
  });
  const metricsServer =
    metrics && cfg.metricsListen
      ? await serveMetrics(metrics, cfg.metricsListen.host, cfg.metricsListen.port, log)
      : undefined;
  controller.start();
  controller.trigger();
  // A timer's exception would end the process: a full disk must not (the store logs the outage).
  const trim = setInterval(() => background(log, 'trim events', () => store.trimEvents(100_000)), 60_000);
  const liveness = setInterval(() => background(log, 'flush liveness', () => store.flushLiveness()), 5_000);
  liveness.unref();
  trim.unref();
  log.info(
    { listen: `${cfg.host}:${port}`, db: cfg.db, nodeTimeoutMs: cfg.nodeTimeoutMs, tls: !!security },
    'control plane serving',
  );

  return {
    port,
    metricsPort: metricsServer?.port,
    store,
    controller,
    dispatcher,
    security,
    async stop() {
      clearInterval(trim);
      clearInterval(liveness);
      controller.stop();
      endpoints.close();
      mesh.close();
      relay.closeAll();
      dispatcher.closeAll();
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      await metricsServer?.close();
      store.close();
    },
  };
}

function background(log: Logger, what: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) log.error({ err }, `${what} failed`);
  }
}

/** Without TLS there is nothing to join: agents connect with --insecure too. */
function insecureGateway(): grpc.UntypedServiceImplementation {
  const refuse = (_call: unknown, cb: grpc.sendUnaryData<unknown>) =>
    cb({
      code: grpc.status.FAILED_PRECONDITION,
      details: 'the control plane runs with --insecure: start the agent with --insecure too',
    });
  return { Join: refuse, Renew: refuse };
}
