// The rollout policy over several passes: how many replicas stay ready while a new generation
// rolls out, on a roomy and on a full cluster, and what a failing or paused rollout does.
import { describe, expect, it } from 'vitest';
import type { UpdatePolicy, WorkloadSpec } from '@coxswain/shared';
import type { ContainerRecord, WorkloadRecord } from '../model';
import { NOW, Passes, container, node, replica, workload } from './test-helpers';

const CHECK: WorkloadSpec['health'] = { exec: { command: ['true'] }, interval: '1s', timeout: '1s' } as never;
const FULL = { cpuMillis: 1000, memoryBytes: 64 << 20 };

/** Workload `web` at generation 2 whose 3 replicas all run generation 1, one per node. */
function rolling(update: UpdatePolicy, extra: Partial<WorkloadSpec> = {}) {
  const nodes = ['a', 'b', 'c'].map((n) => node(n));
  const w = workload('web', 3, { update, ...extra }, 2);
  const replicas = nodes.map((n, i) => replica('web', i, n.name, 10 + i));
  const containers = nodes.map((n, i) => container(n.name, 'web', i, 10 + i, healthyIf(w)));
  const passes = new Passes({ nodes, workloads: [w] }, { replicas, containers });
  /** A pass at `t`, its nodes heard from just then. */
  const at = (t: number) => ({ now: t, nodes: nodes.map((n) => ({ ...n, lastSeen: t })) });
  return { nodes, w, passes, at };
}

/**
 * A pass carried out the slow way round: its stops done before its starts are, and the ready
 * replicas counted in between (the lowest point the pass can cause).
 */
function step(p: Passes, w: WorkloadRecord, extra = {}) {
  const plan = p.run(extra);
  p.reportStops(plan);
  const ready = readyCount(p, w);
  p.reportStarts(plan);
  return { plan, ready };
}

function healthyIf(w: WorkloadRecord): Partial<ContainerRecord> {
  return w.spec.health ? { health: 'healthy' } : {};
}

/** Containers of replicas that want to run whose container is running and passes its check. */
function readyCount(p: Passes, w: WorkloadRecord): number {
  return p.replicas.filter(
    (r) =>
      r.desired === 'run' &&
      p.containers.some(
        (c) =>
          c.workload === r.workload &&
          c.replica === r.id &&
          c.node === r.node &&
          c.epoch === r.epoch &&
          c.state === 'running' &&
          (!w.spec.health || c.health === 'healthy'),
      ),
  ).length;
}

/** Every container of the generation passes its check (as the agent would report). */
function passChecks(p: Passes, generation: number, health: string): void {
  p.containers = p.containers.map((c) => (c.generation === generation ? { ...c, health } : c));
}

const onNew = (p: Passes, w: WorkloadRecord) =>
  p.replicas.filter((r) => r.desired === 'run' && r.replaces === null && r.generation === w.generation).length;

