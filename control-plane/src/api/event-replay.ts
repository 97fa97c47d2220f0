// WatchEvents' replay of stored events: every one after the asked sequence, page by page, then
// the hand-over to live delivery with no gap and no duplicate. Over two small interfaces, so the
// paging is tested without gRPC; the handler gives it the store and the call.
import type { EventRecord } from '../model';
import type { EventBounds } from '../store';

/** Events read from the store at once: a page is a few hundred kB, read in a few ms. */
export const REPLAY_BATCH = 1000;

/** Where the replay reads: the store's event log. */
export interface ReplaySource {
  eventsSince(seq: number, limit: number): EventRecord[];
  eventBounds(): EventBounds;
}

/** Where the replay writes: the watcher's stream. */
export interface ReplaySink {
  /** Sends one event; false: the stream's buffer is full, await drained() before the next. */
  write(e: EventRecord): boolean;
  /** Resolves once the stream takes more, or has ended. */
  drained(): Promise<void>;
  /** The watcher went away: nothing more to send. */
  readonly closed: boolean;
}

export interface ReplayOptions {
  /** Events the watcher asked for (a workload filter); the others are skipped, not sent. */
  wanted: (e: EventRecord) => boolean;
  /**
   * Called, in the same turn of the event loop as a read that found nothing newer, with the
   * last sequence replayed: from then on the live listener delivers what is committed after it.
   * Nothing can commit in between (the store is synchronous), so no event is lost or sent twice.
   */
  goLive: (lastSeq: number) => void;
  batch?: number;
  /** Lets other work run between pages (default: setImmediate). */
  yieldNow?: () => Promise<void>;
}

/** Asked for, but no longer stored: trimmed before it could be replayed. */
export class EventsPruned extends Error {}

/**
 * Why a replay after `sinceSeq` cannot be complete, or undefined when every event after it is
 * still stored. Something asked for is gone when sinceSeq < oldestKept - 1: the event right after
 * sinceSeq was pruned. An empty log that once held events has pruned up to the last one issued.
 */
export function prunedSince(sinceSeq: number, b: EventBounds): string | undefined {
  if (!(sinceSeq > 0) || sinceSeq >= b.oldestKept - 1) return undefined;
  const kept =
    b.oldestKept <= b.lastIssued
      ? `the oldest still kept is ${b.oldestKept}`
      : `none is kept now; the next will be ${b.oldestKept}`;
  return `events ${sinceSeq + 1} to ${b.oldestKept - 1} were pruned (the log keeps only the newest): ${kept}`;
}

/**
 * Sends every stored event after `sinceSeq` in order, however many, then goes live. Between pages
 * it yields to the event loop, and it waits whenever the stream's buffer is full, so a slow
 * watcher holds neither the process nor memory. Events committed meanwhile are in the store and
 * come with a later page; events trimmed before their page was read end the replay with
 * EventsPruned. Resolves when live or when the watcher went away.
 */
export async function replayEvents(
  source: ReplaySource,
  sink: ReplaySink,
  sinceSeq: number,
  opts: ReplayOptions,
): Promise<void> {
  const batch = opts.batch ?? REPLAY_BATCH;
  const yieldNow = opts.yieldNow ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  let last = sinceSeq;
  for (;;) {
    if (sink.closed) return;
    const gone = prunedSince(last, source.eventBounds());
    if (gone) throw new EventsPruned(gone);
    const page = source.eventsSince(last, batch);
    if (page.length === 0) {
      opts.goLive(last);
      return;
    }
    for (const e of page) {
      last = e.seq;
      if (!opts.wanted(e)) continue;
      if (!sink.write(e)) await sink.drained();
      if (sink.closed) return;
    }
    await yieldNow();
  }
}
