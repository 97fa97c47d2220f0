// `apply -f` as one unit, and `diff -f`: every document is checked by the server (a dry run)
// before any is applied; if the server still refuses one later, the user is told exactly which
// were applied.
import { status } from '@grpc/grpc-js';
import { createTwoFilesPatch } from 'diff';
import YAML from 'yaml';
import type { WorkloadMsg, WorkloadSpec } from '@coxswain/shared';
import type { Api } from './connect';
import { CliError } from './errors';
import { orderedSpec, withoutSynthetic } from './format';
import { where, type WorkloadDoc } from './manifest';

type Out = (text: string) => void;

/** Statuses by which the server refuses a document (as opposed to not being reached at all). */
const REFUSALS = new Set<status | undefined>([
  status.INVALID_ARGUMENT,
  status.FAILED_PRECONDITION,
  status.RESOURCE_EXHAUSTED,
  status.PERMISSION_DENIED,
  status.NOT_FOUND,
  status.ALREADY_EXISTS,
]);

/**
 * The line of the field a refusal names: the server's messages start with the field's path
 * (`workload.resources.cpuMillis: must be ...`, `workload.command[2]: ...`).
 */
export function refusalLine(doc: WorkloadDoc, message: string): number {
  const m = /^(?:[A-Z_]+: )?workload\.([\w.[\]]+):/.exec(message);
  if (!m) return doc.origin.line;
  const path = m[1]
    .split(/\.|\[(\d+)\]/)
    .filter((p) => p !== undefined && p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return doc.lineOf(path);
}

const refusal = (doc: WorkloadDoc, err: Error) =>
  `${where(doc.origin, refusalLine(doc, err.message))}: workload "${doc.spec.name}" refused: ${err.message}`;

async function current(api: Api, name: string): Promise<WorkloadMsg | undefined> {
  try {
    return await api.call<WorkloadMsg>('GetWorkload', { name });
  } catch (err) {
    if (err instanceof CliError && err.status === status.NOT_FOUND) return undefined;
    throw err;
  }
}

/** Every document through the server's checks, none applied; throws listing every refusal. */
async function dryRunAll(api: Api, docs: WorkloadDoc[]): Promise<WorkloadMsg[]> {
  const results = await Promise.allSettled(
    docs.map((d) => api.call<WorkloadMsg>('ApplyWorkload', { workload: d.spec, dryRun: true })),
  );
  const refused = results.flatMap((r, i) => (r.status === 'rejected' ? [refusal(docs[i], r.reason as Error)] : []));
  if (refused.length > 0) {
    // A channel or credentials failure is the same for every document: said once, as itself.
    for (const r of results)
      if (r.status === 'rejected' && !REFUSALS.has((r.reason as CliError).status)) throw r.reason as Error;
    throw new CliError(`${refused.join('\n')}\nnothing was applied`);
  }
  return results.map((r) => (r as PromiseFulfilledResult<WorkloadMsg>).value);
}

export async function applyDocs(api: Api, docs: WorkloadDoc[], out: Out, dryRun = false): Promise<void> {
  if (docs.length === 0) throw new CliError('no workloads in the given files: nothing to apply');
  const before = await Promise.all(docs.map((d) => current(api, d.spec.name)));
  const planned = await dryRunAll(api, docs);
  const verb = (i: number, after: WorkloadMsg) =>
    !before[i]
      ? 'created'
      : JSON.stringify(before[i]?.spec) === JSON.stringify(after.spec)
        ? 'unchanged'
        : `configured (generation ${after.generation})`;
  if (dryRun) {
    planned.forEach((w, i) => out(`workload/${w.spec.name} ${verb(i, w)} (dry run)\n`));
    return;
  }
  const applied: string[] = [];
  for (const [i, d] of docs.entries()) {
    let w: WorkloadMsg;
    try {
      w = await api.call<WorkloadMsg>('ApplyWorkload', { workload: d.spec });
    } catch (err) {
      const rest = docs.slice(i + 1).map((x) => `workload/${x.spec.name}`);
      throw new CliError(
        [
          refusal(d, err as Error),
          `applied before it: ${applied.length ? applied.join(', ') : 'none'}`,
          `not applied: workload/${d.spec.name}${rest.length ? `, ${rest.join(', ')}` : ''}`,
        ].join('\n'),
      );
    }
    applied.push(`workload/${w.spec.name}`);
    out(`workload/${w.spec.name} ${verb(i, w)}\n`);
  }
}

const specYaml = (spec: WorkloadSpec | undefined) =>
  spec ? YAML.stringify({ kind: 'Workload', ...withoutSynthetic(orderedSpec(spec)) }) : '';

/** Prints what `apply` would change, as a unified diff per workload; true when anything differs. */
export async function diffDocs(api: Api, docs: WorkloadDoc[], out: Out): Promise<boolean> {
  const before = await Promise.all(docs.map((d) => current(api, d.spec.name)));
  const planned = await dryRunAll(api, docs);
  let differs = false;
  for (const [i, w] of planned.entries()) {
    const live = specYaml(before[i]?.spec);
    const next = specYaml(w.spec);
    if (live === next) continue;
    differs = true;
    const name = w.spec.name;
    const generation = before[i] ? `generation ${before[i]?.generation} -> ${w.generation}` : 'new';
    out(createTwoFilesPatch(`live/workload/${name}`, `applied/workload/${name}`, live, next, generation, ''));
  }
  return differs;
}

export async function deleteDocs(api: Api, docs: WorkloadDoc[], out: Out): Promise<void> {
  for (const d of docs) {
    await api.call('DeleteWorkload', { name: d.spec.name });
    out(`workload/${d.spec.name} deleted\n`);
  }
}
