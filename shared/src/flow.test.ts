import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Valve } from './flow';

/** An object-mode destination that completes a write only when the test says so. */
function gatedSink(): { sink: Writable; release(n?: number): void; taken: number } {
  const waiting: Array<() => void> = [];
  const state = {
    sink: new Writable({
      objectMode: true,
      write(_chunk, _enc, cb) {
        waiting.push(cb);
      },
    }),
    taken: 0,
    release(n = Infinity) {
      for (let i = 0; i < n && waiting.length > 0; i++) {
        state.taken++;
        waiting.shift()?.();
      }
    },
  };
  return state;
}

const tick = () => new Promise((r) => setImmediate(r));

describe('Valve', () => {
  it('pauses the source once the bytes not yet taken reach the limit, and resumes at half', async () => {
    const source = new PassThrough();
    const { sink, release } = gatedSink();
    const valve = new Valve(source, sink, { limitBytes: 1000 });
    valve.write({}, 400);
    valve.write({}, 400);
    expect(valve.isPaused).toBe(false);
    valve.write({}, 400);
    expect(valve.isPaused).toBe(true);
    expect(source.isPaused()).toBe(true);
    expect(valve.held).toBe(1200);

    release(1);
    await tick();
    expect(valve.held).toBe(800);
    expect(valve.isPaused).toBe(true); // 800 > 500: still too much

    release(1);
    await tick();
    expect(valve.isPaused).toBe(false);
    expect(valve.delivered).toBe(800);
    expect(valve.maxHeld).toBe(1200);
  });

  it("pauses when the destination's write() says full, even under the byte limit", async () => {
    const source = new PassThrough();
    const { sink, release } = gatedSink();
    const valve = new Valve(source, sink, { limitBytes: 1 << 20 });
    for (let i = 0; i < sink.writableHighWaterMark; i++) valve.write({}, 1);
    expect(valve.isPaused).toBe(true);
    release();
    await tick();
    release();
    await tick();
    expect(valve.isPaused).toBe(false);
  });

  it('counts what the caller buffers in held and maxHeld', () => {
    let buffered = 300;
    const { sink } = gatedSink();
    const valve = new Valve(new PassThrough(), sink, { limitBytes: 1000, buffered: () => buffered });
    valve.note();
    expect(valve.maxHeld).toBe(300);
    valve.write({}, 100);
    buffered = 0;
    expect(valve.held).toBe(100);
    expect(valve.maxHeld).toBe(400);
  });

  it('stays paused after close', async () => {
    const source = new PassThrough();
    const { sink, release } = gatedSink();
    const valve = new Valve(source, sink, { limitBytes: 10 });
    valve.write({}, 20);
    valve.close();
    release();
    await tick();
    expect(source.isPaused()).toBe(true);
    valve.write({}, 20);
    expect(valve.written).toBe(20);
  });
});
