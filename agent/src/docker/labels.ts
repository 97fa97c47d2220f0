import {
  type ContainerInfo,
  LABEL_DISCONNECT,
  LABEL_EPOCH,
  LABEL_GENERATION,
  LABEL_NODE,
  LABEL_REPLICA,
  LABEL_WORKLOAD,
  type StartReplica,
} from '@coxswain/shared';

/** A Coxswain container as the agent needs it: the reported facts plus what the lease rule reads. */
export interface ManagedContainer {
  info: ContainerInfo;
  name: string;
  /** The workload's disconnect policy from the label ("keep" when absent). */
  disconnect: string;
  /** All of its labels (the health checker reads its check from one). */
  labels?: Record<string, string>;
  /**
   * The host pid of its main process when inspected running (absent: not running, or not known):
   * how its cgroup is found when the engine stops answering.
   */
  pid?: number;
  /** Docker's HostConfig.NetworkMode when inspected ("host", "bridge", ...). */
  network?: string;
}

/** The subset of Docker's inspect answer the mapping reads; list and inspect both fit it. */
export interface DockerFacts {
  id: string;
  name: string;
  labels: Record<string, string> | undefined;
  state: string;
  exitCode?: number;
  startedAt?: string;
  finishedAt?: string;
  /** Docker's State.Pid: 0 when not running. */
  pid?: number;
  network?: string;
}

export function isCoxswainContainer(labels: Record<string, string> | undefined | null): boolean {
  return !!labels && typeof labels[LABEL_WORKLOAD] === 'string' && labels[LABEL_WORKLOAD] !== '';
}

function intLabel(labels: Record<string, string>, key: string): number {
  const n = Number(labels[key]);
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

/** Docker writes 0001-01-01T00:00:00Z for "never"; the protocol uses 0 for unknown. */
export function dockerTimeToMs(text: string | undefined): number {
  if (!text) return 0;
  const t = Date.parse(text);
  return Number.isFinite(t) && t > 0 ? t : 0;
}

export function toManaged(facts: DockerFacts): ManagedContainer {
  const labels = facts.labels ?? {};
  return {
    name: facts.name.replace(/^\//, ''),
    disconnect: labels[LABEL_DISCONNECT] || 'keep',
    labels,
    ...(facts.pid ? { pid: facts.pid } : {}),
    ...(facts.network ? { network: facts.network } : {}),
    info: {
      containerId: facts.id,
      workload: labels[LABEL_WORKLOAD] ?? '',
      replica: intLabel(labels, LABEL_REPLICA),
      epoch: intLabel(labels, LABEL_EPOCH),
      generation: intLabel(labels, LABEL_GENERATION),
      state: facts.state,
      exitCode: facts.exitCode ?? 0,
      startedAt: dockerTimeToMs(facts.startedAt),
      finishedAt: dockerTimeToMs(facts.finishedAt),
      // The health checker fills these in; the engine knows nothing of our checks.
      health: '',
      healthFailures: 0,
      healthMessage: '',
    },
  };
}

/**
 * Labels for a new container. The spec's own labels come first so that a user label can never
 * shadow the ones the agent and the control plane rely on.
 */
export function containerLabels(cmd: StartReplica, node: string): Record<string, string> {
  return {
    ...cmd.labels,
    [LABEL_WORKLOAD]: cmd.workload,
    [LABEL_REPLICA]: String(cmd.replica),
    [LABEL_GENERATION]: String(cmd.generation),
    [LABEL_NODE]: node,
    [LABEL_EPOCH]: String(cmd.epoch),
    [LABEL_DISCONNECT]: cmd.disconnect || 'keep',
  };
}

/** Whether an existing container already is the one `cmd` asks for. */
export function matchesCommand(labels: Record<string, string>, cmd: StartReplica): boolean {
  return labels[LABEL_EPOCH] === String(cmd.epoch) && labels[LABEL_GENERATION] === String(cmd.generation);
}
