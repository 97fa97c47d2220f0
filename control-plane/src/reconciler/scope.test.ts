// Incremental passes: a pass scoped to some workloads looks at nothing else, says which of them
// are still under way, and a run of scoped passes (scope = what changed + what is under way, as
// the controller does) decides the same as a run of full passes.
import { describe, expect, it } from 'vitest';
import type { ContainerRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { NodeLoad } from '../replica';
import type { ReconcileInput, ReconcilePlan } from './types';
import { NOW, Passes, container, node, replica, run, starts, stops, workload } from './test-helpers';

const nodes = [node('a', { cpuMillis: 4000 }), node('b', { cpuMillis: 4000 })];

describe('a scoped pass', () => {
  const steady = {
    nodes,
    workloads: [workload('api', 1), workload('web', 1)],
    replicas: [replica('api', 0, 'a', 3), replica('web', 0, 'b', 4)],
    // A stale copy of api on b: a full pass stops it.
    containers: [container('a', 'api', 0, 3), container('b', 'api', 0, 1), container('b', 'web', 0, 4)],
  };

  it('leaves the workloads outside its scope alone', () => {
    expect(stops(run(steady)).map((s) => s.containerId)).toEqual(['c-b-api-0-1']);
    const scoped = run({
      ...steady,
      scope: new Set(['web']),
      containers: steady.containers.filter((c) => c.workload === 'web'),
    });
    expect(scoped.commands).toEqual([]);
    expect(scoped.active).toEqual([]);
  });

  it('places what it looks at, with room counted for every replica', () => {
    const plan = run({
      nodes: [node('a', { cpuMillis: 1000 }), node('b', { cpuMillis: 1000 })],
      workloads: [
        workload('big', 1, { resources: { cpuMillis: 800, memoryBytes: 1 << 20 } }),
        workload('new', 1, { resources: { cpuMillis: 500, memoryBytes: 1 << 20 } }),
      ],
      replicas: [replica('big', 0, 'a', 3), replica('new', 0, null, 0)],
      containers: [],
      scope: new Set(['new']),
    });
    expect(starts(plan).map((s) => `${s.workload}@${s.node}`)).toEqual(['new@b']);
    expect(plan.starting).toEqual(['new']);
  });

  it('names what is under way: a replica without its container, a crash-loop backoff, a deleted workload with a container left', () => {
    const w = workload('loop', 1, { restart: 'always' });
    const plan = run({
      nodes,
      workloads: [w, workload('fresh', 1), workload('calm', 1), workload('single', 1, { disconnect: 'stop' })],
      replicas: [replica('loop', 0, 'a', 5, { restarts: 3 }), replica('fresh', 0, 'b', 6), replica('calm', 0, 'b', 7)],
      containers: [
        container('a', 'loop', 0, 5, { state: 'exited', exitCode: 1, finishedAt: NOW - 10, changedAt: NOW - 10 }),
        container('b', 'calm', 0, 7),
        container('a', 'gone', 0, 2),
      ],
    });
    // An at-most-one replica's start may wait for its old copy's fence, which nothing reports.
    expect(plan.active).toEqual(['gone', 'loop', 'single']);
    // Its start is sent: only its container's report is awaited, and that marks it by itself.
    expect(plan.starting).toEqual(['fresh']);
  });
});

// Room for six replicas of 400m, so that where each goes depends on what the others hold.
const tight = ['a', 'b', 'c'].map((n) => node(n, { cpuMillis: 1000 }));
const sized = (name: string, replicas: number, extra = {}, generation = 1) =>
  workload(name, replicas, { resources: { cpuMillis: 400, memoryBytes: 1 << 20 }, ...extra }, generation);

/** Replays a scripted run the controller's way (scope = marked + active) or with full passes. */
class Run {
  readonly passes: Passes;
  private marked = new Set<string>();
  private active = new Set<string>();
  /** As the controller: a workload waiting for its containers is looked at again 2 s later. */
  private readonly starting = new Map<string, number>();
  readonly log: string[] = [];
  private readonly load = new NodeLoad();

  constructor(
    private readonly scoped: boolean,
    private workloads: WorkloadRecord[],
  ) {
    this.passes = new Passes({ nodes: tight });
    // The controller's first pass looks at everything.
    this.mark(...workloads.map((w) => w.name));
  }

  /** A fact changed about these workloads (their spec, or a report of their containers). */
  mark(...names: string[]): void {
    for (const n of names) this.marked.add(n);
  }

  setWorkloads(ws: WorkloadRecord[]): void {
    const names = new Set([...this.workloads, ...ws].map((w) => w.name));
    this.workloads = ws;
    this.mark(...names);
  }

  editContainers(fn: (cs: ContainerRecord[]) => ContainerRecord[], ...touched: string[]): void {
    this.passes.containers = fn(this.passes.containers);
    this.mark(...touched);
  }

  pass(now: number): ReconcilePlan {
    const scope = this.scoped ? new Set([...this.marked, ...this.active]) : undefined;
    if (scope) for (const [name, at] of this.starting) if (at <= now) scope.add(name);
    // The controller's load: each marked workload's share replaced by what its replicas hold now.
    const byName = new Map(this.workloads.map((w) => [w.name, w]));
    for (const name of this.marked)
      this.load.set(
        name,
        this.passes.replicas.filter((r) => r.workload === name),
        byName.get(name),
      );
    // Every host heard from just now.
    const live = tight.map((n) => ({ ...n, lastSeen: now }));
    const extra: Partial<ReconcileInput> = { nodes: live, workloads: this.workloads, now, scope };
    if (this.scoped) extra.load = this.load;
    if (scope) extra.containers = this.passes.containers.filter((c) => scope.has(c.workload));
    const all = this.passes.containers;
    const before = new Map(this.passes.replicas.map((r) => [`${r.workload}/${r.id}`, r]));
    const p = this.passes.run(extra);
    this.passes.containers = all;
    this.passes.reportStarts(p);
    this.passes.reportStops(p);
    // What the pass wrote and the reports of its commands mark their workloads, as the store does.
    this.marked = new Set();
    for (const r of [...(p.changes.upsertReplicas ?? []), ...(p.changes.deleteReplicas ?? [])])
      this.marked.add(r.workload);
    for (const c of p.commands) this.marked.add(c.workload);
    for (const [k, r] of before)
      if (!this.passes.replicas.some((x) => `${x.workload}/${x.id}` === k)) this.marked.add(r.workload);
    this.active = new Set(p.active);
    for (const name of scope ?? []) this.starting.delete(name);
    for (const name of p.starting) this.starting.set(name, now + 2000);
    const cmds = p.commands.map((c) => `${c.kind} ${c.workload}/${c.replica}@${c.node}`).sort();
    this.log.push(`${now}: ${cmds.join(', ')}`);
    return p;
  }

  state(): string[] {
    const show = (r: ReplicaRecord) => `${r.workload}/${r.id} ${r.node} e${r.epoch} ${r.desired} g${r.generation}`;
    return this.passes.replicas.map(show).sort();
  }
}

describe('scoped passes against full passes', () => {
  it('decide the same through scale-ups, a crash loop, a rollout and a delete', () => {
    const script = (r: Run) => {
      let t = NOW;
      for (let i = 0; i < 3; i++) r.pass((t += 250));
      // A replica's container exits: its report marks the workload.
      r.editContainers(
        (cs) =>
          cs.map((c) =>
            c.workload === 'api' && c.replica === 0
              ? { ...c, state: 'exited', exitCode: 1, finishedAt: t, changedAt: t }
              : c,
          ),
        'api',
      );
      for (let i = 0; i < 12; i++) r.pass((t += 250));
      r.setWorkloads([sized('api', 3), sized('web', 2, { command: ['sleep', '2000'] }, 2), sized('db', 1)]);
      for (let i = 0; i < 10; i++) r.pass((t += 250));
      r.setWorkloads([sized('api', 1), sized('web', 2, { command: ['sleep', '2000'] }, 2), sized('big', 2)]);
      for (let i = 0; i < 10; i++) r.pass((t += 250));
    };
    const start = [sized('api', 2, { restart: 'always' }), sized('web', 2), sized('db', 1)];
    const full = new Run(false, start);
    const scoped = new Run(true, start);
    script(full);
    script(scoped);
    expect(scoped.log).toEqual(full.log);
    expect(scoped.state()).toEqual(full.state());
    // The script did something: replicas were placed, restarted, rolled and retired.
    expect(full.log.join('\n')).toMatch(/start api\/0/);
    expect(full.log.join('\n')).toMatch(/stop db\/0/);
    expect(full.log.join('\n')).toMatch(/start api\/2/);
    expect(full.log.join('\n')).toMatch(/start big\/1/);
    expect(full.state().filter((r) => / g2$/.test(r) && r.startsWith('web/'))).toHaveLength(2);
  });
});
