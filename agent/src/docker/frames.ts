// Docker's multiplexed stream (logs and exec of a container without a TTY): frames of an 8-byte
// header (stream type, three zero bytes, payload length big-endian) and the payload. Parsed here
// rather than with the modem's demuxStream, which writes into two PassThroughs without heeding
// their backpressure: a paused reader would let them grow without bound.

export type OutputStream = 'stdout' | 'stderr';

/** Part of one frame's payload, in order; a frame may arrive in several pieces. */
export interface FramePiece {
  stream: OutputStream;
  data: Buffer;
  /** The first piece of its frame (a log frame starts with its timestamp). */
  frameStart: boolean;
}

const HEADER_BYTES = 8;

export class FrameError extends Error {}

/** Turns the raw bytes of a multiplexed stream into frame pieces, whatever the chunk boundaries. */
export class FrameDemuxer {
  private header = Buffer.alloc(HEADER_BYTES);
  private headerFill = 0;
  private remaining = 0;
  private stream: OutputStream = 'stdout';
  private atFrameStart = false;

  /** Bytes of an incomplete header, held until the rest of it comes. */
  get bufferedBytes(): number {
    return this.headerFill;
  }

  push(chunk: Buffer): FramePiece[] {
    const out: FramePiece[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining === 0) {
        const take = Math.min(HEADER_BYTES - this.headerFill, chunk.length - at);
        chunk.copy(this.header, this.headerFill, at, at + take);
        this.headerFill += take;
        at += take;
        if (this.headerFill < HEADER_BYTES) break;
        this.headerFill = 0;
        this.stream = streamOf(this.header[0]);
        this.remaining = this.header.readUInt32BE(4);
        this.atFrameStart = true;
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - at);
      out.push({ stream: this.stream, data: chunk.subarray(at, at + take), frameStart: this.atFrameStart });
      this.atFrameStart = false;
      this.remaining -= take;
      at += take;
    }
    return out;
  }
}

/** 0 is stdin echoed on stdout, 1 stdout, 2 stderr, 3 the engine's own errors. */
function streamOf(type: number | undefined): OutputStream {
  switch (type) {
    case 0:
    case 1:
      return 'stdout';
    case 2:
    case 3:
      return 'stderr';
    default:
      throw new FrameError(`not a multiplexed Docker stream: frame type ${type}`);
  }
}
