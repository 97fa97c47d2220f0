// Between the engine's containers and the health checker: the check a start command carries,
// written onto its container as a label, and read back from there by any later agent.
import type { StartReplica } from '@coxswain/shared';
import type { ManagedContainer } from './docker';
import { checkLabel, type HealthChecker, LABEL_HEALTH, parseCheckLabel, resolveCheck, type Watched } from './health';

/**
 * The start command with its check as a label, resolved to its host port. A label rather than
 * agent state: an agent restarted (or replaced) later reads it back from the engine, and it lives
 * exactly as long as its container. A user label of that name never survives.
 */
export function withCheckLabel(cmd: StartReplica): StartReplica {
  const labels = { ...cmd.labels };
  delete labels[LABEL_HEALTH];
  if (cmd.health) labels[LABEL_HEALTH] = checkLabel(resolveCheck(cmd.health, cmd.ports ?? []));
  return { ...cmd, labels };
}

/** What the checker needs of a container as the engine reports it. */
export function watchedOf(c: ManagedContainer): Watched {
  return {
    containerId: c.info.containerId,
    workload: c.info.workload,
    replica: c.info.replica,
    running: c.info.state === 'running',
    startedAt: c.info.startedAt,
    check: parseCheckLabel(c.labels?.[LABEL_HEALTH]),
  };
}

/** The container as reported: the engine's facts and the checker's health of it. */
export function withHealth(checker: HealthChecker, c: ManagedContainer): ManagedContainer {
  const h = checker.healthOf(c.info.containerId);
  return h ? { ...c, info: { ...c.info, health: h.status, healthFailures: h.failures, healthMessage: h.message } } : c;
}
