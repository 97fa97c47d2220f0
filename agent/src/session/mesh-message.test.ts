// The mesh's messages over a real gRPC stream to the fake gateway: the table comes in to the
// handler, the status goes out. The fake stands in for the control plane, tested on its own side.
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { MeshTable } from '@coxswain/shared';
import { FakeGateway, type Received } from '../testing';
import { AgentSession } from './session';

describe('AgentSession mesh messages', () => {
  const gateway = new FakeGateway();
  let session: AgentSession | undefined;
  afterAll(() => {
    session?.close();
    gateway.kill();
  });

  it('hands each table to the mesh handler and sends meshStatus', async () => {
    const port = await gateway.listen();
    const tables: MeshTable[] = [];
    session = new AgentSession({
      target: `127.0.0.1:${port}`,
      logger: pino({ level: 'silent' }),
      heartbeatIntervalMs: 1000,
      handlers: {
        register: async () => ({
          name: 'h',
          labels: {},
          capacity: { cpuMillis: 1000, memoryBytes: 1 },
          agentVersion: 't',
          addresses: [],
        }),
        usage: async () => ({ cpuPercent: 0, memoryUsedBytes: 1 }),
        fullReport: async () => undefined,
        start: async () => 'id',
        stop: async () => undefined,
        heard: () => undefined,
        registered: () => undefined,
        mesh: (t) => {
          tables.push(t);
          session?.send({ meshStatus: { revision: t.revision, unavailable: [{ port: 30080, message: 'x' }] } });
        },
      },
    });
    session.start();
    const stream = await gateway.stream(0);
    await stream.next((m) => m.msg === 'register');
    stream.send({ registered: { heartbeatIntervalMs: 1000, leaseMs: 3000 } });
    const endpoint = { replica: 1, node: 'n2', address: '10.0.0.2', port: 20001 };
    stream.send({
      mesh: { revision: 4, services: [{ publish: 30080, workload: 'web', portName: 'http', endpoints: [endpoint] }] },
    });
    const status = await stream.next((m) => (m.msg as string) === 'meshStatus');
    expect((status as Received & { meshStatus: unknown }).meshStatus).toMatchObject({
      unavailable: [{ port: 30080, message: 'x' }],
    });
    expect(tables).toHaveLength(1);
    expect(Number(tables[0].revision)).toBe(4);
    expect(tables[0].services[0].endpoints[0]).toMatchObject(endpoint);
  });
});
