// Notices an open stream on which the control plane has gone quiet.
//
// A TCP path that dies without a RST or FIN leaves the stream looking open for as long as TCP
// retransmits (many minutes). HTTP/2 keepalive pings would notice, but a ping every second from
// every agent is a second round trip per agent per second on the control plane's core: in the
// scale bench at 1,000 agents they raised its CPU per heartbeat from about 170 to 250 us. The
// heartbeats already are a round trip every second, so their answers are the probe.

/** Watches one stream; `heard` on every message, `stop` when the stream goes. */
export class SilenceWatch {
  private last: number;
  private heardOnce = false;
  private readonly timer: NodeJS.Timeout;

  /**
   * @param limitMs how long the control plane may say nothing before the path counts as dead
   * @param firstLimitMs the same for its first answer (the registration's), which a control plane
   *   busy with many joins may be slow to give: giving up on it only adds another join
   * @param onSilent called once, with how long it had been silent; the watch stops itself
   */
  constructor(
    private readonly limitMs: number,
    private readonly firstLimitMs: number,
    private readonly onSilent: (silentMs: number) => void,
  ) {
    this.last = Date.now();
    // Checked a few times per limit: the path is given up on within a third of it past the limit.
    this.timer = setInterval(() => this.check(), Math.max(10, Math.floor(limitMs / 3)));
    this.timer.unref();
  }

  heard(): void {
    this.last = Date.now();
    this.heardOnce = true;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private check(): void {
    const silentMs = Date.now() - this.last;
    if (silentMs <= (this.heardOnce ? this.limitMs : this.firstLimitMs)) return;
    this.stop();
    this.onSilent(silentMs);
  }
}
