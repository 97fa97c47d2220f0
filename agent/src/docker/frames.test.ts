import { describe, expect, it } from 'vitest';
import { FrameDemuxer, FrameError, type FramePiece } from './frames';

function frame(type: number, payload: string): Buffer {
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(Buffer.byteLength(payload), 4);
  return Buffer.concat([header, Buffer.from(payload)]);
}

/** The pieces joined back into whole frames. */
function frames(pieces: FramePiece[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const p of pieces) {
    if (p.frameStart || out.length === 0) out.push([p.stream, p.data.toString()]);
    else out[out.length - 1][1] += p.data.toString();
  }
  return out;
}

describe('FrameDemuxer', () => {
  const raw = Buffer.concat([frame(1, 'out one\n'), frame(2, 'err\n'), frame(0, ''), frame(1, 'out two\n')]);

  it('separates stdout and stderr frames', () => {
    expect(frames(new FrameDemuxer().push(raw))).toEqual([
      ['stdout', 'out one\n'],
      ['stderr', 'err\n'],
      ['stdout', 'out two\n'],
    ]);
  });

  it('gives the same frames whatever the chunk boundaries, headers split too', () => {
    for (let size = 1; size <= raw.length; size++) {
      const d = new FrameDemuxer();
      const pieces: FramePiece[] = [];
      for (let at = 0; at < raw.length; at += size) pieces.push(...d.push(raw.subarray(at, at + size)));
      expect(frames(pieces)).toEqual(frames(new FrameDemuxer().push(raw)));
      expect(d.bufferedBytes).toBe(0);
    }
  });

  it('marks only the first piece of each frame', () => {
    const d = new FrameDemuxer();
    const a = d.push(raw.subarray(0, 10));
    const b = d.push(raw.subarray(10, 16));
    expect(a.map((p) => p.frameStart)).toEqual([true]);
    expect(b.map((p) => p.frameStart)).toEqual([false]);
  });

  it('refuses a stream that is not multiplexed', () => {
    expect(() => new FrameDemuxer().push(Buffer.from('hello, this is a TTY\n'))).toThrow(FrameError);
  });
});
