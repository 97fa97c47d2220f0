import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { ManagedContainer } from '../docker';
import { LeaseKeeper } from './keeper';
import { containersToStop, singletonFence, startingLease } from './lease';
import { LeaseFile } from './record-file';

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

describe('singletonFence', () => {
  it("is the control plane's singleton fence, or the node lease from one that sends none", () => {
    expect(singletonFence({ leaseMs: 3_000, singletonFenceMs: 15_000 })).toBe(15_000);
    expect(singletonFence({ leaseMs: 3_000, singletonFenceMs: 0 })).toBe(3_000);
    expect(singletonFence({ leaseMs: 3_000 })).toBe(3_000);
  });
});

describe('startingLease', () => {
  it("counts on from the previous run's last confirmation, with the fence it was told", () => {
    expect(startingLease({ lastHeard: 5_000, fenceMs: 15_000 }, 9_000, 3_000)).toEqual({
      lastHeard: 5_000,
      fenceMs: 15_000,
    });
  });

  it('trusts no record from the future further than now, and no empty fence', () => {
    expect(startingLease({ lastHeard: 50_000, fenceMs: 0 }, 9_000, 3_000)).toEqual({
      lastHeard: 9_000,
      fenceMs: 3_000,
    });
  });

  it('without a record counts from the start with the default fence', () => {
    expect(startingLease(undefined, 9_000, 3_000)).toEqual({ lastHeard: 9_000, fenceMs: 3_000 });
  });
});

describe('LeaseKeeper', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  const setup = (record?: LeaseFile, start = 1_000_000) => {
    let now = start;
    const stopped: string[] = [];
    const keeper = new LeaseKeeper({
      list: async () => all,
      stop: async (id) => void stopped.push(id),
      logger: pino({ level: 'silent' }),
      now: () => now,
      record,
    });
    return { keeper, stopped, advance: (ms: number) => (now += ms), at: () => now };
  };

  const stateDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lease-test-'));
    dirs.push(d);
    return d;
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

  it('uses the fence from registered', () => {
    const { keeper, advance, at } = setup();
    keeper.setFenceMs(10_000);
    keeper.renewed(at());
    advance(10_000);
    expect(keeper.expired()).toBe(false);
    advance(1);
    expect(keeper.expired()).toBe(true);
    keeper.setFenceMs(0); // ignored: a missing value keeps the current fence
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

  it('a restarted agent that cannot reach the control plane counts from the last confirmation before it', async () => {
    const dir = stateDir();
    const first = setup(new LeaseFile(dir, 'h1'));
    first.keeper.setFenceMs(15_000);
    const heard = first.at();
    first.keeper.renewed(heard);
    // The agent is down for 10 s; the control plane last heard it at `heard`.
    const second = setup(new LeaseFile(dir, 'h1'), heard + 10_000);
    expect(second.keeper.lastHeard()).toBe(heard);
    second.advance(5_000);
    expect(await second.keeper.check()).toEqual([]);
    second.advance(1);
    // 15 s after `heard`, not 15 s after its own start: the control plane may re-place it now.
    expect(await second.keeper.check()).toEqual(['stop-running', 'stop-paused']);
  });

  it("does not take another node's record from the same folder", () => {
    const dir = stateDir();
    const other = setup(new LeaseFile(dir, 'h2'), 1_000);
    other.keeper.setFenceMs(15_000);
    other.keeper.renewed(1_000);
    const mine = setup(new LeaseFile(dir, 'h1'), 50_000);
    expect(mine.keeper.lastHeard()).toBe(50_000);
    mine.advance(3_001);
    expect(mine.keeper.expired()).toBe(true);
  });

  it('with the default singleton fence a control-plane restart of a few seconds stops nothing', async () => {
    const { keeper, advance, at } = setup(new LeaseFile(stateDir(), 'h1'));
    keeper.setFenceMs(singletonFence({ leaseMs: 3_000, singletonFenceMs: 15_000 }));
    keeper.renewed(at());
    // The control plane is gone for 10 s (crash, restart, agents reconnecting): past the lease.
    advance(10_000);
    expect(await keeper.check()).toEqual([]);
    keeper.renewed(at());
    expect(await keeper.check()).toEqual([]);
  });
});
