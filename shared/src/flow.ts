// Flow control for one direction of a relayed session (logs or exec, on the agent and on the
// control plane alike). A stream's own `write() === false` counts messages, not bytes (object
// mode: 16 of them, whatever their size), so the bytes are counted here as well, and the source
// is paused while either says "full".
import type { Writable } from 'node:stream';

/** The side that produces: a Readable, a gRPC call, a Docker stream. */
export interface Pausable {
  pause(): unknown;
  resume(): unknown;
}

export interface ValveOptions {
  /** Pause the source once this many bytes are written but not yet taken by the destination. */
  limitBytes: number;
  /** Bytes the caller holds itself before writing (a partial line, a batch being filled). */
  buffered?: () => number;
}

/**
 * Counts the bytes of one direction that were written to `dest` and whose writes have not
 * completed (gRPC completes a write once its HTTP/2 stream has sent it, within the peer's flow
 * control window), and keeps `source` paused while that count is over the limit or `dest` asks
 * to drain. `maxHeld` is the most this direction ever held at once, buffered bytes included:
 * the figure that shows the bound.
 */
export class Valve {
  private pending = 0;
  private paused = false;
  private closed = false;
  /** Bytes whose writes completed. */
  delivered = 0;
  /** Bytes handed to `write`. */
  written = 0;
  maxHeld = 0;

  constructor(
    private readonly source: Pausable,
    private readonly dest: Writable,
    private readonly opts: ValveOptions,
  ) {
    dest.on('drain', this.maybeResume);
  }

  /** What this direction holds now: written and not taken, plus what the caller buffers. */
  get held(): number {
    return this.pending + (this.opts.buffered?.() ?? 0);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Writes one message that carries `bytes` bytes of payload. */
  write(message: unknown, bytes: number): void {
    if (this.closed) return;
    this.pending += bytes;
    this.written += bytes;
    this.note();
    const more = this.dest.write(message, (err?: Error | null) => {
      this.pending -= bytes;
      if (!err) this.delivered += bytes;
      this.maybeResume();
    });
    if (!more || this.pending >= this.opts.limitBytes) this.pause();
  }

  /** Records the current holding in `maxHeld`; call after buffering without writing. */
  note(): void {
    const held = this.held;
    if (held > this.maxHeld) this.maxHeld = held;
  }

  /** Stops resuming the source; the destination's pending writes are left to finish or fail. */
  close(): void {
    this.closed = true;
    this.dest.off('drain', this.maybeResume);
  }

  private pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.source.pause();
  }

  // Resuming at half the limit rather than just under it saves a pause and a resume per message.
  private readonly maybeResume = (): void => {
    if (!this.paused || this.closed) return;
    if (this.pending > this.opts.limitBytes / 2 || this.dest.writableNeedDrain) return;
    this.paused = false;
    this.source.resume();
  };
}
