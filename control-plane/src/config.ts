import { type FlagSpec, parseDuration, parseFlags } from '@coxswain/shared';

const DEFAULT_SINGLETON_FENCE_MS = 15_000;
/** Described in words in --help; the value then follows --node-timeout. */
const SINGLETON_FENCE_DEFAULT = `${DEFAULT_SINGLETON_FENCE_MS / 1000}s, or --node-timeout when longer`;

export const CONTROL_PLANE_FLAGS: FlagSpec[] = [
  { name: 'listen', help: 'HOST:PORT for the user API and the agents', default: '127.0.0.1:7070' },
  { name: 'db', help: 'SQLite database file (its folder is created)', default: './data/coxswain.db' },
  { name: 'node-timeout', help: 'a host silent this long is DOWN and its replicas are re-placed', default: '3s' },
  { name: 'heartbeat-interval', help: 'how often agents send heartbeats', default: '1s' },
  { name: 'reconcile-interval', help: 'a reconciler pass runs at least this often', default: '250ms' },
  {
    name: 'rebalance',
    help: 'auto: spread doubled-up replicas and empty wasted hosts by itself; off: only on Rebalance calls (drains run either way)',
    default: 'auto',
  },
  { name: 'rebalance-interval', help: 'voluntary moves start at most this often', default: '2s' },
  {
    name: 'make-room',
    help: 'on: a new replica that would open an empty host may first move one running replica to another used host, start-before-stop, so it fits; off: never',
    default: 'on',
  },
  {
    name: 'drain-delay',
    help: 'a replica stopped on purpose (scale down, move, rollout, drain, delete) leaves its endpoints this long before its SIGTERM',
    default: '2s',
  },
  {
    name: 'mesh-ack-timeout',
    help: "a replica of a published workload stopped on purpose gets SIGTERM once every connected agent's routing mesh has acknowledged that it left, or after this long at most (an agent that does not answer)",
    default: '5s',
  },
  {
    name: 'stale-stop-timeout',
    help: 'the grace a fenced (stale) copy gets between SIGTERM and SIGKILL: it has already been replaced',
    default: '1s',
  },
  {
    name: 'settle-time',
    help: 'a node back from DOWN or NOT_READY receives no voluntary move (spread, compact, make-room) until it has been READY this long and its stale copies are gone; replacements are not delayed',
    default: '10s',
  },
  {
    name: 'singleton-fence',
    help: "at-most-one workloads' fence: their agent stops them, and the control plane re-places them, only after this long without contact (longer than a control-plane restart or takeover; at least --node-timeout)",
    default: SINGLETON_FENCE_DEFAULT,
  },
  { name: 'max-concurrent-moves', help: 'voluntary moves under way at once, cluster-wide', default: '2' },
  { name: 'metrics-listen', help: 'HOST:PORT for Prometheus GET /metrics, plain HTTP (off when not given)' },
  {
    name: 'insecure',
    help: 'no TLS, no tokens: anyone who reaches the port is trusted (for trials only)',
    boolean: true,
  },
  {
    name: 'tls-san',
    help: 'extra DNS name or IP address for the server certificate (repeatable, or comma-separated)',
    repeatable: true,
  },
  {
    name: 'agent-cert-ttl',
    help: 'lifetime of the client certificates agents get; they renew at two thirds of it',
    default: '24h',
  },
];

export interface ControlPlaneConfig {
  host: string;
  port: number;
  db: string;
  nodeTimeoutMs: number;
  heartbeatIntervalMs: number;
  reconcileIntervalMs: number;
  autoRebalance: boolean;
  makeRoom: boolean;
  moveIntervalMs: number;
  maxConcurrentMoves: number;
  drainDelayMs: number;
  /** The longest a published workload's drain waits for the agents' mesh acknowledgements. */
  meshAckTimeoutMs: number;
  /** The grace of a stop sent to a fenced (stale) copy. */
  staleStopTimeoutMs: number;
  /** How long a returning node must be steadily READY before voluntary moves may land on it. */
  settleMs: number;
  /** At-most-one workloads' fence (agent and control plane); at least the node timeout. */
  singletonFenceMs: number;
  insecure: boolean;
  tlsSans: string[];
  agentCertTtlMs: number;
  /** Where to serve Prometheus metrics; undefined: nowhere. */
  metricsListen?: { host: string; port: number };
}

