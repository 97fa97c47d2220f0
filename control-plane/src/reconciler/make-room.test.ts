// Make-room moves through the pure reconciler: a new replica that would open an empty node
// moves one running replica into another node's gap, start-before-stop, and starts only once
// the room is really there.
import { describe, expect, it } from 'vitest';
import type { ContainerRecord, ReplicaRecord } from '../model';
import type { ReconcileInput } from './types';
import { NOW, Passes, container, node, replica, starts, stops, workload } from './test-helpers';
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
const running = (rs: ReplicaRecord[]) => rs.map((r) => container(r.node ?? '', r.workload, r.id, r.epoch));

/** Passes over the three nodes with make-room on, from the given replicas and containers. */
function passes(replicas: ReplicaRecord[], containers: ContainerRecord[], extra: Partial<ReconcileInput> = {}) {
  return new Passes({ nodes: nodes(), workloads: workloads(), makeRoom: true, ...extra }, { replicas, containers });
}

const placements = (cs: { workload: string; replica: number; node: string }[]) =>
  cs.map((c) => `${c.workload}/${c.replica}@${c.node}`);

describe('make room', () => {
  it('moves a running replica start-before-stop, and starts the new one only once the room is free', () => {
    // 1. fresh goes to a, waiting; small's new copy starts on b; nothing starts on c.
    const h = passes(placed(), running(placed()));
    const p1 = h.run();
    expect(h.find('fresh')).toMatchObject({ node: 'a' });
    expect(h.find('fresh').reason.startsWith(WAITING_FOR_ROOM)).toBe(true);
    expect(h.find('fresh').waitingForRoom).toBe(true);
    expect(h.find('small', 1)).toMatchObject({ node: 'b', replaces: 0 });
    expect(placements(starts(p1))).toEqual(['small/1@b']);
    expect(p1.moves).toEqual([{ workload: 'small', replica: 0, from: 'a', to: 'b', reason: 'make-room' }]);

    // 2. The copy runs: the old small is retired and stopped; fresh still waits.
    h.reportStarts(p1);
    const p2 = h.run();
    expect(h.find('small', 0).desired).toBe('stop');
    expect(placements(stops(p2))).toEqual(['small/0@a']);
    expect(starts(p2).filter((c) => c.workload === 'fresh')).toEqual([]);

    // 3. Still stopping (the container is there): fresh waits.
    const p3 = h.run();
    expect(starts(p3).filter((c) => c.workload === 'fresh')).toEqual([]);

    // 4. The old container is gone: fresh starts on a in the same pass that forgets small/0.
    h.reportStops(p3);
    const p4 = h.run();
    expect(placements(starts(p4))).toEqual(['fresh/0@a']);
    expect(h.find('fresh').reason).toBe('');
    expect(h.find('fresh').waitingForRoom).toBe(false);
    expect(h.replicas.filter((r) => r.node === 'c')).toEqual([]);
  });

  it('opens the empty node when make-room is off', () => {
    const h = passes(placed(), running(placed()), { makeRoom: false });
    const p = h.run();
    expect(h.find('fresh').node).toBe('c');
    expect(p.moves).toEqual([]);
  });

  it('never moves anything for replacements of a lost host', () => {
    // fresh ran on d, which is now silent: its replacement goes to the empty c, nothing moves.
    const withD = [...nodes(), node('d', { lastSeen: NOW - 10_000 })];
    const lost = [...placed(), replica('fresh', 0, 'd', 4)];
    const h = passes(lost, running(lost), { nodes: withD });
    const p = h.run();
    expect(h.find('fresh').node).toBe('c');
    expect(p.moves).toEqual([]);
  });

  it('does not move replicas of at-most-one workloads, nor of workloads that are not settled', () => {
    const once = workloads().map((w) =>
      w.name === 'small' ? workload('small', 1, { ...cpu(300), disconnect: 'stop' }) : w,
    );
    const atMostOne = passes(placed(), running(placed()), { workloads: once });
    atMostOne.run();
    expect(atMostOne.find('fresh').node).toBe('c');
    const notRunning = passes(
      placed(),
      running(placed()).filter((c) => c.workload !== 'small'),
    );
    notRunning.run();
    expect(notRunning.find('fresh').node).toBe('c');
  });

  it('gives the waiting replica back to the scheduler when the move is given up', () => {
    const h = passes(placed(), running(placed()));
    h.run();
    // The copy never starts; past the move timeout the old small stays where it is.
    const later = (ms: number) => ({ now: NOW + ms, nodes: nodes().map((n) => ({ ...n, lastSeen: NOW + ms })) });
    const late = h.run(later(61_000));
    expect(late.changes.events?.some((e) => e.type === 'replica.move-aborted')).toBe(true);
    expect(h.find('fresh')).toMatchObject({ node: null, reason: 'room on a did not free up' });
    // Placed anew without another move: the empty node it is.
    const next = h.run(later(62_000));
    expect(h.find('fresh').node).toBe('c');
    expect(next.moves).toEqual([]);
  });
});
