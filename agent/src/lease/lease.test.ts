import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { ManagedContainer } from '../docker';
import { LeaseKeeper } from './keeper';
import { containersToStop } from './lease';

function container(id: string, disconnect: string, state = 'running'): ManagedContainer {
  return {
    name: `coxswain-w-${id}`,
    disconnect,
    info: {
      containerId: id,
      workload: 'w',
      replica: 0,
      epoch: 1,
      generation: 1,
      state,
      exitCode: 0,
      startedAt: 0,
      finishedAt: 0,
    },
  };
}

const all = [
  container('keep-running', 'keep'),
  container('stop-running', 'stop'),
  container('stop-exited', 'stop', 'exited'),
  container('stop-paused', 'stop', 'paused'),
  container('stop-created', 'stop', 'created'),
];

describe('containersToStop', () => {
  it('stops nothing while the lease holds (boundary included)', () => {
    expect(containersToStop({ now: 10_000, lastHeard: 7_000, leaseMs: 3_000, containers: all })).toEqual([]);
  });

  it('after expiry stops only running disconnect=stop containers', () => {
    const ids = containersToStop({ now: 10_001, lastHeard: 7_000, leaseMs: 3_000, containers: all }).map(
      (c) => c.info.containerId,
    );
    expect(ids).toEqual(['stop-running', 'stop-paused']);
  });
});

describe('LeaseKeeper', () => {
  const setup = () => {
    let now = 1_000_000;
    const stopped: string[] = [];
    const keeper = new LeaseKeeper({
      list: async () => all,
      stop: async (id) => void stopped.push(id),
      logger: pino({ level: 'silent' }),
      now: () => now,
    });
    return { keeper, stopped, advance: (ms: number) => (now += ms), at: () => now };
  };

  it('runs from the send time of the last confirmed message, not from when it was confirmed', async () => {
    const { keeper, stopped, advance, at } = setup();
    const sent = at();
    advance(900);
    keeper.renewed(sent);
    advance(2_100);
    expect(keeper.expired()).toBe(false);
    advance(1);
    expect(keeper.expired()).toBe(true);
    expect(await keeper.check()).toEqual(['stop-running', 'stop-paused']);
    expect(stopped).toEqual(['stop-running', 'stop-paused']);
  });

  it('is not renewed by an open stream or by time alone: only confirmations count', async () => {
    const { keeper, advance, at } = setup();
    for (let i = 0; i < 10; i++) {
      keeper.renewed(at());
      advance(1_000);
    }
    expect(keeper.expired()).toBe(false);
    advance(2_001);
    expect(keeper.expired()).toBe(true);
  });

  it('ignores confirmations older than the newest and clamps ones from the future', () => {
    const { keeper, advance, at } = setup();
    keeper.renewed(at() + 60_000);
    expect(keeper.lastHeard()).toBe(at());
    advance(1_000);
    keeper.renewed(at() - 2_000);
    expect(keeper.lastHeard()).toBe(at() - 1_000);
  });

  it('uses the lease from registered', () => {
    const { keeper, advance, at } = setup();
    keeper.setLeaseMs(10_000);
    keeper.renewed(at());
    advance(10_000);
    expect(keeper.expired()).toBe(false);
    advance(1);
    expect(keeper.expired()).toBe(true);
    keeper.setLeaseMs(0); // ignored: a missing value keeps the current lease
    expect(keeper.expired()).toBe(true);
  });

  it('still stops at-most-one containers when a late confirmation arrives after the lease lapsed', async () => {
    const { keeper, stopped, advance, at } = setup();
    keeper.renewed(at());
    advance(3_500);
    // A heartbeat sent during the gap, confirmed late: the control plane may already have
    // re-placed the replica, so what ran through the gap must stop all the same.
    keeper.renewed(at() - 1_000);
    expect(keeper.expired()).toBe(false);
    expect(await keeper.check()).toEqual(['stop-running', 'stop-paused']);
    expect(stopped).toEqual(['stop-running', 'stop-paused']);
    // Enforced once; afterwards the renewed lease holds again.
    expect(await keeper.check()).toEqual([]);
  });

  it('covers containers of an agent that never reaches the control plane', async () => {
    const { keeper, advance } = setup();
    advance(3_001);
    expect(await keeper.check()).toEqual(['stop-running', 'stop-paused']);
  });
});
