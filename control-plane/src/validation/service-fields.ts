// Validation of the fields that make a workload a service: network, ports, the health check, the
// update policy, mounts and the stop grace period. Pure; every error names its field.
import path from 'node:path';
import {
  parseDuration,
  type HealthCheckSpec,
  type MountSpec,
  type NetworkMode,
  type PortSpec,
  type UpdatePolicy,
  type WorkloadSpec,
} from '@coxswain/shared';
import { DEFAULT_HEALTH_TIMING, DEFAULT_NETWORK, DEFAULT_STOP_GRACE_PERIOD, DEFAULT_UPDATE } from '../model';
import { ValidationError, validateCommand } from './basics';

export const SERVICE_LIMITS = {
  ports: 32,
  mounts: 32,
  /** Cluster-wide service ports of the routing mesh. */
  publish: { low: 30000, high: 32767 },
  maxSurge: 1000,
  pathBytes: 4096,
};

const NETWORKS: NetworkMode[] = ['bridge', 'host', 'none'];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

function whole(v: unknown, field: string, low: number, high: number): number {
  const n = Number(v ?? 0);
  if (!Number.isInteger(n) || n < low || n > high)
    throw new ValidationError(field, `must be a whole number from ${low} to ${high} (got ${v})`);
  return n;
}

/** A duration string ("500ms", "5s", "1m"), kept as written; `min` in ms. */
function duration(v: string | undefined, field: string, fallback: string, min = 0): string {
  const text = v || fallback;
  let ms: number;
  try {
    ms = parseDuration(text, field);
  } catch {
    throw new ValidationError(field, `"${text}" is not a duration (use e.g. 500ms, 5s, 1m)`);
  }
  if (ms < min) throw new ValidationError(field, `must be at least ${min}ms (got ${text})`);
  return text;
}

export function validateNetwork(v: string | undefined, field: string): NetworkMode {
  const network = (v || DEFAULT_NETWORK) as NetworkMode;
  if (!NETWORKS.includes(network)) throw new ValidationError(field, `must be bridge, host or none (got "${v}")`);
  return network;
}

export function validatePorts(ports: PortSpec[] | undefined, network: NetworkMode, field: string): PortSpec[] {
  const list = ports ?? [];
  if (list.length === 0) return [];
  if (network === 'none') throw new ValidationError(field, 'a workload with network none has no ports');
  if (list.length > SERVICE_LIMITS.ports) throw new ValidationError(field, `at most ${SERVICE_LIMITS.ports}`);
  const names = new Set<string>();
  const hostPorts = new Set<number>();
  const published = new Set<number>();
  return list.map((p, i) => {
    const f = (name: string) => `${field}[${i}].${name}`;
    if (typeof p.name !== 'string' || !DNS_LABEL.test(p.name) || p.name.length > 63)
      throw new ValidationError(f('name'), `is required: a DNS label such as "http" (got "${p.name ?? ''}")`);
    if (names.has(p.name)) throw new ValidationError(f('name'), `"${p.name}" is used by another port`);
    names.add(p.name);
    const hostPort = whole(p.hostPort, f('hostPort'), 0, 65535);
    if (hostPort !== 0) {
      if (hostPorts.has(hostPort)) throw new ValidationError(f('hostPort'), `${hostPort} is used by another port`);
      hostPorts.add(hostPort);
    }
    const containerPort = whole(p.containerPort, f('containerPort'), 0, 65535);
    if (network === 'host' && containerPort !== 0 && containerPort !== hostPort)
      throw new ValidationError(
        f('containerPort'),
        `in host mode the container listens on its host port: 0 or the hostPort (got ${containerPort}, hostPort ${hostPort})`,
      );
    const publish = Number(p.publish ?? 0);
    if (
      publish !== 0 &&
      (publish < SERVICE_LIMITS.publish.low || publish > SERVICE_LIMITS.publish.high || !Number.isInteger(publish))
    )
      throw new ValidationError(
        f('publish'),
        `must be 0 or a service port from ${SERVICE_LIMITS.publish.low} to ${SERVICE_LIMITS.publish.high} (got ${p.publish})`,
      );
    if (publish !== 0 && published.has(publish))
      throw new ValidationError(f('publish'), `${publish} is published by another port of this workload`);
    if (publish !== 0) published.add(publish);
    return { name: p.name, hostPort, containerPort, publish };
  });
}

