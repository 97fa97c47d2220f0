// Docker's log output, with timestamps on, into LogLines. Every log message starts with the
// engine's RFC 3339 timestamp and a space. Without a TTY each message comes in a frame of its
// own, and a line longer than the engine's buffer (16 KiB) comes as several messages, each with
// a timestamp: a frame that starts while a line is still open continues it, and its timestamp is
// dropped. With a TTY the messages come back to back, and a timestamp follows each newline.
import { type LogLine, MAX_LOG_LINE_BYTES } from '@coxswain/shared';

type Mode = 'time' | 'skip-time' | 'text';

/** An RFC 3339 timestamp is about 30 bytes; anything longer before a space is not one. */
const MAX_TIME_BYTES = 64;
const SPACE = 0x20;
const NEWLINE = 0x0a;
const CR = 0x0d;

/** The lines of one output stream (stdout or stderr). */
export class LogLineParser {
  private mode: Mode = 'time';
  private timeParts: Buffer[] = [];
  private timeBytes = 0;
  private textParts: Buffer[] = [];
  private textBytes = 0;
  private time = '';

  constructor(
    private readonly stream: 'stdout' | 'stderr',
    private readonly maxLineBytes = MAX_LOG_LINE_BYTES,
  ) {}

  /** Bytes held for a line not yet complete. */
  get bufferedBytes(): number {
    return this.textBytes + this.timeBytes;
  }

  /**
   * The complete lines in `data`. `frameStart` marks the start of a multiplexed frame, which
   * starts with a timestamp even in the middle of a line.
   */
  push(data: Buffer, frameStart = false): LogLine[] {
    const out: LogLine[] = [];
    if (frameStart && this.mode === 'text') this.mode = 'skip-time';
    let at = 0;
    while (at < data.length) {
      if (this.mode === 'text') {
        const nl = data.indexOf(NEWLINE, at);
        const end = nl === -1 ? data.length : nl;
        this.addText(data.subarray(at, end), out);
        at = end;
        if (nl !== -1) {
          this.emit(out, true);
          this.mode = 'time';
          at++;
        }
        continue;
      }
      at = this.readTime(data, at, out);
    }
    this.detach();
    return out;
  }

  /**
   * The open line as it is, when nothing followed it for a while or the output ended. What comes
   * later for it is sent as a line of its own, with the same time.
   */
  flush(end = false): LogLine[] {
    const out: LogLine[] = [];
    if (this.textBytes > 0) this.emit(out, false);
    if (end) {
      this.timeParts = [];
      this.timeBytes = 0;
      this.mode = 'time';
    }
    return out;
  }

  /** Reads (part of) a timestamp from `at`; returns where the reading stopped. */
  private readTime(data: Buffer, at: number, out: LogLine[]): number {
    const room = MAX_TIME_BYTES - this.timeBytes;
    const limit = Math.min(data.length, at + room);
    let end = at;
    while (end < limit && data[end] !== SPACE && data[end] !== NEWLINE) end++;
    this.timeParts.push(data.subarray(at, end));
    this.timeBytes += end - at;
    if (end < limit && data[end] === SPACE) {
      const stamp = Buffer.concat(this.timeParts).toString('latin1');
      if (this.mode === 'time') this.time = stamp;
      this.clearTime();
      this.mode = 'text';
      return end + 1;
    }
    if (end === data.length && this.timeBytes < MAX_TIME_BYTES) return end; // the rest comes later
    // A newline or too many bytes before any space: no timestamp after all, so what was read is text.
    const text = Buffer.concat(this.timeParts);
    this.clearTime();
    if (this.mode === 'time') this.time = '';
    this.mode = 'text';
    this.addText(text, out);
    return end;
  }

  private clearTime(): void {
    this.timeParts = [];
    this.timeBytes = 0;
  }

  /** Appends to the open line, cutting off full-length lines (at a character boundary). */
  private addText(segment: Buffer, out: LogLine[]): void {
    let seg = segment;
    while (this.textBytes + seg.length > this.maxLineBytes) {
      const cut = utf8Cut(seg, this.maxLineBytes - this.textBytes);
      if (cut === 0 && this.textBytes === 0) break; // cannot happen with a limit of 4 bytes or more
      this.textParts.push(seg.subarray(0, cut));
      this.textBytes += cut;
      this.emit(out, false);
      seg = seg.subarray(cut);
    }
    if (seg.length === 0) return;
    this.textParts.push(seg);
    this.textBytes += seg.length;
  }

  private emit(out: LogLine[], complete: boolean): void {
    let text = this.textParts.length === 1 ? this.textParts[0] : Buffer.concat(this.textParts);
    if (complete && text.length > 0 && text[text.length - 1] === CR) text = text.subarray(0, text.length - 1);
    out.push({ line: text.toString('utf8'), stream: this.stream, time: this.time });
    this.textParts = [];
    this.textBytes = 0;
  }

  /** Copies what is kept past this push, so no chunk of the engine's stays referenced by a few bytes. */
  private detach(): void {
    if (this.textParts.length > 0) this.textParts = [Buffer.from(Buffer.concat(this.textParts))];
    if (this.timeParts.length > 0) this.timeParts = [Buffer.from(Buffer.concat(this.timeParts))];
  }
}

/** The largest cut at or below `room` that does not split a UTF-8 character (0 if none). */
function utf8Cut(seg: Buffer, room: number): number {
  let cut = room;
  // A continuation byte (10xxxxxx) must stay with its lead byte; a character has at most three.
  for (let i = 0; i < 3 && cut > 0 && ((seg[cut] ?? 0) & 0xc0) === 0x80; i++) cut--;
  return ((seg[cut] ?? 0) & 0xc0) === 0x80 ? room : cut;
}
