// Make-room moves through the pure reconciler: a new replica that would open an empty node
// moves one running replica into another node's gap, start-before-stop, and starts only once
// the room is really there.
import { describe, expect, it } from 'vitest';
import type { ContainerRecord, ReplicaRecord } from '../model';
import type { ReconcileInput, ReconcilePlan } from './types';
import { NOW, container, node, replica, run, starts, stops, workload } from './test-helpers';
import { WAITING_FOR_ROOM } from './make-room';

const cpu = (cpuMillis: number) => ({ resources: { cpuMillis, memoryBytes: 64 << 20 } });
// a: big 600 + small 300 (100 free); b: mid 700 (300 free); c: empty. "fresh" (400) fits neither
// a nor b, but moving small into b's gap leaves a exactly room for it.
const nodes = () => [node('a'), node('b'), node('c')];
const workloads = () => [
  workload('big', 1, cpu(600)),
  workload('small', 1, cpu(300)),
  workload('mid', 1, cpu(700)),
  workload('fresh', 1, cpu(400)),
];
const placed = () => [replica('big', 0, 'a', 1), replica('small', 0, 'a', 2), replica('mid', 0, 'b', 3)];
const running = (rs: ReplicaRecord[]) => rs.map((r) => container(r.node!, r.workload, r.id, r.epoch));

/** The replica table after a pass. */
function after(replicas: ReplicaRecord[], p: ReconcilePlan): ReplicaRecord[] {
  const key = (r: { workload: string; id: number }) => `${r.workload}/${r.id}`;
  const out = new Map(replicas.map((r) => [key(r), r]));
  for (const r of p.changes.deleteReplicas ?? []) out.delete(key(r));
  for (const r of p.changes.upsertReplicas ?? []) out.set(key(r), r);
  return [...out.values()];
}

const find = (rs: ReplicaRecord[], w: string, id = 0) => rs.find((r) => r.workload === w && r.id === id)!;

function pass(
  replicas: ReplicaRecord[],
  containers: ContainerRecord[],
  extra: Partial<ReconcileInput> = {},
): ReconcilePlan {
  return run({
    nodes: nodes(),
    workloads: workloads(),
    replicas,
    containers,
    makeRoom: true,
    nextEpoch: 100,
    ...extra,
  });
}

describe('make room', () => {
  it('moves a running replica start-before-stop, and starts the new one only once the room is free', () => {
    // 1. fresh goes to a, waiting; small's new copy starts on b; nothing starts on c.
    const p1 = pass(placed(), running(placed()));
    let rs = after(placed(), p1);
    expect(find(rs, 'fresh')).toMatchObject({ node: 'a' });
    expect(find(rs, 'fresh').reason.startsWith(WAITING_FOR_ROOM)).toBe(true);
    expect(find(rs, 'small', 1)).toMatchObject({ node: 'b', replaces: 0 });
    expect(starts(p1).map((c) => `${c.workload}/${c.replica}@${c.node}`)).toEqual(['small/1@b']);
    expect(p1.moves).toEqual([{ workload: 'small', replica: 0, from: 'a', to: 'b', reason: 'make-room' }]);

    // 2. The copy runs: the old small is retired and stopped; fresh still waits.
    const copy = find(rs, 'small', 1);
    let containers = [...running(placed()), container('b', 'small', 1, copy.epoch)];
    const p2 = pass(rs, containers);
    rs = after(rs, p2);
    expect(find(rs, 'small', 0).desired).toBe('stop');
    expect(stops(p2).map((c) => `${c.workload}/${c.replica}@${c.node}`)).toEqual(['small/0@a']);
    expect(starts(p2).filter((c) => c.workload === 'fresh')).toEqual([]);

    // 3. Still stopping (the container is there): fresh waits.
    const p3 = pass(rs, containers);
    expect(starts(p3).filter((c) => c.workload === 'fresh')).toEqual([]);

    // 4. The old container is gone: fresh starts on a in the same pass that forgets small/0.
    containers = containers.filter((c) => !(c.workload === 'small' && c.replica === 0));
    const p4 = pass(rs, containers);
    rs = after(rs, p4);
    expect(starts(p4).map((c) => `${c.workload}/${c.replica}@${c.node}`)).toEqual(['fresh/0@a']);
    expect(find(rs, 'fresh').reason).toBe('');
    expect(rs.filter((r) => r.node === 'c')).toEqual([]);
  });

  it('opens the empty node when make-room is off', () => {
    const p = pass(placed(), running(placed()), { makeRoom: false });
    expect(find(after(placed(), p), 'fresh').node).toBe('c');
    expect(p.moves).toEqual([]);
  });

  it('never moves anything for replacements of a lost host', () => {
    // fresh ran on d, which is now silent: its replacement goes to the empty c, nothing moves.
    const withD = [...nodes(), node('d', { lastSeen: NOW - 10_000 })];
    const lost = [...placed(), replica('fresh', 0, 'd', 4)];
    const p = pass(lost, running(lost), { nodes: withD });
    expect(find(after(lost, p), 'fresh').node).toBe('c');
    expect(p.moves).toEqual([]);
  });

  it('does not move replicas of at-most-one workloads, nor of workloads that are not settled', () => {
    const once = workloads().map((w) =>
      w.name === 'small' ? workload('small', 1, { ...cpu(300), disconnect: 'stop' }) : w,
    );
    expect(find(after(placed(), pass(placed(), running(placed()), { workloads: once })), 'fresh').node).toBe('c');
    const notRunning = running(placed()).filter((c) => c.workload !== 'small');
    expect(find(after(placed(), pass(placed(), notRunning)), 'fresh').node).toBe('c');
  });

  it('gives the waiting replica back to the scheduler when the move is given up', () => {
    let rs = after(placed(), pass(placed(), running(placed())));
    // The copy never starts; past the move timeout the old small stays where it is.
    const later = (ms: number) => ({ now: NOW + ms, nodes: nodes().map((n) => ({ ...n, lastSeen: NOW + ms })) });
    const late = pass(rs, running(placed()), later(61_000));
    rs = after(rs, late);
    expect(late.changes.events!.some((e) => e.type === 'replica.move-aborted')).toBe(true);
    expect(find(rs, 'fresh')).toMatchObject({ node: null, reason: 'room on a did not free up' });
    // Placed anew without another move: the empty node it is.
    const next = pass(rs, running(placed()), later(62_000));
    expect(find(after(rs, next), 'fresh').node).toBe('c');
    expect(next.moves).toEqual([]);
  });
});
