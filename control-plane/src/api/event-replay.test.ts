// The replay's paging over an in-memory log (the SQLite store and a real gRPC stream are in
// test/src/watch-events.test.ts): order, hand-over to live, backpressure, pruning.
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../model';
import type { EventBounds } from '../store';
import { EventsPruned, prunedSince, replayEvents, type ReplaySink, type ReplaySource } from './event-replay';

class MemoryLog implements ReplaySource {
  events: EventRecord[] = [];
  issued = 0;
  reads = 0;

  append(n: number, workload = 'w'): void {
    for (let i = 0; i < n; i++)
      this.events.push({
        seq: ++this.issued,
        time: 0,
        type: 'replica.started',
        node: 'a',
        workload,
        replica: 0,
        epoch: 1,
        message: '',
      });
  }

  trim(keep: number): void {
    this.events = this.events.slice(Math.max(0, this.events.length - keep));
  }

  eventsSince(seq: number, limit: number): EventRecord[] {
    this.reads++;
    return this.events.filter((e) => e.seq > seq).slice(0, limit);
  }

  eventBounds(): EventBounds {
    return { oldestKept: this.events[0]?.seq ?? this.issued + 1, lastIssued: this.issued };
  }
}

/** A stream whose buffer holds `room` events until drained on the next turn. */
class SlowSink implements ReplaySink {
  readonly got: number[] = [];
  closed = false;
  waits = 0;
  private buffered = 0;
  constructor(
    private readonly room: number,
    private readonly onWrite: (n: number) => void = () => {},
  ) {}
  write(e: EventRecord): boolean {
    this.got.push(e.seq);
    this.onWrite(this.got.length);
    return ++this.buffered < this.room;
  }
  drained(): Promise<void> {
    this.waits++;
    return new Promise((resolve) =>
      setImmediate(() => {
        this.buffered = 0;
        resolve();
      }),
    );
  }
}

const seqs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('replayEvents', () => {
  it('sends every event after sinceSeq in order, page by page, waiting whenever the stream is full', async () => {
    const log = new MemoryLog();
    log.append(2_500);
    const sink = new SlowSink(64);
    let liveFrom = -1;
    await replayEvents(log, sink, 10, { wanted: () => true, goLive: (s) => (liveFrom = s), batch: 100 });
    expect(sink.got).toEqual(seqs(11, 2_500));
    expect(liveFrom).toBe(2_500);
    expect(log.reads).toBe(Math.ceil(2_490 / 100) + 1);
    expect(sink.waits).toBeGreaterThan(30);
  });

  it('replays what commits during the replay, then hands over exactly after the last one sent', async () => {
    const log = new MemoryLog();
    log.append(300);
    // Every 50th write, 7 more events commit: they are in the log, so a later page brings them.
    const sink = new SlowSink(1_000, (n) => n % 50 === 0 && log.append(7));
    let liveFrom = -1;
    await replayEvents(log, sink, 0, { wanted: () => true, goLive: (s) => (liveFrom = s), batch: 40 });
    expect(sink.got).toEqual(seqs(1, log.issued));
    expect(liveFrom).toBe(log.issued);
  });

  it('skips what the filter does not want but still moves past it', async () => {
    const log = new MemoryLog();
    log.append(5, 'a');
    log.append(5, 'b');
    log.append(5, 'a');
    const sink = new SlowSink(1_000);
    let liveFrom = -1;
    await replayEvents(log, sink, 0, { wanted: (e) => e.workload === 'a', goLive: (s) => (liveFrom = s), batch: 3 });
    expect(sink.got).toEqual([...seqs(1, 5), ...seqs(11, 15)]);
    expect(liveFrom).toBe(15);
  });

  it('refuses a sinceSeq whose next event was pruned, before sending anything', async () => {
    const log = new MemoryLog();
    log.append(1_000);
    log.trim(100);
    const sink = new SlowSink(1_000);
    const run = (since: number) => replayEvents(log, sink, since, { wanted: () => true, goLive: () => {} });
    await expect(run(899)).rejects.toThrow(EventsPruned);
    await expect(run(899)).rejects.toThrow(/the oldest still kept is 901/);
    expect(sink.got).toEqual([]);
    await run(900);
    expect(sink.got).toEqual(seqs(901, 1_000));
  });

  it('ends with EventsPruned when events are trimmed before their page was read', async () => {
    const log = new MemoryLog();
    log.append(1_000);
    const sink = new SlowSink(1_000, (n) => n === 50 && log.trim(10));
    await expect(replayEvents(log, sink, 0, { wanted: () => true, goLive: () => {}, batch: 100 })).rejects.toThrow(
      /events 101 to 990 were pruned/,
    );
    expect(sink.got).toEqual(seqs(1, 100));
  });

  it('stops when the watcher goes away', async () => {
    const log = new MemoryLog();
    log.append(500);
    const sink = new SlowSink(1_000, (n) => n === 120 && (sink.closed = true));
    let live = false;
    await replayEvents(log, sink, 0, { wanted: () => true, goLive: () => (live = true), batch: 100 });
    expect(sink.got).toHaveLength(120);
    expect(live).toBe(false);
  });
});

describe('prunedSince', () => {
  it('is silent while the event right after sinceSeq is kept, or nothing was asked for', () => {
    expect(prunedSince(0, { oldestKept: 500, lastIssued: 900 })).toBeUndefined();
    expect(prunedSince(499, { oldestKept: 500, lastIssued: 900 })).toBeUndefined();
    expect(prunedSince(950, { oldestKept: 500, lastIssued: 900 })).toBeUndefined();
    expect(prunedSince(5, { oldestKept: 1, lastIssued: 0 })).toBeUndefined();
  });

  it('names the oldest kept sequence, or that none is kept in an emptied log', () => {
    expect(prunedSince(498, { oldestKept: 500, lastIssued: 900 })).toMatch(
      /events 499 to 499 .* oldest still kept is 500/,
    );
    expect(prunedSince(3, { oldestKept: 901, lastIssued: 900 })).toMatch(
      /events 4 to 900 .* none is kept now; the next will be 901/,
    );
    expect(prunedSince(900, { oldestKept: 901, lastIssued: 900 })).toBeUndefined();
  });
});
