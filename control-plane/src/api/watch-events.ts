import * as grpc from '@grpc/grpc-js';
import type { EventMsg, Logger } from '@coxswain/shared';
import type { EventRecord } from '../model';
import type { ClusterStore } from '../store';
import { EventsPruned, replayEvents, type ReplaySink } from './event-replay';
import { renderEvent } from './render';

type WatchCall = grpc.ServerWritableStream<{ sinceSeq: number; workload: string }, EventMsg>;

/**
 * WatchEvents: with sinceSeq, every stored event after it (or OUT_OF_RANGE when some were pruned),
 * then live events as they commit; without, live events only.
 */
export function watchEvents(store: Pick<ClusterStore, 'subscribe' | 'eventsSince' | 'eventBounds'>, log: Logger) {
  return (call: WatchCall): void => {
    const { workload } = call.request;
    const sinceSeq = Number(call.request.sinceSeq) || 0;
    const wanted = (e: EventRecord) => !workload || e.workload === workload;
    let ended = false;
    let live = sinceSeq <= 0;
    let last = Math.max(0, sinceSeq);
    // Subscribed before the replay starts; it delivers only once the replay handed over.
    const unsubscribe = store.subscribe((e) => {
      if (!live || ended || e.seq <= last) return;
      last = e.seq;
      if (wanted(e)) call.write(renderEvent(e));
    });
    const end = () => {
      ended = true;
      unsubscribe();
    };
    call.on('cancelled', end);
    call.on('close', end);
    call.on('error', end);
    if (live) return;

    const sink: ReplaySink = {
      write: (e) => call.write(renderEvent(e)),
      drained: () =>
        new Promise<void>((resolve) => {
          const done = () => {
            call.off('drain', done);
            call.off('cancelled', done);
            call.off('close', done);
            resolve();
          };
          call.on('drain', done);
          call.on('cancelled', done);
          call.on('close', done);
        }),
      get closed() {
        return ended || call.cancelled;
      },
    };
    replayEvents(store, sink, sinceSeq, {
      wanted,
      goLive: (seq) => {
        last = seq;
        live = true;
      },
    }).catch((err: Error) => {
      end();
      const pruned = err instanceof EventsPruned;
      if (!pruned) log.error({ err: err.message, sinceSeq }, 'event replay failed');
      call.emit('error', {
        code: pruned ? grpc.status.OUT_OF_RANGE : grpc.status.INTERNAL,
        details: pruned ? `sinceSeq ${sinceSeq}: ${err.message}` : `event replay failed: ${err.message}`,
      });
    });
  };
}
