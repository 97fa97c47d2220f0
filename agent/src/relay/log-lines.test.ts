import { describe, expect, it } from 'vitest';
import { LogLineParser } from './log-lines';

const T1 = '2026-01-02T03:04:05.123456789Z';
const T2 = '2026-01-02T03:04:06.000000001Z';

function all(parser: LogLineParser, pieces: Array<string | Buffer>, frames = false) {
  return pieces.flatMap((p) => parser.push(Buffer.isBuffer(p) ? p : Buffer.from(p), frames));
}

describe('LogLineParser', () => {
  it('splits lines and strips the timestamp, keeping it as the time', () => {
    const p = new LogLineParser('stdout');
    expect(all(p, [`${T1} one\n${T2} two\n`])).toEqual([
      { line: 'one', stream: 'stdout', time: T1 },
      { line: 'two', stream: 'stdout', time: T2 },
    ]);
    expect(p.bufferedBytes).toBe(0);
  });

  it('copes with any chunk boundary, inside the timestamp too', () => {
    const text = `${T1} hello world\n${T2} bye\r\n`;
    for (let cut = 1; cut < text.length; cut++) {
      const p = new LogLineParser('stderr');
      const lines = all(p, [text.slice(0, cut), text.slice(cut)]);
      expect(lines.map((l) => [l.line, l.time])).toEqual([
        ['hello world', T1],
        ['bye', T2],
      ]);
    }
  });

  it('joins the messages of a long line: a frame that starts mid-line drops its timestamp', () => {
    const p = new LogLineParser('stdout');
    expect(p.push(Buffer.from(`${T1} first part `), true)).toEqual([]);
    expect(p.bufferedBytes).toBe('first part '.length);
    expect(p.push(Buffer.from(`${T2} second part\n`), true)).toEqual([
      { line: 'first part second part', stream: 'stdout', time: T1 },
    ]);
  });

  it('sends an open line on flush; what follows it continues with the same time', () => {
    const p = new LogLineParser('stdout');
    expect(all(p, [`${T1} prompt> `])).toEqual([]);
    expect(p.flush()).toEqual([{ line: 'prompt> ', stream: 'stdout', time: T1 }]);
    expect(p.flush()).toEqual([]);
    expect(all(p, ['answer\n'])).toEqual([{ line: 'answer', stream: 'stdout', time: T1 }]);
  });

  it('keeps lines empty or without a timestamp', () => {
    const p = new LogLineParser('stdout');
    expect(all(p, [`${T1} \n`, 'no-stamp-here\n'])).toEqual([
      { line: '', stream: 'stdout', time: T1 },
      { line: 'no-stamp-here', stream: 'stdout', time: '' },
    ]);
    const long = 'x'.repeat(100);
    expect(all(p, [`${long} tail\n`]).map((l) => l.line)).toEqual([`${long} tail`]);
  });

  it('splits a line longer than the cap, never inside a UTF-8 character', () => {
    const p = new LogLineParser('stdout', 10);
    const lines = all(p, [`${T1} aaaaaaaaa€bbbbbbbbbbbbbbb\n`]);
    expect(lines.map((l) => l.line)).toEqual(['aaaaaaaaa', '€bbbbbbb', 'bbbbbbbb']);
    for (const l of lines) expect(Buffer.byteLength(l.line)).toBeLessThanOrEqual(10);
    expect(lines.every((l) => l.time === T1)).toBe(true);
  });

  it('holds at most one capped line however much comes without a newline', () => {
    const p = new LogLineParser('stdout', 1024);
    let emitted = 0;
    p.push(Buffer.from(`${T1} `));
    for (let i = 0; i < 1000; i++) {
      emitted += p.push(Buffer.alloc(100, 0x61)).length;
      expect(p.bufferedBytes).toBeLessThanOrEqual(1024);
    }
    expect(emitted).toBe(Math.floor(100_000 / 1024));
  });

  it('drops a partial timestamp at the end', () => {
    const p = new LogLineParser('stdout');
    all(p, ['2026-01-02T03']);
    expect(p.flush(true)).toEqual([]);
    expect(p.bufferedBytes).toBe(0);
  });
});
