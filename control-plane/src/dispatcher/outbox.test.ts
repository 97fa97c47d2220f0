// A burst of commands enters the stream a window at a time; what is written to the stream
// directly (a heartbeat ack) overtakes the rest. A real object-mode stream, read slowly.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Outbox } from './outbox';

const turn = () => new Promise((r) => setImmediate(r));

describe('Outbox', () => {
  it('lets a direct write overtake a burst, and delivers the burst whole and in order', async () => {
    const stream = new PassThrough({ objectMode: true, highWaterMark: 8 });
    const out = new Outbox<string>(stream, 16);
    for (let i = 0; i < 200; i++) out.push(`cmd${i}`);
    await turn();
    stream.write('ack');
    const seen: string[] = [];
    stream.on('data', (m: string) => seen.push(m));
    for (let i = 0; i < 200 && seen.length < 201; i++) await turn();
    expect(seen.indexOf('ack')).toBeLessThan(20);
    expect(seen.filter((m) => m !== 'ack')).toEqual(Array.from({ length: 200 }, (_, i) => `cmd${i}`));
    expect(out.length).toBe(0);
  });

  it('drops what waits once closed', async () => {
    const stream = new PassThrough({ objectMode: true, highWaterMark: 4 });
    const out = new Outbox<string>(stream, 2);
    for (let i = 0; i < 10; i++) out.push(`cmd${i}`);
    out.close();
    out.push('late');
    await turn();
    expect(out.length).toBe(0);
    // The first window went in at once; nothing after it.
    const read: string[] = [];
    for (let m = stream.read() as string | null; m !== null; m = stream.read() as string | null) read.push(m);
    expect(read).toEqual(['cmd0', 'cmd1']);
  });
});
