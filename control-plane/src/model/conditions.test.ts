// ENGINE_DOWN from heartbeats, and the state the API shows for it.
import { describe, expect, it } from 'vitest';
import type { NodeCondition, NodeRecord } from './records';
import { blockingCondition, engineStatus, publicNodeState } from './conditions';

const node = (conditions?: NodeCondition[], state: NodeRecord['state'] = 'READY'): NodeRecord => ({
  name: 'h1',
  address: '10.0.0.1',
  labels: {},
  cpuMillis: 1000,
  memoryBytes: 1 << 30,
  usageCpuPercent: 0,
  usageMemoryBytes: 0,
  state,
  lastSeen: 1000,
  cordoned: false,
  draining: false,
  agentVersion: '',
  registeredAt: 0,
  conditions,
});

const down = (since: number, message = 'ping timed out after 2000 ms'): NodeCondition => ({
  type: 'ENGINE_DOWN',
  message,
  since,
});

describe('engineStatus', () => {
  it('changes nothing while the engine answers', () => {
    expect(engineStatus(node(), '', 5000)).toBeUndefined();
    expect(engineStatus(node([]), '', 5000)).toBeUndefined();
  });

  it('adds ENGINE_DOWN with the reason and an event when the engine stops answering', () => {
    expect(engineStatus(node(), 'ping timed out after 2000 ms', 5000)).toEqual({
      conditions: [down(5000)],
      events: [{ type: 'node.engine-down', node: 'h1', message: 'ping timed out after 2000 ms' }],
    });
  });

  it('writes nothing for every heartbeat that says the same', () => {
    expect(engineStatus(node([down(5000)]), 'ping timed out after 2000 ms', 9000)).toBeUndefined();
  });

  it('keeps the first moment when only the reason changes, without a new event', () => {
    expect(engineStatus(node([down(5000)]), 'ping failed: connect ENOENT', 9000)).toEqual({
      conditions: [down(5000, 'ping failed: connect ENOENT')],
      events: [],
    });
  });

  it('clears it when the engine answers again: READY from now, with an event', () => {
    expect(engineStatus(node([down(5000)]), '', 12_000)).toEqual({
      conditions: [],
      readySince: 12_000,
      events: [{ type: 'node.engine-up', node: 'h1', message: 'after 7000 ms' }],
    });
  });

  it('leaves other conditions alone', () => {
    const port: NodeCondition = { type: 'PORT_UNAVAILABLE', message: 'port 80', since: 1 };
    expect(engineStatus(node([port]), 'gone', 5000)?.conditions).toEqual([port, down(5000, 'gone')]);
    expect(engineStatus(node([port, down(5000)]), '', 6000)).toMatchObject({ conditions: [port], readySince: 6000 });
  });
});

describe('publicNodeState', () => {
  it('is NOT_READY for a live node whose engine is down, DOWN whatever its conditions when silent', () => {
    expect(publicNodeState(node())).toBe('READY');
    expect(publicNodeState(node([down(1)]))).toBe('NOT_READY');
    expect(publicNodeState(node([down(1)], 'DOWN'))).toBe('DOWN');
    expect(publicNodeState(node([{ type: 'PORT_UNAVAILABLE', message: '', since: 1 }]))).toBe('READY');
    expect(blockingCondition(node([down(7)]))?.since).toBe(7);
  });
});
