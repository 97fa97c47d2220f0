// A TCP path that goes silent (no RST, no FIN) must still be noticed, by the heartbeats' answers
// that stop coming, and the agent must reconnect on a new connection, not on the dead one. A
// loopback proxy that starts dropping bytes plays the dead path.
import net from 'node:net';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeGateway } from '../testing';
import { AgentSession } from './session';

/** Forwards to the gateway; `drop` blackholes the connections open now, new ones still pass. */
function blackholeProxy(upstreamPort: number) {
  const sockets = new Set<net.Socket>();
  const dead = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', (d) => dead.has(client) || upstream.write(d));
    upstream.on('data', (d) => dead.has(client) || client.write(d));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  return {
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
      ),
    drop: () => {
      for (const s of sockets) dead.add(s);
    },
    connections: () => connections,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

describe('AgentSession on a dead path', () => {
  const gateway = new FakeGateway();
  let session: AgentSession | undefined;
  let proxy: ReturnType<typeof blackholeProxy> | undefined;
  afterAll(() => {
    session?.close();
    proxy?.close();
    gateway.kill();
  });

  it('notices a silent dead path within its silence limit and reconnects on a new connection', async () => {
    proxy = blackholeProxy(await gateway.listen());
    const port = await proxy.listen();
    const changes: Array<{ up: boolean; at: number }> = [];
    session = new AgentSession({
      target: `127.0.0.1:${port}`,
      logger: pino({ level: 'silent' }),
      heartbeatIntervalMs: 100,
      silenceLimitMs: 300,
      backoffInitialMs: 50,
      backoffMaxMs: 200,
      handlers: {
        register: async () => ({
          name: 'h',
          labels: {},
          capacity: { cpuMillis: 1000, memoryBytes: 1 },
          agentVersion: 't',
          addresses: [],
        }),
        usage: async () => ({ cpuPercent: 0, memoryUsedBytes: 1 }),
        fullReport: async () => void session?.sendReport({ full: true, containers: [], removed: [] }),
        start: async () => 'id',
        stop: async () => undefined,
        heard: () => undefined,
        connectedChanged: (up) => changes.push({ up, at: Date.now() }),
        registered: () => undefined,
      },
    });
    session.start();
    const stream = await gateway.stream(0);
    await stream.next((m) => m.msg === 'register');
    stream.send({ registered: { heartbeatIntervalMs: 100, leaseMs: 3000 } });
    await stream.next((m) => m.msg === 'heartbeat');
    expect(changes.map((c) => c.up)).toEqual([true]);

    const cut = Date.now();
    proxy.drop();
    const deadline = Date.now() + 5000;
    while (changes.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(changes.map((c) => c.up)).toEqual([true, false]);
    // The limit plus a third of it between checks, with slack for a busy test machine.
    expect(changes[1].at - cut).toBeLessThan(2000);
    expect(session.connected).toBe(false);

    // The next stream goes on a new connection: one on the dead path would never be answered.
    const next = await gateway.stream(1);
    await next.next((m) => m.msg === 'register');
    expect(proxy.connections()).toBe(2);
    next.send({ registered: { heartbeatIntervalMs: 100, leaseMs: 3000 } });
    await next.next((m) => m.msg === 'heartbeat');
    expect(changes.map((c) => c.up)).toEqual([true, false, true]);
    expect(session.connected).toBe(true);
  });
});
