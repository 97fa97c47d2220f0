// Subscribers of committed events.
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../model';
import { EventBus } from './event-bus';

const event = (seq: number): EventRecord => ({
  seq,
  time: 0,
  type: 'node.up',
  node: 'h1',
  workload: '',
  replica: -1,
  epoch: 0,
  message: '',
});

describe('EventBus', () => {
  it('delivers events in order until a subscriber unsubscribes', () => {
    const bus = new EventBus();
    const a: number[] = [];
    const b: number[] = [];
    const stopA = bus.subscribe((e) => a.push(e.seq));
    bus.subscribe((e) => b.push(e.seq));
    bus.publish([event(1), event(2)]);
    stopA();
    stopA();
    bus.publish([event(3)]);
    expect(a).toEqual([1, 2]);
    expect(b).toEqual([1, 2, 3]);
  });

  it('lets a subscriber unsubscribe while it is being called', () => {
    const bus = new EventBus();
    const seen: number[] = [];
    const stop = bus.subscribe((e) => {
      seen.push(e.seq);
      stop();
    });
    bus.publish([event(1), event(2)]);
    expect(seen).toEqual([1]);
  });
});
