// WatchEvents with sinceSeq over a real gRPC socket and a real SQLite file: every stored event
// after it, however many, in order, then live ones with no gap or duplicate between; and
// OUT_OF_RANGE, naming the oldest kept sequence, once what was asked for has been pruned.
// Events are written through the store of the in-process control plane (no Docker here).
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterStore } from '@coxswain/control-plane';
import { apiClient, type ApiClient } from './client';
import { startSecureServer, type SecureServer } from './secure-server';

let server: SecureServer;
let client: ApiClient;

beforeAll(async () => {
  server = await startSecureServer('watch-events');
  client = apiClient(server.target, server.dir);
});

afterAll(async () => {
  client?.close();
  await server?.stop();
});

type EventInput = Parameters<ClusterStore['appendEvent']>[0];

const event = (i: number): EventInput => ({
  type: 'replica.started',
  node: 'n1',
  workload: 'bulk',
  replica: i % 7,
  epoch: i,
});

function lastSeq(): number {
  return server.cp.store.eventBounds().lastIssued;
}

/** Writes `n` events in transactions of 5,000 (one each would be 25,000 fsyncs). */
function appendMany(n: number): void {
  for (let done = 0; done < n;) {
    const batch = Math.min(5_000, n - done);
    server.cp.store.applyChanges({ events: Array.from({ length: batch }, (_, i) => event(done + i)) });
    done += batch;
  }
}

interface Watch {
  seqs: number[];
  /** Resolves once `n` events arrived. */
  until(n: number, timeoutMs?: number): Promise<void>;
  /** Resolves with the call's error. */
  failed: Promise<grpc.ServiceError>;
  cancel(): void;
}

function watch(request: { sinceSeq: number; workload?: string }): Watch {
  const call = (client.raw as any).WatchEvents({ workload: '', ...request }) as grpc.ClientReadableStream<{
    seq: number;
  }>;
  const seqs: number[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  call.on('data', (e) => {
    seqs.push(Number(e.seq));
    for (const w of waiters.filter((x) => seqs.length >= x.n)) w.resolve();
  });
  const failed = new Promise<grpc.ServiceError>((resolve) => call.on('error', resolve));
  return {
    seqs,
    failed,
    cancel: () => call.cancel(),
    until: (n, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        if (seqs.length >= n) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`only ${seqs.length} of ${n} events in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        void failed.then((err) => reject(new Error(`stream failed after ${seqs.length} events: ${err.message}`)));
      }),
  };
}

describe('WatchEvents with sinceSeq', () => {
  it('replays 25,000 stored events in order, then live ones with no gap or duplicate', async () => {
    // sinceSeq 0 means "from now on": start after one event that is not asked for.
    server.cp.store.appendEvent(event(0));
    const since = lastSeq();
    expect(since).toBeGreaterThan(0);
    appendMany(25_000);
    const w = watch({ sinceSeq: since });
    // Live events committed while the replay is under way: they must come once, in their place.
    await w.until(1_000);
    for (let i = 0; i < 20; i++) server.cp.store.appendEvent(event(i));
    await w.until(25_020, 60_000);
    // After the hand-over, live delivery.
    server.cp.store.appendEvent(event(99));
    await w.until(25_021);
    await new Promise((r) => setTimeout(r, 200));
    w.cancel();
    expect(w.seqs).toHaveLength(25_021);
    expect(w.seqs[0]).toBe(since + 1);
    const outOfOrder = w.seqs.filter((s, i) => i > 0 && s !== w.seqs[i - 1] + 1);
    expect(outOfOrder).toEqual([]);
    expect(w.seqs.at(-1)).toBe(lastSeq());
  });

  it('answers OUT_OF_RANGE, naming the oldest kept sequence, once the events asked for were pruned', async () => {
    appendMany(500);
    server.cp.store.trimEvents(100);
    const { oldestKept, lastIssued } = server.cp.store.eventBounds();
    expect(oldestKept).toBe(lastIssued - 99);
    const gone = watch({ sinceSeq: oldestKept - 2 });
    const err = await gone.failed;
    expect(err.code).toBe(grpc.status.OUT_OF_RANGE);
    expect(err.details).toContain(`oldest still kept is ${oldestKept}`);
    expect(gone.seqs).toEqual([]);
    // Right before the oldest kept: nothing asked for is gone, all 100 come.
    const kept = watch({ sinceSeq: oldestKept - 1 });
    await kept.until(100);
    kept.cancel();
    expect(kept.seqs[0]).toBe(oldestKept);
  });
});
