// ListNodes' bytes, encoded node by node and kept, are exactly what the API's own serializer
// makes of the whole answer, after records and totals change too.
import { describe, expect, it } from 'vitest';
import { loadServices } from '@coxswain/shared';
import type { NodeRecord } from '../model';
import type { NodeTotals } from '../store';
import { NodeListEncoder, passEncoded } from './node-list';
import { renderNode } from './render';

const service = loadServices().ControlPlane.service;

const node = (i: number, extra: Partial<NodeRecord> = {}): NodeRecord => ({
  name: `n${i}`,
  address: `10.0.0.${i}`,
  labels: { zone: i % 2 ? 'a' : 'b' },
  cpuMillis: 4000,
  memoryBytes: 8 * 2 ** 30,
  usageCpuPercent: 12.5 * i,
  usageMemoryBytes: 2 ** 20 * i,
  state: 'READY',
  lastSeen: 1_796_000_000_000 + i,
  cordoned: i === 3,
  draining: false,
  agentVersion: 'test',
  registeredAt: 1,
  networks: ['bridge', 'host'],
  conditions: i === 2 ? [{ type: 'PORT_UNAVAILABLE', message: '30080: address in use', since: 5 }] : [],
  ...extra,
});

const totals = (cpu: number, running: number): NodeTotals => ({
  allocated: { cpuMillis: cpu, memoryBytes: cpu * 2 ** 20 },
  running,
  replicas: running,
});

describe('NodeListEncoder', () => {
  it('answers the bytes the serializer makes of the whole list, as records and totals change', () => {
    const enc = new NodeListEncoder((m) => service.CordonNode.responseSerialize(m));
    let list = Array.from({ length: 200 }, (_, i) => ({ record: node(i), totals: totals(100 * i, i) }));
    const whole = () =>
      service.ListNodes.responseSerialize({ nodes: list.map((n) => renderNode(n.record, n.totals)) }) as Buffer;
    expect(enc.encode(list).equals(whole())).toBe(true);
    // A heartbeat replaces a record; a placement changes a node's totals; a node leaves.
    list = list.map((n, i) =>
      i === 5
        ? { ...n, record: node(5, { lastSeen: n.record.lastSeen + 1000 }) }
        : i === 7
          ? { ...n, totals: totals(9999, 1) }
          : n,
    );
    list.splice(9, 1);
    expect(enc.encode(list).equals(whole())).toBe(true);
    const decoded = service.ListNodes.responseDeserialize(enc.encode(list)) as { nodes: { name: string }[] };
    expect(decoded.nodes).toHaveLength(199);
    expect(enc.encode([]).length).toBe(0);
  });

  it('lets a passed-through method send a Buffer as it is and serialize anything else', () => {
    const def = passEncoded(service, 'ListNodes');
    const bytes = Buffer.from([0x0a, 0x00]);
    expect(def.ListNodes.responseSerialize(bytes)).toBe(bytes);
    const msg = { nodes: [renderNode(node(1), totals(1, 1))] };
    expect(
      (def.ListNodes.responseSerialize(msg) as Buffer).equals(service.ListNodes.responseSerialize(msg) as Buffer),
    ).toBe(true);
    expect(() => passEncoded(service, 'NoSuchMethod')).toThrow(/NoSuchMethod/);
  });
});
