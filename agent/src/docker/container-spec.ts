// What a StartReplica asks of Docker, as plain data: the network mode, the published ports, the
// environment the replica learns its ports from, `$(VAR)` expanded, the mounts and the stop grace.
// Pure, so the mapping is tested without an engine; the runtime creates volumes and the container.
import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import { LABEL_NODE, LABEL_REPLICA, LABEL_WORKLOAD, type StartReplica } from '@coxswain/shared';
import { expandVars } from './expand';

/** Label with a digest of the network, ports and mounts the container was made with. */
export const LABEL_SHAPE = 'coxswain.shape';

/** `http-alt` -> `COXSWAIN_PORT_HTTP_ALT`. */
export function portVariable(name: string): string {
  return `COXSWAIN_PORT_${name.toUpperCase().replace(/-/g, '_')}`;
}

/** The Docker volume of one replica's named volume: one per replica, so replicas never share one. */
export function volumeName(workload: string, replica: number, source: string): string {
  return `coxswain-${workload}-${replica}-${source}`;
}

/** The port the app listens on: in the container for bridge (the host port when 0), else the host port. */
function listenPort(cmd: StartReplica, p: { hostPort: number; containerPort: number }): number {
  return cmd.network === 'bridge' && p.containerPort > 0 ? p.containerPort : p.hostPort;
}

/** `api`, `grpc-web` -> `COXSWAIN_SERVICE_API_GRPC_WEB`. */
export function serviceVariable(workload: string, portName: string): string {
  return `COXSWAIN_SERVICE_${`${workload}_${portName}`.toUpperCase().replace(/-/g, '_')}`;
}

/** The variables a replica is given, then its own env, each value with `$(VAR)` expanded. */
export function replicaEnv(cmd: StartReplica, hostIp: string): Map<string, string> {
  const given = new Map<string, string>();
  for (const p of cmd.ports ?? []) given.set(portVariable(p.name), String(listenPort(cmd, p)));
  given.set('COXSWAIN_HOST_IP', hostIp);
  // The mesh listens on every address of the host: host mode reaches it on loopback, a bridge
  // network only at the host's address.
  const meshHost = cmd.network === 'host' ? '127.0.0.1' : hostIp;
  for (const s of cmd.services ?? []) given.set(serviceVariable(s.workload, s.portName), `${meshHost}:${s.publish}`);
  const own = Object.entries(cmd.env ?? {});
  // The spec's values may refer to the given variables and to one another (as written).
  const lookup = new Map([...given, ...own]);
  const env = new Map(given);
  for (const [k, v] of own) env.set(k, expandVars(v, lookup));
  return env;
}

/** A digest of what a container is made with beyond its generation: a change means a new container. */
export function shapeOf(cmd: StartReplica): string {
  const shape = JSON.stringify({
    network: cmd.network ?? '',
    ports: (cmd.ports ?? []).map((p) => [p.name, p.hostPort, p.containerPort]),
    mounts: (cmd.mounts ?? []).map((m) => [m.type, m.source, m.target, !!m.readOnly]),
  });
  return createHash('sha256').update(shape).digest('hex').slice(0, 16);
}

/** Labels of a replica's named volume: whose it is, as on its container. */
export function volumeLabels(cmd: StartReplica, node: string): Record<string, string> {
  return { [LABEL_WORKLOAD]: cmd.workload, [LABEL_REPLICA]: String(cmd.replica), [LABEL_NODE]: node };
}

export interface ContainerShape {
  cmd: string[] | undefined;
  env: string[];
  hostConfig: Docker.HostConfig;
  exposedPorts?: Record<string, object>;
  stopTimeoutSeconds?: number;
}

/**
 * `fallbackNetwork` (the agent's --container-network) applies only to a command that names no
 * network, as an older control plane sends; `bindAddress` is where bridge ports are published.
 */
export function containerShape(
  cmd: StartReplica,
  opts: { hostIp: string; bindAddress: string; fallbackNetwork?: string },
): ContainerShape {
  const env = replicaEnv(cmd, opts.hostIp);
  const hostConfig: Docker.HostConfig = {
    // Restarts are the control plane's decision: a dead container must stay dead and be reported.
    RestartPolicy: { Name: 'no' },
  };
  if (cmd.resources?.cpuMillis > 0) hostConfig.NanoCpus = cmd.resources.cpuMillis * 1e6;
  if (cmd.resources?.memoryBytes > 0) hostConfig.Memory = cmd.resources.memoryBytes;
  const network = cmd.network || opts.fallbackNetwork;
  if (network) hostConfig.NetworkMode = network;
  let exposedPorts: Record<string, object> | undefined;
  if (network === 'bridge' && (cmd.ports ?? []).length > 0) {
    exposedPorts = {};
    const bindings: Docker.PortMap = {};
    for (const p of cmd.ports) {
      const key = `${listenPort(cmd, p)}/tcp`;
      exposedPorts[key] = {};
      bindings[key] = [{ HostIp: opts.bindAddress, HostPort: String(p.hostPort) }];
    }
    hostConfig.PortBindings = bindings;
  }
  const mounts: Docker.MountSettings[] = (cmd.mounts ?? []).map((m) => {
    if (m.type === 'volume') {
      return {
        Type: 'volume',
        Source: volumeName(cmd.workload, cmd.replica, m.source),
        Target: m.target,
        ReadOnly: !!m.readOnly,
      };
    }
    if (m.type === 'bind') return { Type: 'bind', Source: m.source, Target: m.target, ReadOnly: !!m.readOnly };
    return { Type: 'tmpfs', Source: '', Target: m.target, ReadOnly: !!m.readOnly };
  });
  if (mounts.length > 0) hostConfig.Mounts = mounts;
  const command = cmd.command?.length ? cmd.command.map((a) => expandVars(a, env)) : undefined;
  return {
    cmd: command,
    env: [...env].map(([k, v]) => `${k}=${v}`),
    hostConfig,
    exposedPorts,
    stopTimeoutSeconds: cmd.stopGraceMs > 0 ? Math.ceil(Number(cmd.stopGraceMs) / 1000) : undefined,
  };
}
