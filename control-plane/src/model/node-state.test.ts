// READY/DOWN transitions, decided in one place for the dispatcher and the reconciler.
import { describe, expect, it } from 'vitest';
import type { NodeRecord } from './records';
import { RECONNECT_BUDGET_MS, firstLeaseEnd, flagsEvent, heardFrom, leaseExpired, registered } from './node-state';

const node = (state: NodeRecord['state'], lastSeen = 1000): NodeRecord => ({
  name: 'h1',
  address: '10.0.0.1',
  labels: {},
  cpuMillis: 1000,
  memoryBytes: 1 << 30,
  usageCpuPercent: 0,
  usageMemoryBytes: 0,
  state,
  lastSeen,
  cordoned: false,
  draining: false,
  agentVersion: '',
  registeredAt: 0,
});

describe('node state', () => {
  it('makes a registering node READY, recording a first registration and a return', () => {
    expect(registered(undefined, 'h1', '10.0.0.1')).toEqual({
      name: 'h1',
      state: 'READY',
      events: [
        { type: 'node.registered', node: 'h1', message: 'address 10.0.0.1' },
        { type: 'node.up', node: 'h1' },
      ],
    });
    expect(registered(node('DOWN'), 'h1', '10.0.0.1').events).toEqual([{ type: 'node.up', node: 'h1' }]);
    expect(registered(node('READY'), 'h1', '10.0.0.1')).toEqual({ name: 'h1', state: 'READY', events: [] });
  });

  it('brings a DOWN node heard from back at once, and leaves others alone', () => {
    expect(heardFrom(node('DOWN'))).toEqual({ name: 'h1', state: 'READY', events: [{ type: 'node.up', node: 'h1' }] });
    expect(heardFrom(node('READY'))).toBeUndefined();
    expect(heardFrom(undefined)).toBeUndefined();
  });

  it('expires a lease only after the timeout', () => {
    expect(leaseExpired(node('READY', 1000), 4000, 3000)).toBeUndefined();
    expect(leaseExpired(node('READY', 1000), 4001, 3000)).toEqual({
      name: 'h1',
      state: 'DOWN',
      events: [{ type: 'node.down', node: 'h1', message: 'no heartbeat for 3001 ms' }],
    });
    expect(leaseExpired(node('DOWN', 0), 9999, 3000)).toBeUndefined();
  });

  it('after a start judges no node DOWN before its agent had the reconnection budget and a whole timeout', () => {
    const startedAt = 50_000;
    const until = firstLeaseEnd(startedAt, 3000);
    expect(until).toBe(startedAt + RECONNECT_BUDGET_MS + 3000);
    // Given a lease at the start (lastSeen = startedAt): silent past the timeout, still not DOWN.
    expect(leaseExpired(node('READY', startedAt), startedAt + 3001, 3000, until)).toBeUndefined();
    expect(leaseExpired(node('READY', startedAt), until, 3000, until)).toBeUndefined();
    expect(leaseExpired(node('READY', startedAt), until + 1, 3000, until)?.state).toBe('DOWN');
  });

  it('names a flag change by its strongest flag', () => {
    expect(flagsEvent('h1', { cordoned: true, draining: true }).type).toBe('node.draining');
    expect(flagsEvent('h1', { cordoned: true, draining: false }).type).toBe('node.cordoned');
    expect(flagsEvent('h1', { cordoned: false, draining: false }).type).toBe('node.uncordoned');
  });
});
