// Table-style tests of the pure reconciler: plain state in, state changes and commands out.
// Long file: one table of cases for the one pass, grouped by the step of the pass they exercise.
import { describe, expect, it } from 'vitest';
import { NOW, Passes, container, node, replica, run, starts, stops, workload } from './test-helpers';
import type { ReconcilePlan } from './types';
import { replicaPhase } from '../replica';

describe('reconcile', () => {
  it('creates, places on distinct nodes and starts the replicas of a new workload', () => {
    const p = run({ nodes: [node('a'), node('b'), node('c')], workloads: [workload('web', 3)] });
    const placed = p.changes.upsertReplicas!;
    expect(placed).toHaveLength(3);
    expect(new Set(placed.map((r) => r.node)).size).toBe(3);
    expect(new Set(placed.map((r) => r.epoch))).toEqual(new Set([100, 101, 102]));
    expect(p.changes.nextEpoch).toBe(103);
    expect(
      starts(p)
        .map((c) => c.node)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
  });

  it('keeps replicas PENDING with a reason when nothing fits, and emits the reason once', () => {
    const p = run({
      nodes: [node('a')],
      workloads: [workload('big', 1, { resources: { cpuMillis: 5000, memoryBytes: 1 << 20 } })],
    });
    const r = p.changes.upsertReplicas![0];
    expect(r.node).toBeNull();
    expect(r.reason).toMatch(/cpu/);
    expect(p.changes.events!.some((e) => e.type === 'replica.pending')).toBe(true);
    const again = run({
      nodes: [node('a')],
      workloads: [workload('big', 1, { resources: { cpuMillis: 5000, memoryBytes: 1 << 20 } })],
      replicas: [r],
    });
    expect(again.changes.events!.filter((e) => e.type === 'replica.pending')).toHaveLength(0);
  });

  it('does nothing for a healthy steady state', () => {
    const p = run({
      nodes: [node('a')],
      workloads: [workload('web', 1)],
      replicas: [replica('web', 0, 'a', 5)],
      containers: [container('a', 'web', 0, 5)],
    });
    expect(p.commands).toEqual([]);
    expect(p.changes.upsertReplicas).toEqual([]);
  });

  it('marks a silent node DOWN and re-places its replicas with new epochs', () => {
    const p = run({
      nodes: [node('a', { lastSeen: NOW - 3001 }), node('b')],
      workloads: [workload('web', 1)],
      replicas: [replica('web', 0, 'a', 5)],
      containers: [container('a', 'web', 0, 5)],
    });
    expect(p.changes.nodeStates).toEqual([{ name: 'a', state: 'DOWN' }]);
    const r = p.changes.upsertReplicas!.find((x) => x.id === 0)!;
    expect(r.node).toBe('b');
    expect(r.epoch).toBe(100);
    expect(starts(p)).toMatchObject([{ node: 'b', epoch: 100 }]);
  });

  it('does not mark a node DOWN within its lease', () => {
    const p = run({
      nodes: [node('a', { lastSeen: NOW - 2999 })],
      workloads: [workload('web', 1)],
      replicas: [replica('web', 0, 'a', 5)],
      containers: [container('a', 'web', 0, 5)],
    });
    expect(p.changes.nodeStates).toEqual([]);
    expect(p.commands).toEqual([]);
  });

  it('stops a stale copy on a node that came back, and leaves the current one alone', () => {
    const p = run({
      nodes: [node('a'), node('b')],
      workloads: [workload('web', 2)],
      replicas: [replica('web', 0, 'b', 7), replica('web', 1, 'a', 6)],
      containers: [container('a', 'web', 0, 5), container('a', 'web', 1, 6), container('b', 'web', 0, 7)],
    });
    expect(stops(p)).toMatchObject([{ node: 'a', containerId: 'c-a-web-0-5' }]);
    expect(starts(p)).toEqual([]);
  });

  it('stops containers of unknown workloads', () => {
    const p = run({ nodes: [node('a')], containers: [container('a', 'gone', 0, 3)] });
    expect(stops(p)).toMatchObject([{ containerId: 'c-a-gone-0-3', reason: 'replica no longer exists' }]);
  });

  it('restarts an exited container at once, then backs off on a crash loop', () => {
    const base = { nodes: [node('a')], workloads: [workload('web', 1)] };
    const exited = container('a', 'web', 0, 5, {
      state: 'exited',
      exitCode: 137,
      startedAt: NOW - 1000,
      finishedAt: NOW - 10,
      changedAt: NOW - 10,
    });
    const first = run({ ...base, replicas: [replica('web', 0, 'a', 5)], containers: [exited] });
    expect(starts(first)).toHaveLength(1);
    const r = first.changes.upsertReplicas![0];
    expect(r.restarts).toBe(1);
    // The same exit is not answered twice.
    expect(starts(run({ ...base, replicas: [r], containers: [exited] }))).toHaveLength(0);
    // A new exit soon after waits for the backoff (1 s after the first restart).
    const again = { ...exited, finishedAt: NOW - 5, changedAt: NOW - 5 };
    const held = run({ ...base, replicas: [r], containers: [again] });
    expect(starts(held)).toHaveLength(0);
    // ...and says so, naming the restarts so far and the wait.
    const waiting = held.changes.upsertReplicas![0];
    expect(waiting.reason).toBe('crash loop: 1 restart, next in 1s');
    expect(replicaPhase(waiting, base.workloads[0], again)).toMatchObject({
      run: 'exited',
      reason: 'crash loop: 1 restart, next in 1s (exit code 137)',
    });
    // Said once per exit, not rewritten by every pass.
    expect(run({ ...base, now: NOW + 500, replicas: [waiting], containers: [again] }).changes.upsertReplicas).toEqual(
      [],
    );
    const restarted = run({ ...base, now: NOW + 1000, replicas: [r], containers: [again] });
    expect(starts(restarted)).toHaveLength(1);
    // The backoff grows with each restart of the loop.
    const third = { ...exited, finishedAt: NOW + 1200, changedAt: NOW + 1200, startedAt: NOW + 1100 };
    const r2 = restarted.changes.upsertReplicas![0];
    const held2 = run({ ...base, now: NOW + 1300, replicas: [r2], containers: [third] });
    expect(held2.changes.upsertReplicas![0].reason).toBe('crash loop: 2 restarts, next in 2s');
  });

  it('honours restart policies never and on-failure', () => {
    const done = container('a', 'job', 0, 5, {
      state: 'exited',
      exitCode: 0,
      finishedAt: NOW - 10,
      changedAt: NOW - 10,
    });
    const failed = { ...done, exitCode: 1 };
    const wNever = workload('job', 1, { restartPolicy: 'never' });
    const wOnFail = workload('job', 1, { restartPolicy: 'on-failure' });
    const r = [replica('job', 0, 'a', 5)];
    expect(starts(run({ nodes: [node('a')], workloads: [wNever], replicas: r, containers: [failed] }))).toHaveLength(0);
    expect(starts(run({ nodes: [node('a')], workloads: [wOnFail], replicas: r, containers: [done] }))).toHaveLength(0);
    expect(starts(run({ nodes: [node('a')], workloads: [wOnFail], replicas: r, containers: [failed] }))).toHaveLength(
      1,
    );
  });

  it('scales down from the highest id and forgets a replica once its container is gone', () => {
    const replicas = [0, 1, 2].map((i) => replica('web', i, 'a', 10 + i));
    const containers = [0, 1, 2].map((i) => container('a', 'web', i, 10 + i));
    const h = new Passes({
      nodes: [node('a', { cpuMillis: 4000 })],
      workloads: [workload('web', 1)],
      replicas,
      containers,
    });
    const p = h.runAndReport();
    expect(p.changes.upsertReplicas!.map((r) => [r.id, r.desired]).sort()).toEqual([
      [1, 'stop'],
      [2, 'stop'],
    ]);
    expect(
      stops(p)
        .map((c) => c.replica)
        .sort(),
    ).toEqual([1, 2]);
    const after = h.run();
    expect(after.changes.deleteReplicas!.map((d) => d.id).sort()).toEqual([1, 2]);
  });

  it('rolls a new generation out start-before-stop, one replica of the workload at a time', () => {
    const w2 = workload('web', 2, { command: ['sleep', '5'] }, 2);
    const replicas = [replica('web', 0, 'a', 5), replica('web', 1, 'a', 6)];
    const containers = [container('a', 'web', 0, 5), container('a', 'web', 1, 6)];
    const h = new Passes({ nodes: [node('a')], workloads: [w2] }, { replicas, containers });
    const p = h.runAndReport();
    const copies = p.changes.upsertReplicas!.filter((r) => r.replaces !== null);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ id: 2, node: 'a', generation: 2, epoch: 100, replaces: 0 });
    expect(stops(p)).toEqual([]);
    expect(starts(p)).toMatchObject([{ node: 'a', replica: 2, generation: 2 }]);

    // The copy runs: the replica it replaces retires, and the next one is replaced.
    const next = h.run();
    expect(next.changes.upsertReplicas!.find((r) => r.id === 0)!.desired).toBe('stop');
    expect(stops(next)).toMatchObject([{ containerId: 'c-a-web-0-5' }]);
    expect(next.changes.upsertReplicas!.find((r) => r.replaces === 1)).toMatchObject({ generation: 2, node: 'a' });
    expect(next.changes.events!.map((e) => e.type)).toContain('replica.updated');
  });

  it('replaces in place what does not run and at-most-one workloads, so two copies never run', () => {
    const once = workload('db', 1, { command: ['sleep', '5'], disconnect: 'stop' }, 2);
    const p = run({
      nodes: [node('a')],
      workloads: [once],
      replicas: [replica('db', 0, 'a', 5)],
      containers: [container('a', 'db', 0, 5)],
    });
    expect(p.changes.upsertReplicas).toMatchObject([{ id: 0, node: 'a', epoch: 100, generation: 2, replaces: null }]);
    expect(stops(p)).toMatchObject([{ containerId: 'c-a-db-0-5' }]);
    const crashed = container('a', 'web', 0, 5, { state: 'exited', finishedAt: NOW, changedAt: NOW });
    const q = run({
      nodes: [node('a')],
      workloads: [workload('web', 1, { command: ['x'] }, 2)],
      replicas: [replica('web', 0, 'a', 5)],
      containers: [crashed],
    });
    expect(q.changes.upsertReplicas).toMatchObject([{ id: 0, epoch: 100, generation: 2, replaces: null }]);
  });

  it('puts the new copy on another node when its own has no room for both', () => {
    const big = { resources: { cpuMillis: 600, memoryBytes: 64 << 20 } };
    const p = run({
      nodes: [node('a'), node('b')],
      workloads: [workload('web', 1, { ...big, command: ['y'] }, 2)],
      replicas: [replica('web', 0, 'a', 5)],
      containers: [container('a', 'web', 0, 5)],
    });
    expect(p.changes.upsertReplicas!.find((r) => r.replaces === 0)).toMatchObject({ node: 'b', generation: 2 });
  });

  it('waits for the lease and margin before re-placing an at-most-one replica', () => {
    const w = workload('db', 1, { disconnect: 'stop' });
    const nodes = [node('a', { state: 'DOWN', lastSeen: NOW - 4000 }), node('b')];
    const waiting = run({ nodes, workloads: [w], replicas: [replica('db', 0, 'a', 5)] });
    expect(waiting.changes.upsertReplicas![0].node).toBe('a');
    expect(starts(waiting)).toHaveLength(0);
    const moved = run({ nodes, workloads: [w], replicas: [replica('db', 0, 'a', 5)], now: NOW + 600 });
    expect(moved.changes.upsertReplicas![0].node).toBe('b');
  });

  it('sends no commands to a node whose stream is down', () => {
    const p = run({ nodes: [node('a')], connected: new Set(), workloads: [workload('web', 1)] });
    expect(p.changes.upsertReplicas![0].node).toBe('a');
    expect(p.commands).toEqual([]);
  });

  it('waits out the failure backoff after a failed start', () => {
    const r = replica('web', 0, 'a', 5, { failures: 2, failedAt: NOW - 500, failReason: 'pull failed' });
    expect(run({ nodes: [node('a')], workloads: [workload('web', 1)], replicas: [r] }).commands).toEqual([]);
    expect(
      starts(run({ nodes: [node('a')], workloads: [workload('web', 1)], replicas: [r], now: NOW + 2000 })),
    ).toHaveLength(1);
  });
});

