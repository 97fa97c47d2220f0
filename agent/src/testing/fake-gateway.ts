// Test support: a stand-in for the control plane's AgentGateway. It only records what an agent
// sends and lets a test push control messages; the real gateway lives in the control plane.
import * as grpc from '@grpc/grpc-js';
import { loadServices } from '@coxswain/shared';

/** A decoded AgentMessage: `msg` names the member that is set. */
export interface Received {
  msg: 'register' | 'heartbeat' | 'report' | 'ack';
  [member: string]: unknown;
}

export interface FakeStream {
  readonly received: Received[];
  readonly ended: boolean;
  send(message: Record<string, unknown>): void;
  /** Resolves with the first message (from index `from`) that satisfies `match`. */
  next(match: (m: Received) => boolean, timeoutMs?: number, from?: number): Promise<Received>;
}

export class FakeGateway {
  readonly streams: FakeStream[] = [];
  private server: grpc.Server | undefined;
  private waiters: Array<() => void> = [];
  port = 0;
  /** Confirms each heartbeat as the control plane does; off, the agent's lease runs out. */
  ackHeartbeats = true;

  async listen(port = 0): Promise<number> {
    const server = new grpc.Server();
    const { AgentGateway } = loadServices();
    server.addService(AgentGateway.service, {
      Connect: (call: grpc.ServerDuplexStream<Received, unknown>) => this.accept(call),
    });
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    this.server = server;
    return this.port;
  }

  /** Kills every stream at once, as a crashed control plane would. */
  kill(): void {
    this.server?.forceShutdown();
    this.server = undefined;
  }

  private accept(call: grpc.ServerDuplexStream<Received, unknown>): void {
    const received: Received[] = [];
    let notify: Array<() => void> = [];
    let ended = false;
    call.on('data', (m: Received) => {
      received.push(m);
      if (m.msg === 'heartbeat' && this.ackHeartbeats)
        call.write({ heartbeatAck: { sentAtMs: (m.heartbeat as { sentAtMs: number }).sentAtMs } });
      for (const n of notify) n();
    });
    const finish = () => {
      ended = true;
      for (const n of notify) n();
    };
    call.on('end', finish);
    call.on('error', finish);
    call.on('cancelled', finish);
    const stream: FakeStream = {
      received,
      get ended() {
        return ended;
      },
      send: (message) => call.write(message),
      next: (match, timeoutMs = 10_000, from = 0) =>
        new Promise((resolve, reject) => {
          const check = () => {
            const hit = received.slice(from).find(match);
            if (!hit) return false;
            notify = notify.filter((n) => n !== check);
            clearTimeout(timer);
            resolve(hit);
            return true;
          };
          const timer = setTimeout(() => {
            notify = notify.filter((n) => n !== check);
            reject(
              new Error(
                `fake gateway: no matching message within ${timeoutMs} ms; got ${JSON.stringify(received.map((r) => r.msg))}`,
              ),
            );
          }, timeoutMs);
          if (!check()) notify.push(check);
        }),
    };
    this.streams.push(stream);
    for (const w of this.waiters) w();
  }

  /** Resolves with the n-th stream (0-based) once an agent has opened it. */
  stream(n: number, timeoutMs = 15_000): Promise<FakeStream> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.streams.length <= n) return;
        this.waiters = this.waiters.filter((w) => w !== check);
        clearTimeout(timer);
        resolve(this.streams[n]);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`fake gateway: stream ${n} not opened within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(check);
      check();
    });
  }
}
