import fs from 'node:fs';
import path from 'node:path';
import { createLogger, type Logger, type Register, type Resources } from '@coxswain/shared';
import { DEFAULT_DYNAMIC_PORTS, type AgentConfig } from './config';
import {
  connectDocker,
  ContainerStreams,
  DockerRuntime,
  EngineMonitor,
  type EventWatch,
  execCheck,
  killContainerCgroup,
  pingEngine,
  watchContainerEvents,
} from './docker';
import { EngineDownGuard } from './engine-down';
import { HealthChecker, probeCheck } from './health';
import { watchedOf, withCheckLabel, withHealth } from './container-health';
import { LeaseFile, LeaseKeeper, singletonFence } from './lease';
import { AgentIdentity } from './join';
import { KernelPath, Mesh, MeshMetrics, serveMetrics } from './mesh';
import { AgentRelay } from './relay';
import { hostAddresses, localAddressTowards, measureCapacity, measureUsage } from './resources';
import { AgentSession, Reporter } from './session';

/** Knobs that are not flags: defaults suit production, tests shorten them. */
export interface AgentOptions {
  logger?: Logger;
  fullReportIntervalMs?: number;
  reportDebounceMs?: number;
  /** See SessionOptions.silenceLimitMs. */
  silenceLimitMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  leaseCheckIntervalMs?: number;
  eventsRetryMs?: number;
}

export interface AgentHandle {
  readonly runtime: DockerRuntime;
  readonly session: AgentSession;
  readonly lease: LeaseKeeper;
  readonly engine: EngineMonitor;
  readonly mesh: Mesh;
  /** Closes the stream and stops watching; containers keep running. */
  stop(): Promise<void>;
}