export function splitHostPort(text: string, flag: string): { host: string; port: number } {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(text);
  if (!m) throw new Error(`--${flag}: "${text}" is not HOST:PORT`);
  const port = Number(m[2]);
  if (port > 65535) throw new Error(`--${flag}: port ${port} out of range`);
  return { host: m[1] || '0.0.0.0', port };
}

export function loadConfig(argv?: string[], env?: NodeJS.ProcessEnv): ControlPlaneConfig & { help?: boolean } {
  const f = parseFlags(CONTROL_PLANE_FLAGS, argv, env);
  const { host, port } = splitHostPort(String(f.listen), 'listen');
  const nodeTimeoutMs = parseDuration(String(f['node-timeout']), '--node-timeout');
  const heartbeatIntervalMs = parseDuration(String(f['heartbeat-interval']), '--heartbeat-interval');
  if (heartbeatIntervalMs <= 0) throw new Error('--heartbeat-interval must be positive');
  if (nodeTimeoutMs < 2 * heartbeatIntervalMs) {
    throw new Error(
      `--node-timeout (${nodeTimeoutMs} ms) must be at least two heartbeat intervals (${2 * heartbeatIntervalMs} ms), or one lost heartbeat would mark a node DOWN`,
    );
  }
  const rebalance = String(f.rebalance);
  if (rebalance !== 'auto' && rebalance !== 'off')
    throw new Error(`--rebalance must be auto or off (got "${rebalance}")`);
  const makeRoom = String(f['make-room']);
  if (makeRoom !== 'on' && makeRoom !== 'off') throw new Error(`--make-room must be on or off (got "${makeRoom}")`);
  const agentCertTtlMs = parseDuration(String(f['agent-cert-ttl']), '--agent-cert-ttl');
  // Renewal at two thirds of the lifetime needs a window the agent can actually hit.
  if (agentCertTtlMs < 3000) throw new Error(`--agent-cert-ttl must be at least 3s (got ${agentCertTtlMs} ms)`);
  // The default follows a longer node timeout: a fence shorter than the lease would stop a copy
  // while its node still counts as READY.
  const fenceFlag = String(f['singleton-fence']);
  const singletonFenceMs =
    fenceFlag === SINGLETON_FENCE_DEFAULT
      ? Math.max(DEFAULT_SINGLETON_FENCE_MS, nodeTimeoutMs)
      : parseDuration(fenceFlag, '--singleton-fence');
  if (singletonFenceMs < nodeTimeoutMs)
    throw new Error(
      `--singleton-fence (${singletonFenceMs} ms) must be at least --node-timeout (${nodeTimeoutMs} ms): an at-most-one copy must not be stopped before its node may be judged DOWN`,
    );
  const maxConcurrentMoves = Number(f['max-concurrent-moves']);
  if (!Number.isInteger(maxConcurrentMoves) || maxConcurrentMoves < 1)
    throw new Error('--max-concurrent-moves must be a positive integer');
  return {
    help: f.help,
    autoRebalance: rebalance === 'auto',
    makeRoom: makeRoom === 'on',
    moveIntervalMs: parseDuration(String(f['rebalance-interval']), '--rebalance-interval'),
    maxConcurrentMoves,
    drainDelayMs: parseDuration(String(f['drain-delay']), '--drain-delay'),
    meshAckTimeoutMs: parseDuration(String(f['mesh-ack-timeout']), '--mesh-ack-timeout'),
    staleStopTimeoutMs: parseDuration(String(f['stale-stop-timeout']), '--stale-stop-timeout'),
    settleMs: parseDuration(String(f['settle-time']), '--settle-time'),
    singletonFenceMs,
    host,
    port,
    db: String(f.db),
    nodeTimeoutMs,
    heartbeatIntervalMs,
    reconcileIntervalMs: parseDuration(String(f['reconcile-interval']), '--reconcile-interval'),
    insecure: f.insecure === true,
    tlsSans: (f['tls-san'] as string[] | undefined) ?? [],
    agentCertTtlMs,
    metricsListen: f['metrics-listen'] ? splitHostPort(String(f['metrics-listen']), 'metrics-listen') : undefined,
  };
}
