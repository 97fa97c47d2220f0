// One published port: a listener on every address of the host that hands each connection to the
// first endpoint that answers. The endpoint set is swapped whole; open connections keep theirs.
import net from 'node:net';
import type { Logger, MeshEndpoint } from '@coxswain/shared';
import { chooseOrder, endpointKey } from './choose';
import type { Dial } from './dial';
import type { MeshMetrics } from './metrics';
import type { PassiveHealth } from './passive-health';
import { joinSockets } from './pipe';

export interface PortProxyOptions {
  port: number;
  host: string;
  node: string;
  dial: Dial;
  connectTimeoutMs: number;
  maxTries: number;
  totalBudgetMs: number;
  bindRetryMs: number;
  health: PassiveHealth;
  /** Shared by every port: an endpoint's load counts wherever its connections came from. */
  active: Map<string, number>;
  metrics: MeshMetrics;
  logger: Logger;
  /** The bind problem changed: a message, or '' once listening. */
  onBindChange: (port: number, problem: string) => void;
}

export function bindProblem(port: number, err: NodeJS.ErrnoException): string {
  const why = err.code === 'EADDRINUSE' ? 'address in use' : err.code === 'EACCES' ? 'permission denied' : err.message;
  return `${port}: ${why}`;
}

export class PortProxy {
  private endpoints: MeshEndpoint[] = [];
  private cursor = 0;
  private server: net.Server | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** '' when listening or not yet tried. */
  problem = '';
  private readonly label: { port: string };

  constructor(private readonly opts: PortProxyOptions) {
    this.label = { port: String(opts.port) };
    this.listen();
  }

  /** Whether this port's listener holds the port now (another process may have it). */
  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  setEndpoints(endpoints: MeshEndpoint[]): void {
    this.endpoints = endpoints;
  }

  private resolveBound: () => void = () => {};
  /** Resolves once listening (or failed to): lets callers wait for the first bind. */
  readonly bound: Promise<void> = new Promise((r) => (this.resolveBound = r));

  private listen(): void {
    if (this.closed) return;
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true, noDelay: true }, (s) =>
      this.accept(s),
    );
    this.server = server;
    server.on('error', (err: NodeJS.ErrnoException) => {
      if (this.server !== server) return;
      this.server = undefined;
      server.close();
      const problem = bindProblem(this.opts.port, err);
      if (problem !== this.problem) {
        this.problem = problem;
        this.opts.logger.warn({ port: this.opts.port, message: problem }, 'cannot listen on published port; retrying');
        this.opts.onBindChange(this.opts.port, problem);
      }
      this.resolveBound();
      if (!this.closed) this.retryTimer = setTimeout(() => this.listen(), this.opts.bindRetryMs);
    });
    server.listen({ port: this.opts.port, host: this.opts.host }, () => {
      this.resolveBound();
      if (!this.problem) return;
      this.problem = '';
      this.opts.logger.info({ port: this.opts.port }, 'listening on published port again');
      this.opts.onBindChange(this.opts.port, '');
    });
  }

  private accept(client: net.Socket): void {
    const m = this.opts.metrics;
    m.accepted.inc(this.label);
    // Until joined (and after: harmless twice), an error only has to drop the client.
    client.on('error', () => client.destroy());
    const order = chooseOrder({
      endpoints: this.endpoints,
      active: (k) => this.opts.active.get(k) ?? 0,
      heldOut: (k) => this.opts.health.isHeldOut(k),
      cursor: this.cursor++,
      node: this.opts.node,
      limit: this.opts.maxTries,
    });
    void this.connect(order).then((found) => {
      if (!found) {
        m.refused.inc(this.label);
        client.resetAndDestroy();
        return;
      }
      const { socket, key } = found;
      if (client.destroyed) {
        socket.destroy();
        return;
      }
      this.opts.active.set(key, (this.opts.active.get(key) ?? 0) + 1);
      m.active.inc(this.label);
      joinSockets(client, socket, (bytesIn, bytesOut) => {
        const left = (this.opts.active.get(key) ?? 1) - 1;
        if (left > 0) this.opts.active.set(key, left);
        else this.opts.active.delete(key);
        m.active.dec(this.label);
        m.bytesIn.inc(this.label, bytesIn);
        m.bytesOut.inc(this.label, bytesOut);
      });
    });
  }

  // A refused endpoint is not tried again for this client; one that did not answer is, on a later
  // pass while tries and budget remain. Measured reason: busybox httpd listens with a backlog of 9,
  // so at 32 concurrent clients its SYNs are dropped; a lone endpoint tried once turned that
  // overload into resets, where a client connecting directly only waited for the kernel's resend.
  private async connect(order: MeshEndpoint[]): Promise<{ socket: net.Socket; key: string } | undefined> {
    const deadline = Date.now() + this.opts.totalBudgetMs;
    let pass = order;
    let tries = 0;
    while (pass.length > 0) {
      const silent: MeshEndpoint[] = [];
      for (const e of pass) {
        const left = deadline - Date.now();
        if (left <= 0 || tries >= this.opts.maxTries) return undefined;
        if (tries++ > 0) this.opts.metrics.retries.inc(this.label);
        const key = endpointKey(e);
        const r = await this.opts.dial(e.address, e.port, Math.min(this.opts.connectTimeoutMs, left));
        if (r.ok) {
          this.opts.health.succeeded(key);
          return { socket: r.socket, key };
        }
        this.opts.health.failed(key);
        this.opts.metrics.connectFailures.inc(this.label);
        if (r.timedOut) silent.push(e);
        this.opts.logger.debug(
          { port: this.opts.port, replica: e.replica, node: e.node, endpoint: key, err: r.error },
          'endpoint connect failed',
        );
      }
      pass = silent;
    }
    return undefined;
  }

  /** Stops accepting; connections already joined finish on their own. */
  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.server?.close();
    this.server = undefined;
    this.resolveBound();
  }
}
