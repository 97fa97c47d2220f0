// ListNodes' answer, encoded node by node, each node's bytes kept until its record or its totals
// change. Measured reason: encoding 2,000 node messages took ~24 ms of the event loop per call
// (field-by-field conversion, then encoding), and a node changes about once a second (its
// heartbeat) while dashboards and the CLI list far more often than that between two heartbeats
// of most nodes.
import type * as grpc from '@grpc/grpc-js';
import type { NodeMsg } from '@coxswain/shared';
import type { NodeRecord } from '../model';
import type { NodeTotals } from '../store';
import { renderNode } from './render';

interface Encoded {
  totals: NodeTotals;
  bytes: Buffer;
}

/** Field 1 of ListNodesResponse (`repeated Node nodes`), length-delimited: tag 1 << 3 | 2. */
const NODES_TAG = 0x0a;

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

function sameTotals(a: NodeTotals, b: Readonly<NodeTotals>): boolean {
  return (
    a.running === b.running &&
    a.replicas === b.replicas &&
    a.allocated.cpuMillis === b.allocated.cpuMillis &&
    a.allocated.memoryBytes === b.allocated.memoryBytes
  );
}

export class NodeListEncoder {
  /** By record: the store replaces a node's record whenever anything of it changes. */
  private readonly cache = new WeakMap<NodeRecord, Encoded>();

  /** `encodeNode` is the API's own serializer of one Node message. */
  constructor(private readonly encodeNode: (msg: NodeMsg) => Buffer) {}

  /** The wire bytes of a ListNodesResponse listing these nodes in this order. */
  encode(nodes: readonly { record: NodeRecord; totals: Readonly<NodeTotals> }[]): Buffer {
    const parts: Buffer[] = [];
    for (const { record, totals } of nodes) {
      let e = this.cache.get(record);
      if (!e || !sameTotals(e.totals, totals)) {
        const body = this.encodeNode(renderNode(record, totals));
        e = {
          totals: { allocated: { ...totals.allocated }, running: totals.running, replicas: totals.replicas },
          bytes: Buffer.concat([Buffer.from([NODES_TAG, ...varint(body.length)]), body]),
        };
        this.cache.set(record, e);
      }
      parts.push(e.bytes);
    }
    return Buffer.concat(parts);
  }
}

/**
 * The service with `method` answering bytes already encoded as they are (its handler may return
 * a Buffer); any other answer is serialized as before.
 */
export function passEncoded(service: grpc.ServiceDefinition, method: string): grpc.ServiceDefinition {
  const def = service[method];
  if (!def) throw new Error(`passEncoded: the service has no method ${method}`);
  const serialize = def.responseSerialize;
  return {
    ...service,
    [method]: { ...def, responseSerialize: (value: unknown) => (Buffer.isBuffer(value) ? value : serialize(value)) },
  };
}
