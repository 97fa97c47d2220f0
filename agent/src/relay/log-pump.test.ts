import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RelayUp } from '@coxswain/shared';
import { LogPump } from './log-pump';

const T = '2026-01-02T03:04:05.000000001Z';

function frame(type: number, payload: string): Buffer {
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(Buffer.byteLength(payload), 4);
  return Buffer.concat([header, Buffer.from(payload)]);
}

/** A Relay call stand-in whose writes complete only when released. */
function call() {
  const sent: RelayUp[] = [];
  const waiting: Array<() => void> = [];
  const sink = new Writable({
    objectMode: true,
    write(chunk: RelayUp, _enc, cb) {
      sent.push(chunk);
      if (gated) waiting.push(cb);
      else cb();
    },
  });
  let gated = false;
  return {
    sink,
    sent,
    lines: () => sent.flatMap((m) => (m.msg === 'logs' ? m.logs.lines : [])),
    gate: () => (gated = true),
    release: () => {
      gated = false;
      for (const cb of waiting.splice(0)) cb();
    },
  };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('LogPump', () => {
  it('sends the lines of each chunk at once, by stream, in batches', async () => {
    const source = new PassThrough();
    const c = call();
    const pump = new LogPump(source, false, c.sink, { limitBytes: 64 * 1024, idleFlushMs: 1000 });
    pump.start((err) => {
      throw err;
    });
    source.write(Buffer.concat([frame(1, `${T} out\n`), frame(2, `${T} err\n`)]));
    await tick();
    expect(c.sent).toHaveLength(1);
    expect(c.lines()).toEqual([
      { line: 'out', stream: 'stdout', time: T },
      { line: 'err', stream: 'stderr', time: T },
    ]);
  });

  it('sends an open line after a quiet moment, and what is open at the end', async () => {
    const source = new PassThrough();
    const c = call();
    const pump = new LogPump(source, true, c.sink, { limitBytes: 64 * 1024, idleFlushMs: 30 });
    pump.start((err) => {
      throw err;
    });
    source.write(`${T} password: `);
    await tick();
    expect(c.lines()).toEqual([]);
    await tick(60);
    expect(c.lines().map((l) => l.line)).toEqual(['password: ']);
    source.write('secret');
    await tick();
    pump.finish();
    expect(c.lines().map((l) => l.line)).toEqual(['password: ', 'secret']);
  });

  it('pauses the engine stream while the call holds its limit, and holds little more than it', async () => {
    const source = new PassThrough({ highWaterMark: 16 * 1024 });
    const c = call();
    c.gate();
    const limit = 8 * 1024;
    const pump = new LogPump(source, false, c.sink, { limitBytes: limit, idleFlushMs: 1000 });
    pump.start((err) => {
      throw err;
    });
    const chunk = Buffer.concat(Array.from({ length: 8 }, (_, i) => frame(1, `${T} ${'y'.repeat(500)} ${i}\n`)));
    let accepted = 0;
    for (let i = 0; i < 200 && source.write(chunk); i++) accepted++;
    await tick();
    expect(source.isPaused()).toBe(true);
    expect(accepted).toBeLessThan(200); // the engine side saw the backpressure too
    // At most the limit plus the one chunk being turned into lines when the pause came.
    expect(pump.valve.maxHeld).toBeLessThanOrEqual(limit + chunk.length);
    c.release();
    await tick();
    expect(source.isPaused()).toBe(false);
  });

  it('reports output that is not a multiplexed stream', async () => {
    const source = new PassThrough();
    const c = call();
    const pump = new LogPump(source, false, c.sink, { limitBytes: 1024, idleFlushMs: 1000 });
    const errors: Error[] = [];
    pump.start((err) => errors.push(err));
    source.write('this is not framed\n');
    await tick();
    expect(errors[0]?.message).toMatch(/not a multiplexed Docker stream/);
  });
});
