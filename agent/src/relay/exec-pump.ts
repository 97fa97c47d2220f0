// One exec session's data paths on the agent: the command's output up the Relay call in chunks,
// stdin from the call into the command, each direction pausing its source while its destination
// holds too much (see Valve).
import type { Duplex, Readable, Writable } from 'node:stream';
import { RELAY_CHUNK_BYTES, type RelayDown, type RelayUp, Valve } from '@coxswain/shared';
import { FrameDemuxer, type FramePiece } from '../docker';

export interface ExecPumpOptions {
  limitBytes: number;
  resize: (rows: number, cols: number) => void;
}

export class ExecPump {
  /** Raw bytes read from the engine (frame headers included). */
  dockerBytes = 0;
  /** Output: engine to Relay call. */
  readonly valve: Valve;
  /** Input: Relay call to the command's stdin. */
  readonly stdinValve: Valve;
  private readonly demux: FrameDemuxer | undefined;
  private stdinEnded = false;
  private done = false;

  constructor(
    private readonly exec: Duplex,
    private readonly tty: boolean,
    private readonly call: Readable & Writable,
    private readonly opts: ExecPumpOptions,
  ) {
    this.demux = tty ? undefined : new FrameDemuxer();
    this.valve = new Valve(exec, call, { limitBytes: opts.limitBytes, buffered: () => this.demux?.bufferedBytes ?? 0 });
    this.stdinValve = new Valve(call, exec, { limitBytes: opts.limitBytes });
  }

  start(onError: (err: Error) => void): void {
    this.exec.on('data', (chunk: Buffer) => {
      if (this.done) return;
      try {
        this.onOutput(chunk);
      } catch (err) {
        onError(err as Error);
      }
    });
    this.call.on('data', (m: RelayDown) => {
      if (!this.done) this.onInput(m);
    });
  }

  /** Sends the exit code as the last message. */
  finish(exitCode: number): void {
    if (this.done) return;
    this.valve.write({ msg: 'exitCode', exitCode } satisfies RelayUp, 0);
    this.stop();
  }

  /** Stops both directions; the caller ends the call and the engine's stream. */
  stop(): void {
    this.done = true;
    this.valve.close();
    this.stdinValve.close();
  }

  private onOutput(chunk: Buffer): void {
    this.dockerBytes += chunk.length;
    const pieces: FramePiece[] = this.demux
      ? this.demux.push(chunk)
      : [{ stream: 'stdout', data: chunk, frameStart: false }];
    for (const { stream, data } of pieces) {
      for (let at = 0; at < data.length; at += RELAY_CHUNK_BYTES) {
        const part = data.subarray(at, at + RELAY_CHUNK_BYTES);
        this.write(
          stream === 'stdout' ? { msg: 'stdout', stdout: part } : { msg: 'stderr', stderr: part },
          part.length,
        );
      }
    }
    this.valve.note();
  }

  private write(message: RelayUp, bytes: number): void {
    this.valve.write(message, bytes);
  }

  private onInput(m: RelayDown): void {
    switch (m.msg) {
      case 'stdin':
        if (!this.stdinEnded && m.stdin.length > 0) this.stdinValve.write(m.stdin, m.stdin.length);
        return;
      case 'stdinEof':
        if (!this.stdinEnded) {
          this.stdinEnded = true;
          // Half-closes the hijacked connection: the engine closes the command's stdin.
          this.exec.end();
        }
        return;
      case 'resize':
        // Without a terminal there is nothing to size.
        if (this.tty && m.resize.rows > 0 && m.resize.cols > 0) this.opts.resize(m.resize.rows, m.resize.cols);
        return;
    }
  }
}
