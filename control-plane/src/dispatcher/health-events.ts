// The events a report's health results make: a container's check passing after it did not
// (replica.ready: it joins the endpoints), and failing after it did not (replica.unhealthy: it
// leaves them). Pure; the dispatcher appends them with the report's other events.
import type { ContainerInfo } from '@coxswain/shared';
import type { EventInput } from '../model';

export function healthEvents(
  node: string,
  before: ReadonlyMap<string, string>,
  reported: readonly ContainerInfo[],
): EventInput[] {
  const out: EventInput[] = [];
  for (const c of reported) {
    const was = before.get(c.containerId) ?? '';
    if (c.health === was || c.state !== 'running') continue;
    if (c.health !== 'healthy' && c.health !== 'unhealthy') continue;
    out.push({
      type: c.health === 'healthy' ? 'replica.ready' : 'replica.unhealthy',
      node,
      workload: c.workload,
      replica: c.replica,
      epoch: c.epoch,
      message:
        c.health === 'healthy'
          ? 'health check passed'
          : `health check failed (${c.healthFailures} in a row)${c.healthMessage ? `: ${c.healthMessage}` : ''}`,
    });
  }
  return out;
}
