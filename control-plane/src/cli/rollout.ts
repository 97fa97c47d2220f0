// `rollout status|history|undo|pause|resume`. Status follows the workload's RolloutStatus as
// `kubectl rollout status` follows a Deployment's: it waits while the rollout progresses, prints
// what it waits for whenever that changes, and fails when the rollout failed or stalled.
import YAML from 'yaml';
import type { WorkloadMsg, WorkloadSpec } from '@coxswain/shared';
import type { Api } from './connect';
import { CliError } from './errors';
import { orderedSpec, table, withoutSynthetic } from './format';

type Out = (s: string) => void;

/** Why the rollout is not done yet, or undefined when it is; throws when it cannot finish by itself. */
export function rolloutWait(w: WorkloadMsg): string | undefined {
  const r = w.status.rollout;
  const name = w.spec.name;
  if (r?.state === 'failed' || r?.state === 'stalled')
    throw new CliError(`workload/${name} rollout ${r.state}: ${r.message}`);
  // Retired replicas still stopping are no longer part of the rollout (they serve nothing).
  if (r?.state === 'complete') return undefined;
  const parts = [r?.message || `${w.status.ready} of ${w.status.desired} replicas ready on generation ${w.generation}`];
  const pending = w.status.replicas.find((x) => x.state === 'PENDING' && x.reason);
  if (pending) parts.push(`replica ${pending.id} pending: ${pending.reason}`);
  return parts.join('; ');
}

export async function rolloutStatus(api: Api, name: string, timeoutMs: number, out: Out, pollMs = 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let said = '';
  for (;;) {
    const w = await api.call<WorkloadMsg>('GetWorkload', { name });
    const waiting = rolloutWait(w);
    if (!waiting) {
      out(`workload/${name} rolled out: ${w.status.desired} replicas ready on generation ${w.generation}\n`);
      return;
    }
    if (waiting !== said) out(`waiting for workload/${name}: ${waiting}\n`);
    said = waiting;
    if (Date.now() >= deadline) throw new CliError(`workload/${name} not rolled out in time: ${waiting}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

interface GenerationMsg {
  generation: number | string;
  spec: WorkloadSpec;
  createdAt: string;
  cause: string;
}

/** The kept generations as a table, or with `generation` that one's spec as YAML. */
export async function rolloutHistory(api: Api, name: string, generation: number | undefined, out: Out): Promise<void> {
  const { generations } = await api.call<{ generations: GenerationMsg[] }>('ListGenerations', { name });
  if (generation !== undefined) {
    const g = generations.find((x) => Number(x.generation) === generation);
    if (!g) {
      const kept = generations.map((x) => x.generation).join(', ');
      throw new CliError(`workload/${name} has no generation ${generation} in its history (kept: ${kept})`);
    }
    out(YAML.stringify({ kind: 'Workload', ...withoutSynthetic(orderedSpec(g.spec)) }));
    return;
  }
  const rows = [...generations]
    .sort((a, b) => Number(a.generation) - Number(b.generation))
    .map((g) => [String(g.generation), g.createdAt, g.cause]);
  out(table(['GENERATION', 'TIME', 'CAUSE'], rows));
}

export async function rolloutUndo(api: Api, name: string, toGeneration: number | undefined, out: Out): Promise<void> {
  const w = await api.call<WorkloadMsg>('RollbackWorkload', { name, toGeneration: toGeneration ?? 0 });
  out(`workload/${name} rolled back: generation ${w.generation}\n`);
}

/** Applies the stored spec again with update.paused set or cleared (no new generation). */
export async function rolloutPause(api: Api, name: string, paused: boolean, out: Out): Promise<void> {
  const w = await api.call<WorkloadMsg>('GetWorkload', { name });
  const spec = withoutSynthetic(w.spec);
  await api.call<WorkloadMsg>('ApplyWorkload', { workload: { ...spec, update: { ...spec.update, paused } } });
  out(`workload/${name} ${paused ? 'paused' : 'resumed'}\n`);
}
