// What an agent's reports and acks establish about its containers, written to the store with the
// events that record it. The dispatcher decides when; this is what the facts are.
import type { ContainerReport, Logger } from '@coxswain/shared';
import type { EventInput } from '../model';
import type { ClusterStore } from '../store';
import { healthEvents } from './health-events';
import { cleanReport } from './guard';

/** Applies a container report (its well-formed part) and records what changed as events. */
export function recordReport(store: ClusterStore, log: Logger, node: string, raw: ContainerReport, now: number): void {
  const { report, dropped } = cleanReport(raw);
  if (dropped > 0) log.warn({ node, dropped }, 'report entries refused');
  const healthBefore = new Map(store.containersOfNode(node).map((c) => [c.containerId, c.health]));
  // One transaction for the report and every event it makes.
  const logged: EventInput[] = [];
  store.applyReport(node, report.full, report.containers, report.removed, now, (changed) => {
    logged.push(...healthEvents(node, healthBefore, report.containers));
    for (const c of changed) {
      const type =
        c.state === 'running' ? 'replica.started' : c.state === 'exited' || c.state === 'dead' ? 'replica.exited' : '';
      if (!type) continue;
      logged.push({
        type,
        node,
        workload: c.workload,
        replica: c.replica,
        epoch: c.epoch,
        message: type === 'replica.exited' ? `exit code ${c.exitCode}` : c.containerId.slice(0, 12),
      });
    }
    return logged;
  });
  for (const e of logged)
    log.info({ node, workload: e.workload, replica: e.replica, epoch: e.epoch, message: e.message }, e.type);
}

/**
 * A stop the agent did without its engine (through the container's cgroup): no report can say
 * so until the engine answers again, so the ack is taken as the observed fact that the
 * container no longer runs. An at-most-one replica waits for exactly this before it is re-placed.
 */
export function recordStoppedWithoutEngine(
  store: ClusterStore,
  log: Logger,
  node: string,
  containerId: string,
  detail: string,
  now: number,
): void {
  const c = store.containersOfNode(node).find((x) => x.containerId === containerId);
  if (!c || (c.state !== 'running' && c.state !== 'created' && c.state !== 'restarting')) return;
  store.applyReport(node, false, [{ ...c, state: 'exited', exitCode: 137, finishedAt: now }], [], now);
  store.appendEvent({
    type: 'replica.exited',
    node,
    workload: c.workload,
    replica: c.replica,
    epoch: c.epoch,
    message: detail,
  });
  log.warn({ node, workload: c.workload, replica: c.replica, epoch: c.epoch, containerId, detail }, 'replica.exited');
}
