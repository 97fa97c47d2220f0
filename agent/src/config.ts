import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FlagError, type FlagSpec, parseDuration, parseFlags } from '@coxswain/shared';

/** Everything the agent's flags decide. Tuning knobs that are not flags live in AgentOptions. */
export interface AgentConfig {
  controlPlane: string;
  name: string;
  dockerHost: string;
  labels: Record<string, string>;
  /** When set, advertised instead of the measured capacity. */
  capacityCpuMillis?: number;
  capacityMemoryBytes?: number;
  heartbeatIntervalMs: number;
  /** Grace between SIGTERM and SIGKILL when a stop command removes a container. */
  stopTimeoutMs: number;
  /** A ping of the engine not answered in this time counts as the engine not answering. */
  engineTimeoutMs: number;
  /**
   * Docker network mode for a start command that names none (from an older control plane); a
   * workload's own network is never overridden. Kept for compatibility.
   */
  containerNetwork?: string;
  /** Where this host's replicas are reached; undefined: the local address towards the control plane. */
  advertiseAddress?: string;
  /** The host ports handed out as dynamic ones, inclusive (absent: DEFAULT_DYNAMIC_PORTS). */
  dynamicPorts?: { low: number; high: number };
  insecure: boolean;
  joinToken?: string;
  /** Where the agent keeps its key, certificate, the cluster CA and its lease record. */
  stateDir: string;
  /** Where Prometheus GET /metrics is served (plain HTTP); undefined: off. */
  metricsListen?: { host: string; port: number };
  /** The routing mesh gives up a connect to an endpoint after this and tries another. */
  meshConnectTimeoutMs: number;
  /** `auto`: connections to this host's own endpoints are forwarded by netfilter when iptables works. */
  meshKernel: 'auto' | 'off';
}

/** System-wide when running as root (as the service does), else beside the working folder. */
export function defaultStateDir(): string {
  return process.getuid?.() === 0 ? '/var/lib/coxswain-agent' : path.resolve('.coxswain-agent');
}

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

export const AGENT_FLAGS: FlagSpec[] = [
  { name: 'control-plane', help: 'control plane address HOST:PORT', required: true },
  { name: 'name', help: 'node name; a restarted agent with the same name is the same node', default: 'the hostname' },
  {
    name: 'docker-host',
    help: 'Docker engine URL (unix:///path or tcp://host:port)',
    default: `DOCKER_HOST, else ${DEFAULT_DOCKER_HOST}`,
  },
  { name: 'labels', help: 'node labels for placement constraints, k=v,k=v' },
  { name: 'capacity-cpu-millis', help: 'advertise this CPU capacity (millicores) instead of the measured one' },
  { name: 'capacity-memory-bytes', help: 'advertise this memory capacity (bytes) instead of the measured one' },
  {
    name: 'heartbeat-interval',
    help: 'how often usage is reported (the control plane may override it)',
    default: '1s',
  },
  { name: 'stop-timeout', help: 'grace period between SIGTERM and SIGKILL when stopping a container', default: '10s' },
  {
    name: 'engine-timeout',
    help: 'the engine is pinged every heartbeat; one not answering within this is reported down (ENGINE_DOWN)',
    default: '2s',
  },
  {
    name: 'container-network',
    help: "kept for compatibility: the network of a start command that names none; a workload's network always wins",
  },
  {
    name: 'advertise-address',
    help: "IP where this host's replicas are reached (their COXSWAIN_HOST_IP)",
    default: 'the local address of the connection to the control plane',
  },
  { name: 'metrics-listen', help: 'HOST:PORT for Prometheus GET /metrics, plain HTTP (off when not given)' },
  {
    name: 'mesh-connect-timeout',
    help: 'the routing mesh retries a connection on another endpoint when one does not accept it within this',
    default: '250ms',
  },
  {
    name: 'mesh-kernel',
    help: "auto: the kernel (iptables DNAT) forwards a published port's connections to this host's own ready replicas, with no userspace hop, when iptables works here; off: the userspace proxy takes every connection",
    default: 'auto',
  },
  { name: 'dynamic-ports', help: 'host ports handed out as dynamic ones, LOW-HIGH inclusive', default: '20000-29999' },
  { name: 'insecure', help: 'talk to the control plane without TLS', boolean: true },
  {
    name: 'join-token',
    help: 'token from the control plane that admits this agent (needed until it holds a certificate)',
  },
  {
    name: 'state-dir',
    help: "folder for the agent's key, certificate and lease record",
    default: '/var/lib/coxswain-agent as root, else ./.coxswain-agent',
  },
];

/** Below the 30000-32767 kept for published service ports. */
export const DEFAULT_DYNAMIC_PORTS = { low: 20000, high: 29999 } as const;

/** Flags whose default --help describes in words: the parser must not take those words as a value. */
const DESCRIBED_DEFAULTS = new Set(['name', 'docker-host', 'state-dir', 'advertise-address']);

