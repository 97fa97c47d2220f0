// `rollout status`: waits until every replica of a workload runs its current generation, as
// `kubectl rollout status` does, printing what it waits for whenever that changes.
import type { WorkloadMsg } from '@coxswain/shared';
import type { Api } from './connect';
import { CliError } from './errors';

/** Why the rollout is not done yet, or undefined when it is. */
export function rolloutWait(w: WorkloadMsg): string | undefined {
  const current = w.status.replicas.filter((r) => r.generation === w.generation && r.state === 'RUNNING').length;
  const extra = w.status.replicas.length - w.status.desired;
  if (current >= w.status.desired && extra <= 0) return undefined;
  const pending = w.status.replicas.find((r) => r.state === 'PENDING' && r.reason);
  const parts = [`${current} of ${w.status.desired} replicas running generation ${w.generation}`];
  if (extra > 0) parts.push(`${extra} old replica${extra > 1 ? 's' : ''} stopping`);
  if (pending) parts.push(`replica ${pending.id} pending: ${pending.reason}`);
  return parts.join('; ');
}

export async function rolloutStatus(
  api: Api,
  name: string,
  timeoutMs: number,
  out: (s: string) => void,
  pollMs = 500,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let said = '';
  for (;;) {
    const w = await api.call<WorkloadMsg>('GetWorkload', { name });
    const waiting = rolloutWait(w);
    if (!waiting) {
      out(`workload/${name} rolled out: ${w.status.desired} replicas running generation ${w.generation}\n`);
      return;
    }
    if (waiting !== said) out(`waiting for workload/${name}: ${waiting}\n`);
    said = waiting;
    if (Date.now() >= deadline) throw new CliError(`workload/${name} not rolled out in time: ${waiting}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