describe('moves (start-before-stop)', () => {
  const nodes3 = () => [node('a'), node('b'), node('c')];

  it('spreads a doubled-up workload onto a node that came back, as a new copy first', () => {
    const replicas = [replica('web', 0, 'a', 1), replica('web', 1, 'a', 2), replica('web', 2, 'b', 3)];
    const containers = replicas.map((r) => container(r.node!, 'web', r.id, r.epoch));
    const h = new Passes({ nodes: nodes3(), workloads: [workload('web', 3)], maxMoves: 2 }, { replicas, containers });
    const p = h.run();
    expect(p.moves).toEqual([{ workload: 'web', replica: 1, from: 'a', to: 'c', reason: 'spread' }]);
    const copy = p.changes.upsertReplicas!.find((r) => r.replaces !== null)!;
    expect(copy).toMatchObject({ id: 3, node: 'c', replaces: 1, desired: 'run' });
    expect(starts(p)).toMatchObject([{ node: 'c', replica: 3 }]);
    expect(stops(p)).toEqual([]);

    // Until the copy runs, nothing is retired; once it runs, the old replica stops.
    const waiting = h.run();
    expect(waiting.changes.upsertReplicas!.filter((r) => r.desired === 'stop')).toEqual([]);
    expect(waiting.moves).toEqual([]);
    h.reportStarts(p);
    const done = h.run();
    expect(done.changes.upsertReplicas!.find((r) => r.id === 1)!.desired).toBe('stop');
    expect(done.changes.upsertReplicas!.find((r) => r.id === 3)!.replaces).toBeNull();
    expect(stops(done)).toMatchObject([{ node: 'a', replica: 1 }]);
  });

  it('gives a move up when the new copy does not start in time', () => {
    const replicas = [
      replica('web', 0, 'a', 1),
      replica('web', 1, 'b', 2, { replaces: 0, moveStartedAt: NOW - 61_000 }),
    ];
    const p = run({
      nodes: [node('a'), node('b')],
      workloads: [workload('web', 1)],
      replicas,
      containers: [container('a', 'web', 0, 1)],
    });
    // The copy never got a container, so it is forgotten at once; the old replica keeps running.
    expect(p.changes.deleteReplicas).toEqual([{ workload: 'web', id: 1 }]);
    expect(p.changes.upsertReplicas!.find((r) => r.id === 0)).toMatchObject({ desired: 'run', node: 'a', epoch: 1 });
    expect(stops(p)).toEqual([]);
    expect(p.changes.events!.map((e) => e.type)).toContain('replica.move-aborted');
  });

  it('drains a node one replica per workload at a time', () => {
    const replicas = [replica('web', 0, 'a', 1), replica('web', 1, 'a', 2), replica('db', 0, 'a', 3)];
    const containers = replicas.map((r) => container('a', r.workload, r.id, r.epoch));
    const p = run({
      nodes: [node('a', { draining: true }), node('b')],
      workloads: [workload('web', 2), workload('db', 1)],
      replicas,
      containers,
      maxMoves: 5,
    });
    expect(p.moves.map((m) => [m.workload, m.reason, m.to]).sort()).toEqual([
      ['db', 'drain', 'b'],
      ['web', 'drain', 'b'],
    ]);
  });

  it('compacts a wasted host when its replicas fit on the other used hosts', () => {
    const replicas = [replica('x', 0, 'a', 1), replica('y', 0, 'b', 2)];
    const containers = replicas.map((r) => container(r.node!, r.workload, r.id, r.epoch));
    const spec = { resources: { cpuMillis: 400, memoryBytes: 64 << 20 } };
    const p = run({
      nodes: [node('a'), node('b')],
      workloads: [workload('x', 1, spec), workload('y', 1, spec)],
      replicas,
      containers,
      maxMoves: 2,
    });
    expect(p.moves).toHaveLength(1);
    expect(p.moves[0].reason).toBe('compact');
  });

  it('moves nothing off a cordoned node but a drain', () => {
    const replicas = [replica('web', 0, 'a', 1), replica('web', 1, 'a', 2), replica('web', 2, 'b', 3)];
    const containers = replicas.map((r) => container(r.node!, 'web', r.id, r.epoch));
    const p = run({
      nodes: [node('a', { cordoned: true }), node('b'), node('c')],
      workloads: [workload('web', 3)],
      replicas,
      containers,
      maxMoves: 2,
    });
    expect(p.moves).toEqual([]);
    const spec = { resources: { cpuMillis: 400, memoryBytes: 64 << 20 } };
    const compact = run({
      nodes: [node('a', { cordoned: true }), node('b')],
      workloads: [workload('x', 1, spec), workload('y', 1, spec)],
      replicas: [replica('x', 0, 'a', 1), replica('y', 0, 'b', 2)],
      containers: [container('a', 'x', 0, 1), container('b', 'y', 0, 2)],
      maxMoves: 2,
    });
    expect(compact.moves.every((m) => m.from !== 'a')).toBe(true);
  });

  it('moves an at-most-one replica only for a drain, and stops the old copy before starting the new', () => {
    const once = workload('db', 1, { disconnect: 'stop' });
    const cluster = () => [node('a', { draining: true }), node('b')];
    const old = container('a', 'db', 0, 5);
    const h = new Passes(
      { nodes: cluster(), workloads: [once] },
      { replicas: [replica('db', 0, 'a', 5)], containers: [old] },
    );
    const p1 = h.run({ maxMoves: 2 });
    expect(p1.moves).toEqual([{ workload: 'db', replica: 0, from: 'a', to: 'b', reason: 'drain' }]);
    // The replica itself is re-placed (no second slot) and nothing starts yet.
    expect(p1.changes.upsertReplicas).toHaveLength(1);
    const moved = p1.changes.upsertReplicas![0];
    expect(moved).toMatchObject({ id: 0, node: 'b', epoch: 100 });
    expect(starts(p1)).toEqual([]);
    // While the old copy runs it is stopped and the new one waits.
    const p2 = h.runAndReport();
    expect(stops(p2).map((c) => c.node)).toEqual(['a']);
    expect(starts(p2)).toEqual([]);
    // Once it is gone, the new copy starts.
    const p3 = h.run();
    expect(starts(p3).map((c) => `${c.node}@${c.epoch}`)).toEqual(['b@100']);
  });

  it('drains an at-most-one replica only off a connected host, and never starts it while an old copy may run', () => {
    const once = workload('db', 1, { disconnect: 'stop' });
    const old = container('a', 'db', 0, 5);
    const onlyB = new Set(['b']);
    const cluster = () => [node('a', { draining: true }), node('b')];
    const p = run({
      nodes: cluster(),
      workloads: [once],
      replicas: [replica('db', 0, 'a', 5)],
      containers: [old],
      maxMoves: 2,
      connected: onlyB,
    });
    expect(p.moves).toEqual([]);
    expect(p.changes.upsertReplicas ?? []).toEqual([]);
    // Re-placed on b before a's stream dropped: it waits while a is READY, and once a is DOWN,
    // until a's lease and the fence margin (3 s + 1.5 s here) have surely run out.
    const moved = [replica('db', 0, 'b', 100)];
    expect(
      starts(run({ nodes: cluster(), workloads: [once], replicas: moved, containers: [old], connected: onlyB })),
    ).toEqual([]);
    const down = (silentMs: number) => [
      node('a', { draining: true, state: 'DOWN', lastSeen: NOW - silentMs }),
      node('b'),
    ];
    expect(
      starts(run({ nodes: down(3000), workloads: [once], replicas: moved, containers: [old], connected: onlyB })),
    ).toEqual([]);
    expect(
      starts(run({ nodes: down(5000), workloads: [once], replicas: moved, containers: [old], connected: onlyB })).map(
        (c) => c.node,
      ),
    ).toEqual(['b']);
  });

  it('does not move a replica again at once when its new copy was lost with its host', () => {
    const p = run({
      nodes: [node('a'), node('c', { lastSeen: NOW - 10_000 })],
      workloads: [workload('web', 1)],
      replicas: [replica('web', 0, 'a', 1), replica('web', 1, 'c', 2, { replaces: 0, moveStartedAt: NOW - 2000 })],
      containers: [container('a', 'web', 0, 1)],
    });
    expect(p.changes.deleteReplicas).toEqual([{ workload: 'web', id: 1 }]);
    expect(p.changes.upsertReplicas!.find((r) => r.id === 0)?.replaceFailedAt).toBe(NOW);
  });

  it('never spreads or compacts an at-most-one workload', () => {
    const spec = { resources: { cpuMillis: 400, memoryBytes: 64 << 20 } };
    const compactable = (disconnect: 'stop' | 'keep') =>
      run({
        nodes: [node('a'), node('b')],
        workloads: [workload('x', 1, { ...spec, disconnect }), workload('y', 1, spec)],
        replicas: [replica('x', 0, 'a', 1), replica('y', 0, 'b', 2)],
        containers: [container('a', 'x', 0, 1), container('b', 'y', 0, 2)],
        maxMoves: 2,
      });
    expect(compactable('keep').moves.map((m) => m.reason)).toEqual(['compact']);
    expect(compactable('stop').moves).toEqual([]);
    const doubled = [replica('db', 0, 'a', 1), replica('db', 1, 'a', 2)];
    const spread = run({
      nodes: nodes3(),
      workloads: [workload('db', 2, { disconnect: 'stop' })],
      replicas: doubled,
      containers: doubled.map((r) => container('a', 'db', r.id, r.epoch)),
      maxMoves: 2,
    });
    expect(spread.moves).toEqual([]);
  });

  it('never moves replicas of a workload that is not settled, nor spreads a balanced one', () => {
    const replicas = [replica('web', 0, 'a', 1), replica('web', 1, 'b', 2), replica('web', 2, 'c', 3)];
    const containers = replicas.map((r) => container(r.node!, 'web', r.id, r.epoch));
    expect(run({ nodes: nodes3(), workloads: [workload('web', 3)], replicas, containers, maxMoves: 3 }).moves).toEqual(
      [],
    );
    const doubled = [replica('web', 0, 'a', 1), replica('web', 1, 'a', 2)];
    const oneDown = [
      container('a', 'web', 0, 1),
      container('a', 'web', 1, 2, { state: 'exited', finishedAt: NOW, changedAt: NOW }),
    ];
    expect(
      run({ nodes: nodes3(), workloads: [workload('web', 2)], replicas: doubled, containers: oneDown, maxMoves: 3 })
        .moves,
    ).toEqual([]);
  });
});

