// Committed events to subscribers. The store publishes only after a transaction committed, so a
// subscriber never hears of an event that a rollback took back.
import type { EventRecord } from '../model';

type Listener = (e: EventRecord) => void;

export class EventBus {
  private readonly listeners = new Set<Listener>();

  /** Returns the unsubscribe; any number of watchers may subscribe (every WatchEvents stream does). */
  subscribe(listener: Listener): () => void {
    // A wrapper per subscription, so the same function subscribed twice is heard twice, as with an emitter.
    const entry: Listener = (e) => listener(e);
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  publish(events: readonly EventRecord[]): void {
    for (const e of events) for (const listener of [...this.listeners]) listener(e);
  }
}