export function validateHealth(
  h: HealthCheckSpec | null | undefined,
  ports: PortSpec[],
  field: string,
): HealthCheckSpec | null {
  if (!h) return null;
  const kinds = (['http', 'tcp', 'exec'] as const).filter((k) => h[k]);
  if (kinds.length !== 1)
    throw new ValidationError(
      field,
      kinds.length === 0
        ? 'needs one of http, tcp or exec'
        : `needs one of http, tcp or exec, not ${kinds.join(' and ')}`,
    );
  const portName = (name: string | undefined, f: string) => {
    if (!name) throw new ValidationError(f, "is required: the name of one of the workload's ports");
    if (!ports.some((p) => p.name === name))
      throw new ValidationError(
        f,
        `names no port of the workload (got "${name}"; ports: ${ports.map((p) => p.name).join(', ') || 'none'})`,
      );
    return name;
  };
  const threshold = Number(h.failureThreshold ?? 0);
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > 100)
    throw new ValidationError(
      `${field}.failureThreshold`,
      `must be a whole number from 1 to 100 (got ${h.failureThreshold})`,
    );
  const out: HealthCheckSpec = {
    http: null,
    tcp: null,
    exec: null,
    interval: duration(h.interval, `${field}.interval`, DEFAULT_HEALTH_TIMING.interval, 100),
    timeout: duration(h.timeout, `${field}.timeout`, DEFAULT_HEALTH_TIMING.timeout, 10),
    failureThreshold: threshold || DEFAULT_HEALTH_TIMING.failureThreshold,
    startPeriod: duration(h.startPeriod, `${field}.startPeriod`, DEFAULT_HEALTH_TIMING.startPeriod),
  } as unknown as HealthCheckSpec;
  if (h.http) {
    const p = h.http.path || '/';
    if (!p.startsWith('/') || p.length > 2048 || /[\s\0]/.test(p))
      throw new ValidationError(`${field}.http.path`, `must be a path starting with / (got "${p.slice(0, 64)}")`);
    out.http = { port: portName(h.http.port, `${field}.http.port`), path: p };
  } else if (h.tcp) {
    out.tcp = { port: portName(h.tcp.port, `${field}.tcp.port`) };
  } else if (h.exec) {
    const command = validateCommand(h.exec.command ?? [], `${field}.exec.command`);
    if (command.length === 0) throw new ValidationError(`${field}.exec.command`, 'is required');
    out.exec = { command: [...command] };
  }
  return out;
}

export function validateUpdate(u: UpdatePolicy | null | undefined, field: string): Required<UpdatePolicy> {
  const given = u ?? ({} as UpdatePolicy);
  const maxSurge =
    given.maxSurge === undefined
      ? DEFAULT_UPDATE.maxSurge
      : whole(given.maxSurge, `${field}.maxSurge`, 0, SERVICE_LIMITS.maxSurge);
  const maxUnavailable =
    given.maxUnavailable === undefined
      ? DEFAULT_UPDATE.maxUnavailable
      : whole(given.maxUnavailable, `${field}.maxUnavailable`, 0, SERVICE_LIMITS.maxSurge);
  if (maxSurge === 0 && maxUnavailable === 0)
    throw new ValidationError(
      `${field}.maxUnavailable`,
      'maxSurge and maxUnavailable are both 0: a rollout could never take a step',
    );
  return {
    maxSurge,
    maxUnavailable,
    minReady: duration(given.minReady, `${field}.minReady`, DEFAULT_UPDATE.minReady),
    progressDeadline: duration(
      given.progressDeadline,
      `${field}.progressDeadline`,
      DEFAULT_UPDATE.progressDeadline,
      1000,
    ),
    autoRollback: !!given.autoRollback,
    paused: !!given.paused,
  };
}

export function validateMounts(mounts: MountSpec[] | undefined, field: string): MountSpec[] {
  const list = mounts ?? [];
  if (list.length > SERVICE_LIMITS.mounts) throw new ValidationError(field, `at most ${SERVICE_LIMITS.mounts}`);
  const targets = new Set<string>();
  return list.map((m, i) => {
    const f = (name: string) => `${field}[${i}].${name}`;
    const absolute = (p: string, name: string) => {
      if (!p || !path.posix.isAbsolute(p) || p.length > SERVICE_LIMITS.pathBytes || p.includes('\0'))
        throw new ValidationError(f(name), `must be an absolute path (got "${p.slice(0, 64)}")`);
      const n = path.posix.normalize(p);
      return n.length > 1 ? n.replace(/\/+$/, '') : n;
    };
    const target = absolute(m.target, 'target');
    if (target === '/') throw new ValidationError(f('target'), "must not be / (the container's root)");
    if (targets.has(target)) throw new ValidationError(f('target'), `${target} is the target of another mount`);
    targets.add(target);
    let source = m.source ?? '';
    switch (m.type) {
      case 'volume':
        if (!VOLUME_NAME.test(source))
          throw new ValidationError(
            f('source'),
            `must be a volume name of letters, digits, _ . - (got "${source.slice(0, 64)}")`,
          );
        break;
      case 'bind':
        source = absolute(source, 'source');
        break;
      case 'tmpfs':
        if (source) throw new ValidationError(f('source'), 'a tmpfs mount has no source');
        break;
      default:
        throw new ValidationError(f('type'), `must be volume, bind or tmpfs (got "${m.type}")`);
    }
    return { type: m.type, source, target, readOnly: !!m.readOnly };
  });
}

/** The service fields of a spec, validated and with their defaults. */
export function validateServiceFields(
  spec: WorkloadSpec,
  f: (name: string) => string,
): Pick<WorkloadSpec, 'network' | 'ports' | 'health' | 'update' | 'mounts' | 'stopGracePeriod'> {
  const network = validateNetwork(spec.network, f('network'));
  const ports = validatePorts(spec.ports, network, f('ports'));
  return {
    network,
    ports,
    health: validateHealth(spec.health, ports, f('health')),
    update: validateUpdate(spec.update, f('update')),
    mounts: validateMounts(spec.mounts, f('mounts')),
    stopGracePeriod: duration(spec.stopGracePeriod, f('stopGracePeriod'), DEFAULT_STOP_GRACE_PERIOD),
  };
}
