import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { ManagedContainer } from '../docker/labels';
import { LeaseKeeper } from './keeper';
import { containersToStop } from './lease';

function container(id: string, disconnect: string, state = 'running'): ManagedContainer {
  return {
    name: `coxswain-w-${id}`,
    disconnect,
    info: { containerId: id, workload: 'w', replica: 0, epoch: 1, generation: 1, state, exitCode: 0, startedAt: 0, finishedAt: 0 },
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
    const ids = containersToStop({ now: 10_001, lastHeard: 7_000, leaseMs: 3_000, containers: all }).map((c) => c.info.containerId);
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
      detectionWindowMs: 500,
      now: () => now,
    });
    return { keeper, stopped, advance: (ms: number) => (now += ms) };
  };

  it('counts an open stream as heard, and a break from before its detection window', async () => {
    const { keeper, stopped, advance } = setup();
    keeper.setConnected(true);
    advance(60_000);
    expect(keeper.expired()).toBe(false);
    expect(await keeper.check()).toEqual([]);
    keeper.setConnected(false);
    // Lost at most 500 ms before we noticed: the 3 s default lease ends 2.5 s after noticing.
    advance(2_400);
    expect(keeper.expired()).toBe(false);
    advance(200);
    expect(keeper.expired()).toBe(true);
    expect(await keeper.check()).toEqual(['stop-running', 'stop-paused']);
    expect(stopped).toEqual(['stop-running', 'stop-paused']);
  });

  it('uses the lease from registered and a late message extends it', async () => {
    const { keeper, advance } = setup();
    keeper.setLeaseMs(10_000);
    keeper.setConnected(true);
    keeper.setConnected(false);
    advance(5_000);
    keeper.heard();
    advance(9_000);
    expect(keeper.expired()).toBe(false);
    advance(1_001);
    expect(keeper.expired()).toBe(true);
    keeper.setLeaseMs(0); // ignored: a missing value keeps the current lease
    expect(keeper.expired()).toBe(true);
  });

  it('covers containers of an agent that never reaches the control plane', async () => {
    const { keeper, advance } = setup();
    advance(3_001);
    expect(await keeper.check()).toEqual(['stop-running', 'stop-paused']);
  });
});
