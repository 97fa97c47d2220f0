// ENGINE_DOWN from heartbeats, and the state the API shows for it.
import { describe, expect, it } from 'vitest';
import type { NodeCondition, NodeRecord } from './records';
import { blockingCondition, engineStatus, portStatus, publicNodeState } from './conditions';

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

describe('portStatus', () => {
  const unavailable = (port: number, since: number, why = 'address in use'): NodeCondition => ({
    type: 'PORT_UNAVAILABLE',
    message: `${port}: ${why}`,
    since,
  });

  it('gives one condition per port the mesh cannot bind, with an event each, and is not blocking', () => {
    const change = portStatus(
      node([down(500)]),
      [
        { port: 30081, message: '30081: address in use' },
        { port: 30080, message: 'permission denied' },
      ],
      2000,
    );
    expect(change?.conditions).toEqual([
      down(500),
      unavailable(30080, 2000, 'permission denied'),
      unavailable(30081, 2000),
    ]);
    expect(change?.events.map((e) => [e.type, e.message])).toEqual([
      ['node.port-unavailable', '30080: permission denied'],
      ['node.port-unavailable', '30081: address in use'],
    ]);
    expect(blockingCondition({ conditions: [unavailable(30080, 1)] })).toBeUndefined();
    expect(publicNodeState({ state: 'READY', conditions: [unavailable(30080, 1)] })).toBe('READY');
  });

  it('changes nothing for the same report, keeps since, and clears a port no longer reported', () => {
    const n = node([unavailable(30080, 1000), unavailable(30081, 1200)]);
    expect(
      portStatus(
        n,
        [
          { port: 30080, message: '30080: address in use' },
          { port: 30081, message: '30081: address in use' },
        ],
        5000,
      ),
    ).toBeUndefined();
    const change = portStatus(n, [{ port: 30081, message: '30081: address in use' }], 5000);
    expect(change?.conditions).toEqual([unavailable(30081, 1200)]);
    expect(change?.events).toEqual([{ type: 'node.port-available', node: 'h1', message: '30080: listening' }]);
    expect(portStatus(node(), [], 5000)).toBeUndefined();
  });
});
