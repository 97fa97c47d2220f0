// Hostile input against a live control plane process: 10,000+ requests, valid and invalid
// mixed. Every invalid one must get an error code, the process must not crash, and afterwards
// the stored state must hold exactly the acknowledged workloads, each of them valid.
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore, validateSpec } from '@coxswain/control-plane';
import { apiClient, codeOf, type ApiClient } from '../client';
import { BAD_NAMES, brokenSpec, prng, randomBytes, validSpec } from './requests';
import { ServerProcess, freePort } from './server-process';

const TOTAL = 10_000;
const CONCURRENCY = 32;
const SEED = 20261126;

let server: ServerProcess;
let api: ApiClient;

beforeAll(async () => {
  server = new ServerProcess(await freePort());
  await server.start();
  api = apiClient(server.target, server.dataDir);
});

afterAll(async () => {
  api?.close();
  await server?.stop();
  server?.remove();
});

interface Outcome {
  kind: string;
  expectError: boolean;
  code: grpc.status;
}

describe('fuzz', () => {
  it(`answers ${TOTAL} random and mutated requests with error codes and never crashes`, async () => {
    const r = prng(SEED);
    const applied = new Set<string>();
    const outcomes: Outcome[] = [];
    let next = 0;

    const one = async (i: number): Promise<void> => {
      const roll = r();
      if (roll < 0.2) {
        const name = `ok-${i}`;
        const code = await codeOf(api.call('ApplyWorkload', { workload: validSpec(r, name) }));
        if (code === grpc.status.OK) applied.add(name);
        outcomes.push({ kind: 'valid apply', expectError: false, code });
      } else if (roll < 0.75) {
        outcomes.push({
          kind: 'broken apply',
          expectError: true,
          code: await codeOf(api.call('ApplyWorkload', { workload: brokenSpec(r, `bad-${i}`) })),
        });
      } else if (roll < 0.85) {
        const method = ['GetWorkload', 'DeleteWorkload', 'ScaleWorkload', 'DrainNode', 'CordonNode'][i % 5];
        const name = BAD_NAMES[i % BAD_NAMES.length];
        outcomes.push({
          kind: `bad name ${method}`,
          expectError: true,
          code: await codeOf(api.call(method, { name, replicas: 1 })),
        });
      } else if (roll < 0.9) {
        outcomes.push({
          kind: 'unknown name',
          expectError: true,
          code: await codeOf(api.call('GetWorkload', { name: `missing-${i}` })),
        });
      } else {
        // Raw bytes straight onto the wire: whatever they decode to, the server must answer.
        const method = ['ApplyWorkload', 'ScaleWorkload', 'GetWorkload', 'ListNodes'][i % 4];
        const code = await new Promise<grpc.status>((resolve) => {
          api.raw.makeUnaryRequest(
            `/coxswain.v1.ControlPlane/${method}`,
            (b: Buffer) => b,
            (b: Buffer) => b,
            randomBytes(r),
            { deadline: Date.now() + 10_000 },
            (err) => resolve(err ? err.code : grpc.status.OK),
          );
        });
        outcomes.push({ kind: 'raw bytes', expectError: false, code });
      }
    };

    const worker = async () => {
      while (next < TOTAL) await one(next++);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    expect(outcomes).toHaveLength(TOTAL);
    const wronglyAccepted = outcomes.filter((o) => o.expectError && o.code === grpc.status.OK);
    expect(wronglyAccepted).toEqual([]);
    const unavailable = outcomes.filter(
      (o) => o.code === grpc.status.UNAVAILABLE || o.code === grpc.status.DEADLINE_EXCEEDED,
    );
    expect(unavailable).toEqual([]);
    expect(outcomes.filter((o) => o.kind === 'valid apply' && o.code !== grpc.status.OK)).toEqual([]);
    expect(server.proc.running).toBe(true);

    // Oversized messages are refused before they are parsed.
    const huge = validSpec(r, 'huge');
    huge.env = { BIG: 'x'.repeat(2 << 20) };
    expect(await codeOf(api.call('ApplyWorkload', { workload: huge }))).toBe(grpc.status.RESOURCE_EXHAUSTED);

    // State: exactly the acknowledged workloads, all of them valid.
    const list = await api.call('ListWorkloads', {});
    const names = new Set<string>(list.workloads.map((w: any) => w.spec.name));
    expect(names).toEqual(applied);
    for (const w of list.workloads) expect(() => validateSpec(w.spec)).not.toThrow();
    expect(server.proc.running).toBe(true);
  });

  it('leaves a database that passes SQLite integrity_check', async () => {
    await server.stop();
    const store = new SqliteStore(path.join(server.dataDir, 'coxswain.db'));
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
  });
});
