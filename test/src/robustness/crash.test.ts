// Crash safety: SIGKILL the control plane at random moments while 1,000 ApplyWorkload calls
// run, restart it on the same database, and check that every acknowledged workload is there.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../hosts';
import { apiClient, type ApiClient } from '../client';
import { prng, validSpec } from './requests';
import { ServerProcess, freePort } from './server-process';

const APPLIES = 1000;
const KILLS = 20;
const CONCURRENCY = 8;

let server: ServerProcess;

beforeAll(async () => {
  server = new ServerProcess(await freePort());
  await server.start();
});

afterAll(async () => {
  await server?.stop();
  server?.remove();
});

describe('crash safety', () => {
  it(`loses no acknowledged workload across ${KILLS} SIGKILLs during ${APPLIES} applies`, async () => {
    const r = prng(4242);
    const acked = new Map<string, number>();
    let api: ApiClient = apiClient(server.target, server.dataDir);
    let next = 0;
    let kills = 0;
    let restarting: Promise<void> | undefined;
    // Kill points spread over the run: after roughly every APPLIES / KILLS answers, at random.
    const killAt = new Set(Array.from({ length: KILLS }, (_, k) => Math.floor((k + r()) * (APPLIES / KILLS))));
    let answered = 0;

    const crashAndRestart = async () => {
      kills++;
      server.proc.kill('SIGKILL');
      await server.proc.wait(10_000);
      api.close();
      await server.start();
      api = apiClient(server.target, server.dataDir);
    };

    const worker = async () => {
      while (next < APPLIES) {
        const i = next++;
        const name = `w-${i}`;
        const spec = validSpec(r, name);
        for (let attempt = 0; ; attempt++) {
          if (restarting) await restarting;
          try {
            const w = await api.call('ApplyWorkload', { workload: spec }, 5000);
            acked.set(name, Number(w.generation));
            break;
          } catch (err) {
            const code = (err as grpc.ServiceError).code;
            // The server died under this call: unknown outcome, try again (apply is idempotent).
            if (
              code !== grpc.status.UNAVAILABLE &&
              code !== grpc.status.DEADLINE_EXCEEDED &&
              code !== grpc.status.CANCELLED
            )
              throw err;
            if (attempt > 50) throw new Error(`${name}: still unavailable after ${attempt} attempts`);
            await sleep(100);
          }
        }
        answered++;
        if (killAt.has(answered) && !restarting) {
          restarting = crashAndRestart().finally(() => (restarting = undefined));
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (restarting) await restarting;

    expect(kills).toBeGreaterThanOrEqual(KILLS);
    expect(acked.size).toBe(APPLIES);
    // One more crash after the last answer, then check everything on a fresh start.
    await crashAndRestart();
    const list = await api.call('ListWorkloads', {}, 30_000);
    const stored = new Map<string, number>(list.workloads.map((w: any) => [w.spec.name, Number(w.generation)]));
    const lost = [...acked.keys()].filter((n) => !stored.has(n));
    expect(lost).toEqual([]);
    for (const [name, gen] of acked) expect(stored.get(name)).toBe(gen);
    api.close();
  });
});
