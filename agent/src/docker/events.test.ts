import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { type ContainerEvent, watchContainerEvents } from './events';

const logger = pino({ level: 'silent' });

/** Just enough of dockerode for the watcher: each getEvents call hands out a fresh stream. */
function fakeDocker(failFirst = 0) {
  const streams: PassThrough[] = [];
  const filters: unknown[] = [];
  let calls = 0;
  const docker = {
    async getEvents(opts: { filters: unknown }) {
      calls++;
      if (calls <= failFirst) throw new Error('connect ENOENT');
      filters.push(opts.filters);
      const s = new PassThrough();
      streams.push(s);
      return s;
    },
  } as unknown as Docker;
  return { docker, streams, filters, calls: () => calls };
}

const until = async (cond: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('watchContainerEvents', () => {
  it('parses split lines, ignores noise, and reopens the stream (with a resync) when it ends', async () => {
    const fake = fakeDocker();
    const events: ContainerEvent[] = [];
    let resyncs = 0;
    const watch = watchContainerEvents(fake.docker, {
      logger,
      retryMs: 10,
      onEvent: (e) => events.push(e),
      onResync: () => resyncs++,
    });
    await until(() => resyncs === 1);
    expect(fake.filters[0]).toEqual({ type: ['container'], label: ['coxswain.workload'] });

    const die = JSON.stringify({
      Type: 'container',
      Action: 'die',
      Actor: { ID: 'c1' },
      timeNano: 1_700_000_000_123_000_000,
    });
    fake.streams[0].write(die.slice(0, 20));
    fake.streams[0].write(
      die.slice(20) + '\n' + JSON.stringify({ Action: 'exec_start: sh', Actor: { ID: 'c1' } }) + '\nnot json\n',
    );
    fake.streams[0].write(JSON.stringify({ status: 'destroy', id: 'c2', time: 1_700_000_001 }) + '\n');
    await until(() => events.length === 2);
    expect(events).toEqual([
      { containerId: 'c1', action: 'die', time: 1_700_000_000_123 },
      { containerId: 'c2', action: 'destroy', time: 1_700_000_001_000 },
    ]);

    fake.streams[0].end();
    await until(() => resyncs === 2);
    fake.streams[1].write(JSON.stringify({ Action: 'start', Actor: { ID: 'c3' } }) + '\n');
    await until(() => events.length === 3);

    watch.close();
    const calls = fake.calls();
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.calls()).toBe(calls);
  });

  it('keeps retrying while the engine is unreachable', async () => {
    const fake = fakeDocker(3);
    let resyncs = 0;
    const watch = watchContainerEvents(fake.docker, {
      logger,
      retryMs: 5,
      onEvent: () => undefined,
      onResync: () => resyncs++,
    });
    await until(() => resyncs === 1);
    expect(fake.calls()).toBe(4);
    watch.close();
  });
});