export function agentVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Wires docker, resources, lease and session together and starts talking to the control plane. */
export function startAgent(config: AgentConfig, options: AgentOptions = {}): AgentHandle {
  const log = (options.logger ?? createLogger('coxswain-agent')).child({ node: config.name });
  const docker = connectDocker(config.dockerHost);
  const runtime = new DockerRuntime(docker, {
    node: config.name,
    networkMode: config.containerNetwork,
    advertiseAddress: config.advertiseAddress,
    stopTimeoutSeconds: Math.ceil(config.stopTimeoutMs / 1000),
    logger: log,
  });

  const lease = new LeaseKeeper({
    list: () => runtime.list(),
    // No grace period: the control plane re-places the replica once the fence plus a small
    // margin has passed, and the old copy must be gone by then.
    stop: (id) => runtime.stop(id, 0),
    logger: log,
    checkIntervalMs: options.leaseCheckIntervalMs,
    record: config.stateDir ? new LeaseFile(config.stateDir, config.name) : undefined,
  });

  // The session and the reporter need each other (reports go out on the stream, the stream asks
  // for full reports); the reporter only reaches the session through this late-bound send.
  let session: AgentSession | undefined;
  // Checks go to the host's own ports from the host's namespace, where every replica's host port
  // answers (host mode listens there, bridge mode publishes there).
  const checker = new HealthChecker({
    // Bridge-mode ports are published at an explicit --advertise-address only (else on every
    // address), so that is where http and tcp checks must knock.
    probe: probeCheck(config.advertiseAddress ?? '127.0.0.1', (id, command, signal) =>
      execCheck(docker, id, command, signal),
    ),
    stop: (id) => runtime.stop(id),
    onChange: (id) => reporter.changed(id),
    logger: log,
  });
  // Heartbeats carry whether the engine answers; once it answers again after failing, whatever
  // changed meanwhile (containers that died with it, or were killed through their cgroups) goes
  // out at once rather than at the next periodic inventory.
  const engine = new EngineMonitor({
    ping: (signal) => pingEngine(docker, signal),
    intervalMs: config.heartbeatIntervalMs,
    timeoutMs: config.engineTimeoutMs,
    logger: log,
    onRecovered: () => {
      session?.heartbeatNow();
      if (session?.connected) void reporter.full();
    },
    onDown: () => session?.heartbeatNow(),
  });
  const engineDown = new EngineDownGuard({
    monitor: engine,
    stopAndRemove: (id, graceSeconds) => runtime.stopAndRemove(id, graceSeconds),
    kill: (id, pid) => killContainerCgroup(id, pid),
    logger: log,
  });

  // The last table stays in use while the control plane is away: a disconnect clears nothing.
  const kernel = config.meshKernel === 'auto' ? new KernelPath({ logger: log }) : undefined;
  const mesh = new Mesh({
    node: config.name,
    connectTimeoutMs: config.meshConnectTimeoutMs,
    logger: log,
    kernel,
    metrics: new MeshMetrics({
      processMetrics: !!config.metricsListen,
      kernelConnections: kernel && (() => kernel.connections()),
    }),
    sendStatus: (meshStatus) => {
      if (!session?.send({ meshStatus }))
        log.debug({ revision: meshStatus.revision }, 'mesh status dropped: no stream');
    },
  });

  // Every report looks at the engine anyway: the checker learns of starts, exits and removals
  // there, the reports carry the health it holds, and the mesh stops forwarding in the kernel to
  // a replica that stopped or failed its check.
  const reporter: Reporter = new Reporter({
    list: async () => {
      const all = await runtime.list();
      checker.sync(all.map(watchedOf));
      engineDown.sync(all);
      const seen = all.map((c) => withHealth(checker, c));
      for (const c of seen) mesh.observeLocal(c.info.containerId, c.info, c.network);
      return seen;
    },
    inspect: async (id) => {
      const c = await runtime.inspect(id);
      checker.observe(id, c && watchedOf(c));
      engineDown.observe(id, c);
      const seen = c && withHealth(checker, c);
      mesh.observeLocal(id, seen?.info, seen?.network);
      return seen;
    },
    send: (report) => session?.sendReport(report) ?? false,
    logger: log,
    debounceMs: options.reportDebounceMs,
  });

  // Log and exec sessions go over calls of their own on the session's channel.
  const relay = new AgentRelay({
    streams: new ContainerStreams(docker, config.name),
    dial: () => {
      if (!session) throw new Error('no session to the control plane yet');
      return session.dialRelay();
    },
    logger: log,
  });

  const metrics = config.metricsListen ? serveMetrics(mesh.metrics.registry, config.metricsListen, log) : undefined;

  // Measured once: capacity does not change while the agent runs.
  let capacity: Resources | undefined;
  const register = async (): Promise<Register> => {
    capacity ??= await measureCapacity({
      cpuMillis: config.capacityCpuMillis,
      memoryBytes: config.capacityMemoryBytes,
    });
    // Asked on every registration: the route to the control plane may have changed.
    const advertiseAddress = config.advertiseAddress ?? (await localAddressTowards(config.controlPlane, log));
    runtime.setHostIp(advertiseAddress);
    return {
      name: config.name,
      labels: config.labels,
      capacity,
      agentVersion: agentVersion(),
      addresses: hostAddresses(),
      // A silent engine would hold the registration for the call's whole timeout.
      networks: engine.up ? await runtime.networks() : [],
      advertiseAddress,
      dynamicPortLow: (config.dynamicPorts ?? DEFAULT_DYNAMIC_PORTS).low,
      dynamicPortHigh: (config.dynamicPorts ?? DEFAULT_DYNAMIC_PORTS).high,
    };
  };

  // Throws at once when the agent can neither join nor use a stored certificate.
  const identity = config.insecure
    ? undefined
    : new AgentIdentity({
        target: config.controlPlane,
        name: config.name,
        joinToken: config.joinToken,
        stateDir: config.stateDir,
        logger: log,
      });
  if (config.insecure)
    log.warn(
      { controlPlane: config.controlPlane },
      'INSECURE: --insecure talks to the control plane in plaintext, without verifying it or proving who this node is',
    );

  session = new AgentSession({
    target: config.controlPlane,
    identity,
    logger: log,
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    fullReportIntervalMs: options.fullReportIntervalMs,
    silenceLimitMs: options.silenceLimitMs,
    backoffInitialMs: options.backoffInitialMs,
    backoffMaxMs: options.backoffMaxMs,
    handlers: {
      register,
      usage: measureUsage,
      fullReport: () => reporter.full(),
      start: (cmd) => runtime.ensureRunning(withCheckLabel(cmd)),
      stop: (cmd) => engineDown.stop(cmd),
      engineError: () => engine.error,
      heard: (sentAt) => lease.renewed(sentAt),
      registered: (r) => {
        lease.setFenceMs(singletonFence(r));
        engineDown.setFence(r.singletonFenceMs, r.leaseMs);
      },
      openSession: (msg) => relay.open(msg),
      mesh: (table) => void mesh.apply(table),
    },
  });

  const events: EventWatch = watchContainerEvents(docker, {
    logger: log,
    retryMs: options.eventsRetryMs,
    onEvent: (ev) => {
      log.debug({ containerId: ev.containerId, action: ev.action }, 'docker event');
      reporter.changed(ev.containerId);
    },
    // A reopened events stream may have missed changes; the inventory makes up for them.
    onResync: () => {
      if (session?.connected) void reporter.full();
    },
  });

  lease.start();
  engine.start();
  engineDown.start();
  session.start();
  // Checks resume at once after an agent restart, whether the control plane answers or not.
  runtime.list().then(
    (all) => {
      checker.sync(all.map(watchedOf));
      engineDown.sync(all);
    },
    (err: Error) => log.warn({ err: err.message }, 'cannot list containers to check'),
  );
  log.info(
    { controlPlane: config.controlPlane, dockerHost: config.dockerHost, network: config.containerNetwork ?? 'default' },
    'agent started',
  );

  const s = session;
  return {
    runtime,
    session: s,
    lease,
    engine,
    mesh,
    async stop() {
      await mesh.close();
      metrics?.close();
      engine.close();
      engineDown.close();
      events.close();
      checker.close();
      relay.closeAll();
      reporter.close();
      lease.close();
      s.close();
      identity?.close();
      log.info('agent stopped; containers left running');
    },
  };
}
