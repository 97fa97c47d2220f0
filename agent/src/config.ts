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
  /** Docker network mode for created containers; undefined leaves Docker's default. */
  containerNetwork?: string;
  insecure: boolean;
  joinToken?: string;
  /** Where the agent keeps its key, certificate and the cluster CA. */
  stateDir: string;
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
  { name: 'container-network', help: "network mode for started containers, e.g. none or host (default: Docker's)" },
  { name: 'insecure', help: 'talk to the control plane without TLS', boolean: true },
  {
    name: 'join-token',
    help: 'token from the control plane that admits this agent (needed until it holds a certificate)',
  },
  {
    name: 'state-dir',
    help: "folder for the agent's key and certificate",
    default: '/var/lib/coxswain-agent as root, else ./.coxswain-agent',
  },
];

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
  const specs = AGENT_FLAGS.map((s) =>
    s.name === 'name' || s.name === 'docker-host' || s.name === 'state-dir' ? { ...s, default: undefined } : s,
  );
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
    containerNetwork: network ? network : undefined,
    insecure: v.insecure === true,
    joinToken: str('join-token') || undefined,
    stateDir: str('state-dir') || defaultStateDir(),
  };
}