/** Parses `k=v,k=v`; an empty string gives no labels. */
export function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0) throw new FlagError(`--labels: "${item}" is not key=value`);
    const key = item.slice(0, eq).trim();
    if (key === '') throw new FlagError(`--labels: "${item}" has an empty key`);
    labels[key] = item.slice(eq + 1).trim();
  }
  return labels;
}

function parseCount(text: string | undefined, flag: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text.trim())) throw new FlagError(`--${flag}: "${text}" is not a non-negative integer`);
  const value = Number(text.trim());
  if (!Number.isSafeInteger(value)) throw new FlagError(`--${flag}: "${text}" is too large`);
  return value;
}

/** `LOW-HIGH`, both within 1-65535 and LOW <= HIGH. */
export function parsePortRange(text: string): { low: number; high: number } {
  const m = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(text);
  if (!m) throw new FlagError(`--dynamic-ports: "${text}" is not LOW-HIGH, e.g. 20000-29999`);
  const low = Number(m[1]);
  const high = Number(m[2]);
  if (low < 1 || high > 65535) throw new FlagError(`--dynamic-ports: "${text}" is outside 1-65535`);
  if (low > high) throw new FlagError(`--dynamic-ports: "${text}" has LOW above HIGH`);
  return { low, high };
}

function checkAddress(text: string | undefined): string | undefined {
  if (text === undefined || text === '') return undefined;
  if (net.isIP(text.trim()) === 0) throw new FlagError(`--advertise-address: "${text}" is not an IP address`);
  return text.trim();
}

/** `HOST:PORT` (IPv6 in brackets); empty: off. */
function parseListen(text: string | undefined): { host: string; port: number } | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const m = /^\s*(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})\s*$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port < 0 || port > 65535) throw new FlagError(`--metrics-listen: "${text}" is not HOST:PORT`);
  return { host: m[1] ?? m[2], port };
}

function checkDockerHost(url: string): string {
  if (!/^(unix:\/\/\/.+|(tcp|http):\/\/[^/]+)$/.test(url)) {
    throw new FlagError(`--docker-host: "${url}" is neither unix:///PATH nor tcp://HOST:PORT`);
  }
  return url;
}

/**
 * Turns argv and the environment into a config. Returns `{ help: true }` for --help; throws
 * FlagError for anything the user must fix.
 */
export function parseAgentConfig(
  argv: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): AgentConfig | { help: true } {
  // Defaults that depend on the environment are resolved here, not in the spec, so --help
  // can describe them in words.
  const specs = AGENT_FLAGS.map((s) => (DESCRIBED_DEFAULTS.has(s.name) ? { ...s, default: undefined } : s));
  const v = parseFlags(specs, argv, env);
  if (v.help) return { help: true };
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

  const duration = (flag: string, fallback: string) => {
    try {
      return parseDuration(str(flag) ?? fallback, `--${flag}`);
    } catch (err) {
      throw new FlagError((err as Error).message);
    }
  };
  const heartbeatIntervalMs = duration('heartbeat-interval', '1s');
  if (heartbeatIntervalMs <= 0) throw new FlagError('--heartbeat-interval must be positive');
  const stopTimeoutMs = duration('stop-timeout', '10s');
  const engineTimeoutMs = duration('engine-timeout', '2s');
  if (engineTimeoutMs <= 0) throw new FlagError('--engine-timeout must be positive');

  const meshConnectTimeoutMs = duration('mesh-connect-timeout', '250ms');
  if (meshConnectTimeoutMs <= 0) throw new FlagError('--mesh-connect-timeout must be positive');

  const meshKernel = str('mesh-kernel') ?? 'auto';
  if (meshKernel !== 'auto' && meshKernel !== 'off')
    throw new FlagError(`--mesh-kernel: "${meshKernel}" is not auto or off`);

  const network = str('container-network');
  const controlPlane = str('control-plane');
  // The flag parser enforces required flags; this only keeps the type honest.
  if (!controlPlane) throw new Error('--control-plane HOST:PORT is required');
  return {
    controlPlane,
    name: str('name') || os.hostname(),
    dockerHost: checkDockerHost(str('docker-host') || env.DOCKER_HOST || DEFAULT_DOCKER_HOST),
    labels: parseLabels(str('labels') ?? ''),
    capacityCpuMillis: parseCount(str('capacity-cpu-millis'), 'capacity-cpu-millis'),
    capacityMemoryBytes: parseCount(str('capacity-memory-bytes'), 'capacity-memory-bytes'),
    heartbeatIntervalMs,
    stopTimeoutMs,
    engineTimeoutMs,
    containerNetwork: network ? network : undefined,
    advertiseAddress: checkAddress(str('advertise-address')),
    dynamicPorts: parsePortRange(str('dynamic-ports') ?? '20000-29999'),
    insecure: v.insecure === true,
    joinToken: str('join-token') || undefined,
    stateDir: str('state-dir') || defaultStateDir(),
    metricsListen: parseListen(str('metrics-listen')),
    meshConnectTimeoutMs,
    meshKernel,
  };
}