describe('placement mode', () => {
  // Four equal large hosts and two small ones. Online placement (the simulator's default) keeps
  // the last large host back for large requests that may come; a batch plan opens it first.
  const big = (name: string) => node(name, { cpuMillis: 4000, memoryBytes: 4 * 2 ** 30 });
  const nodes = () => [big('n1'), big('n2'), big('n3'), big('n4'), node('n5'), node('n6')];
  const offBig = ['node.name != n1', 'node.name != n2', 'node.name != n3'];
  const landing = (p: ReconcilePlan, w: string) => p.changes.upsertReplicas!.find((r) => r.workload === w)?.node;

  it('places one arriving workload online, as the simulator places a row', () => {
    expect(landing(run({ nodes: nodes(), workloads: [workload('web', 1, { constraints: offBig })] }), 'web')).toBe(
      'n5',
    );
  });

  it('stays online when replicas of another workload are still waiting for room', () => {
    const huge = workload('huge', 1, { resources: { cpuMillis: 9000, memoryBytes: 1 << 20 } });
    const waiting = replica('huge', 0, null, 0, { reason: '0/6 nodes available: 6 insufficient cpu' });
    const p = run({
      nodes: nodes(),
      workloads: [huge, workload('web', 1, { constraints: offBig })],
      replicas: [waiting],
    });
    expect(landing(p, 'web')).toBe('n5');
  });

  it('plans new replicas of several workloads together as one batch', () => {
    const p = run({
      nodes: nodes(),
      workloads: [workload('api', 1, { constraints: offBig }), workload('web', 1, { constraints: offBig })],
    });
    expect([landing(p, 'api'), landing(p, 'web')]).toContain('n4');
  });
});
