import { describe, expect, it } from 'vitest';
import type { MessageTypeDefinition } from '@grpc/proto-loader';
import { loadPackageDefinition } from './proto';
import type { AgentMessage, ContainerReport, NodeMsg, RelayUp } from './types';

// The types are derived from the generated ones on assumptions about how the loader decodes
// (decoded.ts); these pin the assumptions down.
const def = loadPackageDefinition();

function roundTrip<T>(message: string, value: object): T {
  const type = def[`coxswain.v1.${message}`] as MessageTypeDefinition<object, T>;
  return type.deserialize(type.serialize(value));
}

describe('decoded messages', () => {
  it('names the set oneof member in msg and leaves the other members out', () => {
    const m = roundTrip<AgentMessage>('AgentMessage', { register: { name: 'h1' } });
    expect(m.msg).toBe('register');
    expect(Object.keys(m).sort()).toEqual(['msg', 'register']);
  });

  it('fills scalars, lists and maps; an unset message field decodes as null', () => {
    const m = roundTrip<AgentMessage>('AgentMessage', { register: { name: 'h1' } });
    if (m.msg !== 'register') throw new Error(`expected a register message, got ${m.msg}`);
    expect(m.register).toMatchObject({ name: 'h1', labels: {}, addresses: [], agentVersion: '' });
    expect(m.register.capacity).toBeNull();
  });

  it('decodes int64 as number and enums as their names', () => {
    const report = roundTrip<ContainerReport>('ContainerReport', {
      containers: [{ containerId: 'c1', startedAt: 1_780_000_000_123 }],
    });
    expect(report.containers[0].startedAt).toBe(1_780_000_000_123);
    expect(roundTrip<NodeMsg>('Node', { state: 'READY' }).state).toBe('READY');
    expect(roundTrip<NodeMsg>('Node', {}).state).toBe('NODE_STATE_UNSPECIFIED');
  });

  it('decodes bytes as a Buffer, and a zero in a oneof as set', () => {
    const out = roundTrip<RelayUp>('RelayUp', { stdout: Buffer.from('hi') });
    if (out.msg !== 'stdout') throw new Error(`expected stdout, got ${out.msg}`);
    expect(Buffer.isBuffer(out.stdout)).toBe(true);
    expect(out.stdout.toString()).toBe('hi');
    expect(roundTrip<RelayUp>('RelayUp', { exitCode: 0 })).toEqual({ msg: 'exitCode', exitCode: 0 });
  });
});
