// One log session's data path on the agent: the engine's log stream, demultiplexed and split
// into lines, sent up the Relay call in batches, with the engine stream paused while the call
// holds too much (see Valve).
import type { Readable, Writable } from 'node:stream';
import { type LogLine, logLineBytes, RELAY_CHUNK_BYTES, type RelayUp, Valve } from '@coxswain/shared';
import { FrameDemuxer, type FramePiece } from '../docker';
import { LogLineParser } from './log-lines';

export interface LogPumpOptions {
  limitBytes: number;
  /** An open line with nothing after it for this long is sent as it is. */
  idleFlushMs: number;
}

export class LogPump {
  /** Raw bytes read from the engine (frame headers and timestamps included). */
  dockerBytes = 0;
  readonly valve: Valve;
  private readonly demux: FrameDemuxer | undefined;
  private readonly parsers = { stdout: new LogLineParser('stdout'), stderr: new LogLineParser('stderr') };
  private batch: LogLine[] = [];
  private batchBytes = 0;
  private idle: NodeJS.Timeout | undefined;
  private done = false;

  constructor(
    private readonly source: Readable,
    tty: boolean,
    private readonly call: Writable,
    private readonly opts: LogPumpOptions,
  ) {
    // A TTY's output is one raw stream; without one, frames say stdout or stderr.
    this.demux = tty ? undefined : new FrameDemuxer();
    this.valve = new Valve(source, call, { limitBytes: opts.limitBytes, buffered: () => this.buffered() });
  }

  /** Starts reading; `onError` hears of output that is not what the engine should send. */
  start(onError: (err: Error) => void): void {
    this.source.on('data', (chunk: Buffer) => {
      if (this.done) return;
      try {
        this.onData(chunk);
      } catch (err) {
        onError(err as Error);
      }
    });
  }

  /** The output ended: sends the open lines and what is batched. */
  finish(): void {
    if (this.done) return;
    this.clearIdle();
    for (const parser of Object.values(this.parsers)) for (const line of parser.flush(true)) this.add(line);
    this.sendBatch();
    this.done = true;
    this.valve.close();
  }

  /** Stops without sending anything more (the session was cancelled or failed). */
  abandon(): void {
    this.done = true;
    this.clearIdle();
    this.valve.close();
  }

  private onData(chunk: Buffer): void {
    this.dockerBytes += chunk.length;
    const pieces: FramePiece[] = this.demux
      ? this.demux.push(chunk)
      : [{ stream: 'stdout', data: chunk, frameStart: false }];
    for (const piece of pieces)
      for (const line of this.parsers[piece.stream].push(piece.data, piece.frameStart)) this.add(line);
    this.valve.note();
    // Whatever this chunk completed goes at once: a followed line must not wait for company.
    this.sendBatch();
    this.armIdle();
  }

  private add(line: LogLine): void {
    const bytes = logLineBytes(line);
    if (this.batch.length > 0 && this.batchBytes + bytes > RELAY_CHUNK_BYTES) this.sendBatch();
    this.batch.push(line);
    this.batchBytes += bytes;
  }

  private sendBatch(): void {
    if (this.batch.length === 0) return;
    const message: RelayUp = { msg: 'logs', logs: { lines: this.batch } };
    const bytes = this.batchBytes;
    // Out of the batch before the write, so the valve does not count these bytes twice.
    this.batch = [];
    this.batchBytes = 0;
    this.valve.write(message, bytes);
  }

  private armIdle(): void {
    this.clearIdle();
    if (this.parsers.stdout.bufferedBytes === 0 && this.parsers.stderr.bufferedBytes === 0) return;
    this.idle = setTimeout(() => {
      this.idle = undefined;
      if (this.done) return;
      for (const parser of Object.values(this.parsers)) for (const line of parser.flush()) this.add(line);
      this.sendBatch();
    }, this.opts.idleFlushMs);
  }

  private clearIdle(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
  }

  private buffered(): number {
    return (
      this.parsers.stdout.bufferedBytes +
      this.parsers.stderr.bufferedBytes +
      (this.demux?.bufferedBytes ?? 0) +
      this.batchBytes
    );
  }
}
