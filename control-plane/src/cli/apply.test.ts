// applyDocs against a stand-in for the server: the case under test (the server accepts every
// dry run, then refuses a real apply because something changed in between) is a race that a
// real control plane cannot be made to lose on demand. The real server is in test/src/cli.test.ts.
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { WorkloadMsg, WorkloadSpec } from '@coxswain/shared';
import type { Api } from './connect';
import { CliError } from './errors';
import { applyDocs } from './apply';
import { parseManifest } from './manifest';

function fakeServer(refuseReal: string): { api: Api; applied: string[] } {
  const applied: string[] = [];
  const view = (spec: WorkloadSpec): WorkloadMsg =>
    ({ spec, generation: 1, status: { desired: 1, running: 0, pending: 1, replicas: [] } }) as unknown as WorkloadMsg;
  const api = {
    server: 'fake:1',
    async call<Res>(method: string, req: { name?: string; workload?: WorkloadSpec; dryRun?: boolean }) {
      if (method === 'GetWorkload')
        throw new CliError(`NOT_FOUND: workload "${req.name}" not found`, 1, grpc.status.NOT_FOUND);
      if (method !== 'ApplyWorkload' || !req.workload) throw new Error(`unexpected ${method}`);
      if (!req.dryRun && req.workload.name === refuseReal)
        throw new CliError('RESOURCE_EXHAUSTED: quota used up', 1, grpc.status.RESOURCE_EXHAUSTED);
      if (!req.dryRun) applied.push(req.workload.name);
      return view(req.workload) as Res;
    },
  } as unknown as Api;
  return { api, applied };
}

const docs = parseManifest('name: a\nimage: x\n---\nname: b\nimage: x\n---\nname: c\nimage: x\n', 'm.yaml');

describe('apply as one unit', () => {
  it('applies every document once all passed the dry run', async () => {
    const { api, applied } = fakeServer('');
    const out: string[] = [];
    await applyDocs(api, docs, (s) => out.push(s));
    expect(applied).toEqual(['a', 'b', 'c']);
    expect(out.join('')).toBe('workload/a created\nworkload/b created\nworkload/c created\n');
  });

  it('says exactly which were applied when the server refuses one after the dry run', async () => {
    const { api, applied } = fakeServer('b');
    const err = await applyDocs(api, docs, () => {}).catch((e: Error) => e);
    expect(applied).toEqual(['a']);
    expect((err as Error).message).toBe(
      [
        'm.yaml, document 2, line 4: workload "b" refused: RESOURCE_EXHAUSTED: quota used up',
        'applied before it: workload/a',
        'not applied: workload/b, workload/c',
      ].join('\n'),
    );
  });
});