describe('rollout policy', () => {
  it('with maxSurge 1 and maxUnavailable 0 never has fewer than 3 ready, gated by the check', () => {
    const { w, passes } = rolling({ maxSurge: 1, maxUnavailable: 0 }, { health: CHECK });
    let lowest = 3;
    for (let i = 0; i < 20 && onNew(passes, w) < 3; i++) {
      const { plan: p, ready } = step(passes, w);
      lowest = Math.min(lowest, ready);
      // At most one surge copy at a time.
      expect(passes.replicas.filter((r) => r.desired === 'run').length).toBeLessThanOrEqual(4);
      expect(p.rollbacks).toEqual([]);
      passChecks(passes, 2, 'healthy');
    }
    expect(onNew(passes, w)).toBe(3);
    expect(lowest).toBe(3);
  });

  it('on a full cluster with the defaults rolls in place one at a time, never below desired - 1', () => {
    const { w, passes } = rolling({}, { resources: FULL });
    let lowest = 3;
    const updated: string[] = [];
    for (let i = 0; i < 20 && onNew(passes, w) < 3; i++) {
      const { plan: p, ready } = step(passes, w);
      updated.push(...p.changes.events!.filter((e) => e.type === 'replica.updated').map((e) => e.message!));
      lowest = Math.min(lowest, ready);
      // No surge copy fits anywhere.
      expect(p.changes.upsertReplicas!.filter((r) => r.replaces !== null && r.desired === 'run')).toEqual([]);
    }
    expect(onNew(passes, w)).toBe(3);
    expect(lowest).toBe(2);
    expect(updated).toHaveLength(3);
    expect(updated[0]).toMatch(/in place: no room for a surge copy/);
  });

  it('with maxUnavailable 0 on a full cluster stalls with the reason, and takes no step', () => {
    const { w, passes } = rolling({ maxSurge: 1, maxUnavailable: 0 }, { resources: FULL });
    const p = passes.runAndReport();
    expect(p.commands).toEqual([]);
    expect(p.changes.events).toMatchObject([{ type: 'rollout.stalled', workload: 'web' }]);
    expect(p.changes.events![0].message).toMatch(/maxUnavailable is 0 and no surge copy can be placed: .*cpu/);
    expect(passes.find('web', 0).reason).toMatch(/^rollout stalled: maxUnavailable is 0/);
    expect(readyCount(passes, w)).toBe(3);
    // Said once, not on every pass.
    expect(passes.runAndReport().changes.events).toEqual([]);
  });

  it('stops after the first new replica of a failing spec, fails at the deadline and rolls back', () => {
    const { w, passes, at } = rolling(
      { maxSurge: 1, maxUnavailable: 0, progressDeadline: '2m', autoRollback: true },
      { health: CHECK },
    );
    passes.runAndReport();
    for (let i = 0; i < 5; i++) {
      passChecks(passes, 2, 'unhealthy');
      const p = passes.runAndReport(at(NOW + i * 10_000));
      expect(p.rollbacks).toEqual([]);
      expect(readyCount(passes, w)).toBe(3);
    }
    // Only the one surge copy was made.
    expect(passes.replicas.filter((r) => r.generation === 2)).toHaveLength(1);
    const failed = passes.runAndReport(at(NOW + 121_000));
    expect(failed.changes.events!.map((e) => e.type)).toContain('rollout.failed');
    expect(failed.rollbacks).toMatchObject([{ workload: 'web', generation: 2 }]);
    expect(failed.rollbacks[0].cause).toMatch(/^automatic rollback: generation 2: no replica became ready within 2m/);
    expect(passes.replicas.filter((r) => r.desired === 'run' && r.generation === 2)).toEqual([]);
    expect(readyCount(passes, w)).toBe(3);
  });

  it('fails without rolling back when autoRollback is off', () => {
    const { passes, at } = rolling({ maxSurge: 1, maxUnavailable: 0, progressDeadline: '1m' }, { health: CHECK });
    passes.runAndReport();
    const failed = passes.runAndReport(at(NOW + 61_000));
    expect(failed.changes.events!.map((e) => e.type)).toContain('rollout.failed');
    expect(failed.rollbacks).toEqual([]);
    expect(passes.find('web', 0).reason).toMatch(/^rollout failed: generation 2/);
  });

  it('takes no step while paused', () => {
    const { w, passes } = rolling({ paused: true });
    for (let i = 0; i < 3; i++) expect(passes.runAndReport().commands).toEqual([]);
    expect(onNew(passes, w)).toBe(0);
  });

  it('replaces an at-most-one workload stop-first, one at a time', () => {
    const { w, passes } = rolling({ maxSurge: 1, maxUnavailable: 0 }, { disconnect: 'stop' });
    const p = passes.run();
    expect(p.changes.upsertReplicas!.filter((r) => r.generation === 2)).toMatchObject([{ id: 0, replaces: null }]);
    expect(p.changes.upsertReplicas!.filter((r) => r.replaces !== null)).toEqual([]);
    expect(onNew(passes, w)).toBe(1);
  });

  it('fails a full-cluster rollout whose in-place replica is not ready by the deadline, once, and rolls back', () => {
    const { passes, at } = rolling({ progressDeadline: '1m', autoRollback: true }, { resources: FULL, health: CHECK });
    passes.runAndReport();
    expect(passes.find('web', 0).generation).toBe(2);
    passChecks(passes, 2, 'unhealthy');
    expect(passes.runAndReport(at(NOW + 30_000)).rollbacks).toEqual([]);
    const failed = passes.runAndReport(at(NOW + 61_000));
    expect(failed.changes.events!.filter((e) => e.type === 'rollout.failed')).toHaveLength(1);
    expect(failed.rollbacks).toMatchObject([{ workload: 'web', generation: 2 }]);
    // Still only the one replica on the failing spec, and said once.
    expect(passes.replicas.filter((r) => r.generation === 2)).toHaveLength(1);
    expect(passes.runAndReport(at(NOW + 62_000)).changes.events!.map((e) => e.type)).not.toContain('rollout.failed');
  });

  it('gives up a surge copy of a generation superseded by a newer apply at once', () => {
    const { nodes, passes } = rolling({ maxSurge: 1, maxUnavailable: 0 }, { health: CHECK });
    passes.runAndReport();
    const copy = passes.replicas.find((r) => r.replaces !== null)!;
    expect(copy.generation).toBe(2);
    const newer = workload('web', 3, { update: { maxSurge: 1, maxUnavailable: 0 }, health: CHECK, env: { V: '3' } }, 3);
    const p = passes.runAndReport({ nodes, workloads: [newer] });
    expect(p.changes.events).toContainEqual(
      expect.objectContaining({
        type: 'replica.move-aborted',
        replica: copy.id,
        message: 'generation 2 was superseded by 3',
      }),
    );
    expect(passes.replicas.filter((r) => r.desired === 'run' && r.replaces !== null).map((r) => r.generation)).toEqual([
      3,
    ]);
  });
});
