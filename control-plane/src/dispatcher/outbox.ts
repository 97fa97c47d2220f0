// Commands to one agent, handed to its stream a few at a time.
//
// A stream's messages leave in the order they were written, and grpc-js sends only about two per
// turn of the event loop: a pass that wrote a hundred start commands to a node made its next
// heartbeat acks wait behind all of them (ack round trips of several seconds while placing, and
// agents' leases ran out). Commands wait here instead, and enter the stream only while it has
// room; acks are written to the stream directly, so they queue behind at most one window.

/** What the outbox needs of a stream: a Node writable in object mode. */
export interface WritableStream<T> {
  /** False when the stream's buffer is full: wait for 'drain'. */
  write(m: T): boolean;
  once(event: 'drain', fn: () => void): unknown;
}

export class Outbox<T> {
  private readonly queue: { m: T; written?: () => void }[] = [];
  private head = 0;
  private scheduled = false;
  private draining = false;
  private closed = false;
  /** Written in this turn of the event loop; the count starts again on the next. */
  private thisTurn = 0;
  private turnReset = false;

  constructor(
    private readonly stream: WritableStream<T>,
    /** At most this many enter the stream per turn of the event loop. */
    private readonly perTurn = 16,
  ) {}

  /** Messages waiting to enter the stream. */
  get length(): number {
    return this.queue.length - this.head;
  }

  /** Written at once while the stream has room and this turn's window is not used up. */
  /** `written` is told when the message enters the stream. */
  push(m: T, written?: () => void): void {
    if (this.closed) return;
    if (this.length === 0 && !this.draining && this.thisTurn < this.perTurn) {
      this.write({ m, written });
      return;
    }
    this.queue.push({ m, written });
    this.schedule();
  }

  /** False when the stream is full: the rest waits for its drain. */
  private write(entry: { m: T; written?: () => void }): boolean {
    this.thisTurn++;
    entry.written?.();
    if (!this.turnReset) {
      this.turnReset = true;
      setImmediate(() => {
        this.turnReset = false;
        this.thisTurn = 0;
      });
    }
    if (this.stream.write(entry.m)) return true;
    this.draining = true;
    this.stream.once('drain', () => {
      this.draining = false;
      this.flush();
    });
    return false;
  }

  /** The stream ended: what waits is dropped (its commands time out and are sent again). */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.head = 0;
  }

  private schedule(): void {
    if (this.scheduled || this.draining) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.thisTurn < this.perTurn && this.length > 0 && !this.closed && !this.draining) {
      if (!this.write(this.queue[this.head++])) break;
    }
    this.compact();
    if (this.length > 0) this.schedule();
  }

  private compact(): void {
    if (this.head === 0) return;
    this.queue.splice(0, this.head);
    this.head = 0;
  }
}
