// The reconciler: one pure pass from desired + observed state to state changes and commands.
// Long file: the pass is one class whose steps share its working state (the replica table, the
// epoch counter, the events and commands being built); fencing, restarts, make-room and rollouts
// live in their own modules, and splitting the remaining steps would pass that state around instead.
import type { ContainerRecord, EventInput, NodeRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { leaseExpired } from '../model';
import { planMoves, type MovePlan } from '../rebalancer';
import { schedule, type Move, type SchedNode } from '../scheduler';
import { NodeRoom, RoomResidents, WAITING_FOR_ROOM, residentMoves } from './make-room';
import {
  CRASH_LOOP,
  allocatePorts,
  Copies,
  dynamicRange,
  FRESH_RUN,
  crashLoopReason,
  heldPorts,
  portsMatch,
  ReplicaTable,
  type ReplicaIndex,
  arrivals,
  newCopy,
  newReplica,
  nodeOf,
  replicaKey,
  replicaStage,
  schedNodesOf,
  schedRequest,
  LoadView,
  NodeLoad,
} from '../replica';
import { HEALTHY_RUN_MS, failureBackoffMs, isExited, restartBackoffMs, wantsRestart } from './restart';
import { fence, type Fenced } from './fencing';
import { underWay } from './active';
import { PassView } from './pass-view';
import { progressDeadlineMs, readyReplicas } from './rollout';
import { RolloutSteps } from './rollout-steps';
import { holdForDrain } from './drain';
import { copyMayRun, lostReason, notReady, singletonSafeAt } from './engine-down';
import type { Command, ReconcileInput, ReconcilePlan } from './types';

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Items by a key of theirs (an item without one is left out). */
function groupBy<T>(items: Iterable<T>, key: (x: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/** A restart that has not produced a running container after this long is sent again. */
/** A set of node names asked one name at a time. */
interface NodeSet {
  has(name: string): boolean;
}

function byNameMap<T extends { name: string }>(records: readonly T[]): Map<string, T> {
  return new Map(records.map((r) => [r.name, r]));
}

const RESTART_RESEND_MS = 15_000;
/** A move whose new copy is not running after this long is abandoned; the old copy stays. */
const MOVE_TIMEOUT_MS = 60_000;

export function reconcile(input: ReconcileInput): ReconcilePlan {
  return new Pass(input).run();
}

class Pass {
  private readonly now: number;
  /** The input's nodes by name, and in the input's order; replaced, not changed, when a lease runs out. */
  private nodes: ReadonlyMap<string, NodeRecord>;
  private nodeList: readonly NodeRecord[];
  private readonly workloads: ReadonlyMap<string, WorkloadRecord>;
  private readonly replicas: ReplicaTable;
  private readonly nodeStates: { name: string; state: 'READY' | 'DOWN' }[] = [];
  private readonly events: EventInput[] = [];
  private readonly commands: Command[] = [];
  private readonly moves: MovePlan[] = [];
  private readonly rollouts: RolloutSteps;
  private readyKeys: Set<string> | undefined;
  /** Computed on first use: only replicas waiting for room need it. */
  private room: NodeRoom | undefined;
  /** Computed on first use: only at-most-one replicas about to start need it. */
  private copies: Copies | undefined;
  /**
   * Per node, how many of its replicas hold each host port (a count: a replica giving its ports
   * up must not free one another still holds); computed when a replica there first needs numbers.
   */
  private portsTaken: Map<string, Map<number, number>> | undefined;
  /** Per workload, an id below which every id is taken (so the search for a free one starts there). */
  private readonly idFloor = new Map<string, number>();
  private nextEpoch: number;
  private rebalancer: ReconcilePlan['rebalancer'] = 'idle';
  /** The workloads this pass looks at, in name order (see ReconcileInput.scope). */
  private readonly lookedAt: string[];
  /** The containers it looks at: every one, or the scope's. */
  private readonly containers: readonly ContainerRecord[];
  /** What fencing found on drivable nodes, for the workloads still under way (see `active`). */
  private fenced: Fenced | undefined;
  /** Workloads with a container on a drivable node that is not a replica's current one. */
  private readonly stopping = new Set<string>();
  /** Live nodes with a connected agent: only they are driven (asked per name, not listed). */
  private readonly drivable: NodeSet = {
    has: (name) => this.nodes.get(name)?.state === 'READY' && this.input.connected.has(name),
  };
  private readonly draining: NodeSet = { has: (name) => !!this.nodes.get(name)?.draining };
  /** See loadNow. */
  private startLoad: NodeLoad | undefined;
  private view: { version: number; load: LoadView } | undefined;
  private baseOnNode: Map<string, ReplicaRecord[]> | undefined;
  private groups: { byWorkload: Map<string, ContainerRecord[]>; byNode: Map<string, ContainerRecord[]> } | undefined;

  constructor(private readonly input: ReconcileInput) {
    this.now = input.now;
    this.nextEpoch = input.nextEpoch;
    // The input's records, read-only: a node the pass changes gets a copy of its own (expireLeases).
    this.nodeList = input.nodes;
    this.nodes = input.nodesByName ?? byNameMap(input.nodes);
    this.workloads = input.workloadsByName ?? byNameMap(input.workloads);
    this.replicas = new ReplicaTable(input.index?.replicas ?? input.replicas);
    this.containers = input.containers;
    this.lookedAt = input.scope ? [...input.scope].sort(byName) : this.everyWorkload();
    this.rollouts = new RolloutSteps({
      now: this.now,
      replicas: this.replicas,
      looked: () => this.looked(),
      workloads: this.workloads,
      events: this.events,
      isReady: (r) => this.ready.has(replicaKey(r.workload, r.id)),
      update: (r, patch) => this.update(r, patch),
      newEpoch: () => this.newEpoch(),
      startCopy: (w, replaces, node, message) => this.startCopy(w, replaces, node, 'replica.updating', message),
      schedNodes: () => this.schedNodes(),
    });
  }

  /**
   * How long after its node was last heard an at-most-one copy may still run: its agent's fence
   * plus the margin for clock rates and the stop itself.
   */
  private get singletonGraceMs(): number {
    return (this.input.singletonFenceMs ?? this.input.nodeTimeoutMs) + this.input.fenceMarginMs;
  }

  /** Computed on first use: only moves and rollouts need it. */
  private get ready(): Set<string> {
    this.readyKeys ??= readyReplicas(this.baseReplicas, this.containers, this.workloads, this.now);
    return this.readyKeys;
  }

  /** The replicas as the pass found them. */
  private get baseReplicas(): ReplicaRecord[] | ReplicaIndex {
    return this.input.index?.replicas ?? this.input.replicas;
  }

  private allContainers(): readonly ContainerRecord[] {
    return this.input.index?.allContainers() ?? this.input.containers;
  }

  /**
   * What voluntary moves read (see PassView), made once the pass's placements are decided: it
   * keeps what it learnt, so it must not outlive changes that would change its answers.
   */
  private passView(): PassView {
    return new PassView({
      now: this.now,
      settleMs: this.input.settleMs,
      nodes: this.nodes,
      replicas: this.replicas,
      load: () => this.loadNow(),
      schedNodes: () => this.schedNodes(),
      containersOf: (w) => this.containersOf(w),
      containersOn: (n) => this.containersOn(n),
      replicasOn: (n) => this.replicasOn(n),
      memo: this.input.settled,
      wrote: (w) => this.replicas.wrote(w),
    });
  }

  /** One workload's containers, whether the pass looks at it or not. */
  private containersOf(workload: string): readonly ContainerRecord[] {
    if (this.input.index) return this.input.index.containersOf(workload);
    return this.containerGroups().byWorkload.get(workload) ?? [];
  }

  /** The replicas assigned to the node when the pass began. */
  private replicasOn(node: string): readonly ReplicaRecord[] {
    if (this.input.index) return this.input.index.replicasOn(node);
    this.baseOnNode ??= groupBy(new ReplicaTable(this.baseReplicas).values(), (r) => r.node);
    return this.baseOnNode.get(node) ?? [];
  }

  private containersOn(node: string): readonly ContainerRecord[] {
    if (this.input.index) return this.input.index.containersOn(node);
    return this.containerGroups().byNode.get(node) ?? [];
  }

  /** Without an index: the input's containers grouped once, on first need. */
  private containerGroups(): { byWorkload: Map<string, ContainerRecord[]>; byNode: Map<string, ContainerRecord[]> } {
    this.groups ??= {
      byWorkload: groupBy(this.input.containers, (c) => c.workload),
      byNode: groupBy(this.input.containers, (c) => c.node),
    };
    return this.groups;
  }

  /** A full pass's: every workload that has a record, replicas or containers. */
  private everyWorkload(): string[] {
    const names = new Set(this.workloads.keys());
    for (const [name] of this.replicas.workloads()) names.add(name);
    for (const c of this.containers) names.add(c.workload);
    return [...names].sort(byName);
  }

  /**
   * What every node holds now: at the pass's start (the caller's load, or summed once here), and
   * what the pass changed since; computed again only after the table changed.
   */
  private loadNow(): LoadView {
    this.startLoad ??= this.input.load ?? NodeLoad.of(new ReplicaTable(this.baseReplicas).values(), this.workloads);
    if (this.view?.version !== this.replicas.version)
      this.view = {
        version: this.replicas.version,
        load: new LoadView(this.startLoad, this.replicas.changed(), this.workloads),
      };
    return this.view.load;
  }

  /** The scheduler's view of the live nodes, as they are now. */
  private schedNodes(): SchedNode[] {
    return schedNodesOf(this.nodeList, (n) => this.isLive(n), this.loadNow());
  }

  /** The replicas of the workloads looked at, as a list that stays valid while the table changes. */
  private looked(): ReplicaRecord[] {
    const out: ReplicaRecord[] = [];
    for (const name of this.lookedAt) for (const r of this.replicas.of(name)?.values() ?? []) out.push(r);
    return out;
  }

  run(): ReconcilePlan {
    this.expireLeases();
    this.releaseLostReplicas();
    this.progressMoves();
    this.matchReplicaCounts();
    this.rollouts.roll();
    this.placePending();
    this.driveContainers();
    this.startMoves();
    const epochAdvanced = this.nextEpoch !== this.input.nextEpoch;
    return {
      changes: {
        nodeStates: this.nodeStates,
        upsertReplicas: [...this.replicas.dirty.values()],
        deleteReplicas: this.replicas.deleted,
        nextEpoch: epochAdvanced ? this.nextEpoch : undefined,
        events: this.events,
      },
      commands: this.commands,
      moves: this.moves,
      rollbacks: this.rollouts.rollbacks,
      rebalancer: this.rebalancer,
      ...this.underWay(),
    };
  }

  /** See ReconcilePlan.active and .starting. */
  private underWay(): Pick<ReconcilePlan, 'active' | 'starting'> {
    const out: Pick<ReconcilePlan, 'active' | 'starting'> = { active: [], starting: [] };
    for (const name of this.lookedAt) {
      const how = underWay({
        name,
        workload: this.workloads.get(name),
        replicas: this.replicas.of(name),
        current: this.fenced?.current.get(name),
        stopping: this.stopping,
        drivable: this.drivable,
        nodes: this.nodes,
      });
      if (how === 'now') out.active.push(name);
      else if (how === 'starting') out.starting.push(name);
    }
    return out;
  }

  private isLive(name: string | null): boolean {
    return !!name && this.nodes.get(name)?.state === 'READY';
  }

  private update(r: ReplicaRecord, patch: Partial<ReplicaRecord>): ReplicaRecord {
    const current = this.replica(r.workload, r.id);
    // Host ports belong to a node: a replica that leaves its node gives them up.
    const released = patch.node !== undefined && patch.node !== current.node && patch.ports === undefined;
    return this.replicas.write({ ...current, ...patch, ...(released ? { ports: undefined } : {}) });
  }

  /** A replica the pass knows exists (it was listed, planned or placed from the table). */
  private replica(workload: string, id: number): ReplicaRecord {
    const r = this.replicas.get(workload, id);
    if (!r) throw new Error(`replica ${replicaKey(workload, id)} is not in this pass's table`);
    return r;
  }

  /** A workload the pass knows exists (a planned move or a pending replica of it). */
  private workload(name: string): WorkloadRecord {
    const w = this.workloads.get(name);
    if (!w) throw new Error(`workload ${name} is not in this pass's input`);
    return w;
  }

  private remove(r: ReplicaRecord): void {
    this.replicas.remove(r);
    if (r.id < (this.idFloor.get(r.workload) ?? 0)) this.idFloor.set(r.workload, r.id);
  }

  private add(r: ReplicaRecord): ReplicaRecord {
    return this.replicas.write(r);
  }

  /** The smallest id no row of the workload holds (a retiring row still holds its id). */
  private freeId(workload: string): number {
    let id = this.idFloor.get(workload) ?? 0;
    while (this.replicas.get(workload, id)) id++;
    this.idFloor.set(workload, id);
    return id;
  }

  private newEpoch(): number {
    return this.nextEpoch++;
  }

  /** Lease: a READY node not heard from within the timeout is DOWN. */
  private expireLeases(): void {
    let changed: Map<string, NodeRecord> | undefined;
    for (const n of this.nodeList) {
      const down = leaseExpired(n, this.now, this.input.nodeTimeoutMs, this.input.leasesHoldUntil);
      if (!down) continue;
      (changed ??= new Map()).set(n.name, { ...n, state: down.state });
      this.nodeStates.push({ name: n.name, state: down.state });
      this.events.push(...down.events);
    }
    if (!changed) return;
    const now = changed;
    this.nodeList = this.nodeList.map((n) => now.get(n.name) ?? n);
    this.nodes = byNameMap(this.nodeList);
  }

  /**
   * Replicas of a DOWN node go back to PENDING so the scheduler places them elsewhere at once.
   * Their old containers, if the node comes back, no longer match the replica's epoch and are
   * stopped (fencing). At-most-one workloads wait until the node's agent has stopped them.
   */
  private releaseLostReplicas(): void {
    for (const r of this.looked()) {
      const lost = r.node ? lostReason(r.node, this.nodes.get(r.node), this.now, this.input.nodeTimeoutMs) : undefined;
      if (!r.node || !lost) continue;
      if (r.desired === 'stop' || r.replaces !== null) {
        if (r.replaces !== null) {
          this.events.push({
            type: 'replica.move-aborted',
            node: r.node,
            workload: r.workload,
            replica: r.id,
            message: lost,
          });
          // As after any failed move, the replica it was to replace is not moved again at once.
          const old = this.replicas.get(r.workload, r.replaces);
          if (old) this.update(old, { replaceFailedAt: this.now });
        }
        this.remove(r);
        continue;
      }
      const w = this.workloads.get(r.workload);
      const node = this.nodes.get(r.node);
      if (w?.spec.disconnect === 'stop' && node && notReady(node)) {
        // Its agent is on the line: driveContainers sends the stop, and the ack (or the fence,
        // after which the agent kills it on its own) says it no longer runs.
        const fence = this.input.singletonFenceMs ?? this.input.nodeTimeoutMs;
        if (
          this.now < singletonSafeAt(node, fence, this.input.fenceMarginMs) &&
          copyMayRun(this.containers, r, r.node)
        ) {
          const reason = `waiting until its copy on ${r.node} is killed (engine does not answer; at-most-one)`;
          if (r.reason !== reason) this.update(r, { reason, waitingForRoom: false });
          continue;
        }
      } else if (w?.spec.disconnect === 'stop' && node) {
        // Its agent stops it only once the singleton fence has run out since it was last heard.
        const safeAt = node.lastSeen + this.singletonGraceMs;
        if (this.now < safeAt) {
          const reason = `waiting until node ${r.node} has surely stopped it (at-most-one)`;
          if (r.reason !== reason) this.update(r, { reason, waitingForRoom: false });
          continue;
        }
      }
      this.events.push({
        type: 'replica.lost',
        node: r.node,
        workload: r.workload,
        replica: r.id,
        epoch: r.epoch,
        message: lost,
      });
      this.update(r, { node: null, reason: lost, waitingForRoom: false });
    }
  }

  /** Creates or retires replica slots so each workload has exactly spec.replicas running. */
  private matchReplicaCounts(): void {
    for (const name of this.lookedAt) {
      if (!this.workloads.has(name))
        for (const r of [...(this.replicas.of(name)?.values() ?? [])])
          if (r.desired === 'run') this.update(r, { desired: 'stop' });
    }
    for (const name of this.lookedAt) {
      const w = this.workloads.get(name);
      if (!w) continue;
      const all = [...(this.replicas.of(w.name)?.values() ?? [])];
      // The new copy of a moving replica does not count until the move completes.
      const running = all.filter((r) => {
        const stage = replicaStage(r);
        return stage === 'placed' || stage === 'pending';
      });
      const want = w.spec.replicas;
      if (running.length < want) {
        for (let n = running.length; n < want; n++)
          this.add(newReplica(w, this.freeId(w.name), { reason: 'not yet scheduled' }));
      } else if (running.length > want) {
        // Retire unplaced replicas first, then the highest ids, like a StatefulSet scales down.
        const victims = [...running]
          .sort((a, b) => (a.node === null ? 0 : 1) - (b.node === null ? 0 : 1) || b.id - a.id)
          .slice(0, running.length - want);
        for (const r of victims) {
          if (r.node === null) this.remove(r);
          else this.update(r, { desired: 'stop' });
        }
      }
    }
  }

  /**
   * Start-before-stop: once the new copy of a moving replica is ready (running, and passing its
   * check if it has one), the old one is retired; a copy that does not come up in time is given up
   * and the old one keeps running. For a rollout copy "in time" is update.progressDeadline, and
   * giving up fails the rollout (and rolls it back with autoRollback).
   */
  private progressMoves(): void {
    for (const s of this.looked()) {
      if (s.replaces === null || replicaStage(s) !== 'moving') continue;
      const old = this.replicas.get(s.workload, s.replaces);
      const rollout = !!old && s.generation !== old.generation;
      const w = this.workloads.get(s.workload);
      const deadline = rollout && w ? progressDeadlineMs(w) : MOVE_TIMEOUT_MS;
      if (!old || old.desired === 'stop') {
        this.update(s, { replaces: null });
      } else if (this.ready.has(replicaKey(s.workload, s.id))) {
        this.update(old, { desired: 'stop' });
        this.update(s, { replaces: null });
        this.events.push({
          type: rollout ? 'replica.updated' : 'replica.moved',
          node: nodeOf(s),
          workload: s.workload,
          replica: s.id,
          epoch: s.epoch,
          message: `replaces replica ${old.id} on ${old.node}`,
        });
      } else if (rollout && w && s.generation !== w.generation) {
        // A newer spec was applied meanwhile: this copy would only be replaced again.
        this.update(s, { desired: 'stop', replaces: null });
        this.events.push({
          type: 'replica.move-aborted',
          node: nodeOf(s),
          workload: s.workload,
          replica: s.id,
          message: `generation ${s.generation} was superseded by ${w.generation}`,
        });
      } else if (this.now - s.moveStartedAt > deadline || (!rollout && s.failures >= 3)) {
        this.update(s, { desired: 'stop', replaces: null });
        // The old copy keeps running; a rollout tries it again only after a pause.
        this.update(old, { replaceFailedAt: this.now });
        this.events.push({
          type: 'replica.move-aborted',
          node: nodeOf(s),
          workload: s.workload,
          replica: s.id,
          message: rollout ? 'new copy not ready by the progress deadline' : 'new copy did not start',
        });
        if (rollout && w) this.rollouts.fail(w);
      }
    }
  }

  /** Starts the voluntary moves the rebalancer plans, each as a new copy on the target node. */
  private startMoves(): void {
    const maxMoves = this.input.maxMoves ?? 0;
    if (maxMoves <= 0) return;
    this.rebalancer = 'moved';
    const view = this.passView();
    const planned = planMoves({
      nodes: [...this.nodeList],
      workloads: [...this.workloads.values()],
      replicas: [],
      running: new Set(),
      view,
      maxMoves,
      reasons: this.input.moveReasons,
      unsettled: { has: (name) => !view.takesMoves(name) },
    });
    // A node that settles later can take a move: only with none unsettled is nothing final.
    if (planned.length === 0 && view.everyNodeSettled()) this.rebalancer = 'settled';
    for (const m of planned) {
      const w = this.workload(m.workload);
      if (w.spec.disconnect === 'stop') {
        // Never two copies, not even for a moment: the replica itself is re-placed, its old
        // container is fenced and stopped, and the new one starts once that one is gone. That
        // needs the old host's agent on the line to hear the stop.
        if (!this.input.connected.has(m.from)) continue;
        const r = this.replica(m.workload, m.replica);
        const epoch = this.newEpoch();
        this.update(r, {
          node: m.to,
          epoch,
          ...FRESH_RUN,
        });
        this.events.push({
          type: 'replica.moving',
          node: m.to,
          workload: m.workload,
          replica: r.id,
          epoch,
          message: `${m.reason}: from ${m.from}, stopped there first (at-most-one)`,
        });
        this.moves.push(m);
        continue;
      }
      const copy = this.startCopy(
        w,
        m.replica,
        m.to,
        'replica.moving',
        `${m.reason}: replaces replica ${m.replica} on ${m.from}`,
      );
      if (this.input.connected.has(m.to)) this.start(copy, w);
      this.moves.push(m);
    }
  }

  /** The scheduler's make-room moves, each a new copy on the target (start-before-stop). */
  private startRoomMoves(moves: Move[], residents: ReadonlyMap<string, ReplicaRecord>): void {
    for (const m of moves) {
      const r = residents.get(m.id);
      if (!r) throw new Error(`make-room move of ${m.id}: not a movable resident`);
      const w = this.workload(r.workload);
      // Started below with everything else placed and not yet running.
      this.startCopy(w, r.id, m.to, 'replica.moving', `make-room: replaces replica ${r.id} on ${m.from}`);
      this.moves.push({ workload: r.workload, replica: r.id, from: m.from, to: m.to, reason: 'make-room' });
    }
  }

  /**
   * Start-before-stop, for moves (the rebalancer's and make-room's) and rollouts alike: a new copy
   * of the replica on `node`, with a free id and a new epoch, announced by `type`. The copy is
   * started with everything else placed (or at once by the caller); once it runs, progressMoves
   * retires the replica it replaces.
   */
  private startCopy(
    w: WorkloadRecord,
    replaces: number,
    node: string,
    type: 'replica.moving' | 'replica.updating',
    message: string,
  ): ReplicaRecord {
    const copy = this.add(
      newCopy(w, { id: this.freeId(w.name), node, epoch: this.newEpoch(), replaces, now: this.now }),
    );
    this.events.push({ type, node, workload: w.name, replica: copy.id, epoch: copy.epoch, message });
    return copy;
  }

  private placePending(): void {
    const pending = this.looked().filter(
      (r) => r.desired === 'run' && r.node === null && this.workloads.has(r.workload),
    );
    if (pending.length === 0) return;
    pending.sort((a, b) => (a.workload < b.workload ? -1 : a.workload > b.workload ? 1 : a.id - b.id));
    const nodes = this.schedNodes();
    const requests = pending.map((r) => schedRequest(r, this.workload(r.workload)));
    const atStart = this.input.index ? undefined : new ReplicaTable(this.input.replicas);
    const mode =
      arrivals(pending, (w, id) => (atStart ? atStart.get(w, id) : this.input.index?.replicas.get(w)?.get(id))) <= 1
        ? 'online'
        : 'batch';
    // Only new replicas make room: replacements for a lost host go wherever there is room now,
    // so a failover never moves what still runs.
    const makeRoom = mode === 'online' && !!this.input.makeRoom && pending.every((r) => r.epoch === 0);
    // The scheduler makes room only where a request would open a host or find no room: what may
    // move is listed node by node as it looks. The new replicas go anywhere live; what moves to
    // make room for them goes only to settled nodes.
    const room = makeRoom
      ? new RoomResidents(this.now, this.workloads, this.replicas, this.loadNow(), this.passView())
      : undefined;
    const plan = schedule(nodes, requests, {
      mode,
      makeRoom,
      residents: room,
      groupCounts: (g) => this.loadNow().wanted(g),
    });
    const residents = room?.byId ?? new Map<string, ReplicaRecord>();
    const moves = residentMoves(plan.moves, residents);
    this.startRoomMoves(moves, residents);
    const makingRoom = new Map<string, string>();
    for (const m of moves)
      makingRoom.set(
        m.from,
        `${makingRoom.has(m.from) ? `${makingRoom.get(m.from)}, ` : ''}replica ${m.id} moves to ${m.to}`,
      );
    const byKey = new Map(pending.map((r) => [replicaKey(r.workload, r.id), r]));
    for (const p of plan.placements) {
      const r = byKey.get(p.id);
      if (!r) throw new Error(`placement of ${p.id}: not a pending replica`);
      const epoch = this.newEpoch();
      const waiting = makingRoom.get(p.node);
      const reason = waiting ? WAITING_FOR_ROOM + waiting : '';
      this.update(r, {
        node: p.node,
        epoch,
        reason,
        waitingForRoom: !!waiting,
        ...FRESH_RUN,
      });
      this.events.push({
        type: 'replica.scheduled',
        node: p.node,
        workload: r.workload,
        replica: r.id,
        epoch,
        message: reason || undefined,
      });
    }
    for (const u of plan.unplaced) {
      const r = byKey.get(u.id);
      if (!r) throw new Error(`unplaced ${u.id}: not a pending replica`);
      if (r.reason === u.reason) continue;
      this.update(r, { reason: u.reason, waitingForRoom: false });
      this.events.push({ type: 'replica.pending', workload: r.workload, replica: r.id, message: u.reason });
    }
  }

  /** Fencing and level-triggered commands for every node whose agent is connected. */
  private driveContainers(): void {
    // Live nodes with a connected agent: one lookup per container and replica instead of two.
    const drivable = this.drivable;
    const draining = this.draining;
    this.fenced = fence(this.containers, this.replicas, drivable, {
      staleStopTimeoutMs: this.input.staleStopTimeoutMs,
      draining,
    });
    const { current: legit, others: present, stops } = this.fenced;
    for (const stop of stops) this.stopping.add(stop.workload);
    const drained = holdForDrain(stops, this.replicas, {
      now: this.now,
      delayMs: this.input.drainDelayMs ?? 0,
      publishes: (w) => (this.workloads.get(w)?.spec.ports ?? []).some((p) => p.publish > 0),
      meshSyncedAt: this.input.meshSyncedAt,
      meshAckTimeoutMs: this.input.meshAckTimeoutMs ?? 5000,
    });
    for (const r of drained.started) this.update(r, { drainStartedAt: this.now });
    // A loop, not push(...stops): a mass stop can exceed the engine's limit on call arguments.
    for (const stop of drained.stops) this.commands.push(stop);
    // Retired replicas whose containers are gone are forgotten first, so that a replica waiting
    // for the room they held sees it free in this same pass.
    const toDrive: ReplicaRecord[] = [];
    for (const name of this.lookedAt) {
      for (const r of [...(this.replicas.of(name)?.values() ?? [])]) {
        if (!r.node || !drivable.has(r.node)) continue;
        if (r.desired !== 'stop') {
          toDrive.push(r);
          continue;
        }
        const left = (present.get(replicaKey(r.workload, r.id)) ?? []).some((c) => c.node === r.node);
        if (!left) {
          this.remove(r);
          this.events.push({
            type: 'replica.stopped',
            node: r.node,
            workload: r.workload,
            replica: r.id,
            epoch: r.epoch,
          });
        }
      }
    }
    for (const r of toDrive) {
      const w = this.workloads.get(r.workload);
      if (!w) continue;
      if (notReady(this.nodes.get(nodeOf(r)))) {
        this.stopBeforeReplacing(r, w, legit.get(r.workload)?.get(r.id));
        continue;
      }
      if (w.spec.disconnect === 'stop' && !legit.get(r.workload)?.has(r.id)) {
        this.copies ??= new Copies(this.containers);
        if (this.copies.otherMayRun(r, this.nodes, this.now, this.singletonGraceMs)) continue;
      }
      this.driveReplica(r, w, legit.get(r.workload)?.get(r.id));
    }
  }

  /**
   * A replica on a node whose engine does not answer is neither started nor restarted there. An
   * at-most-one one about to be re-placed (the condition has lasted the node timeout) first has
   * its container stopped: the agent kills it through its cgroup, and the ack lets it move.
   */
  private stopBeforeReplacing(r: ReplicaRecord, w: WorkloadRecord, c: ContainerRecord | undefined): void {
    const node = nodeOf(r);
    if (w.spec.disconnect !== 'stop' || !c || (c.state !== 'running' && c.state !== 'created')) return;
    const lost = lostReason(node, this.nodes.get(node), this.now, this.input.nodeTimeoutMs);
    if (!lost) return;
    this.commands.push({
      kind: 'stop',
      node,
      containerId: c.containerId,
      workload: r.workload,
      replica: r.id,
      epoch: c.epoch,
      reason: `${lost}: stopped before it is re-placed (at-most-one)`,
    });
  }

  private driveReplica(r: ReplicaRecord, w: WorkloadRecord, c: ContainerRecord | undefined): void {
    if (!c && r.waitingForRoom && !this.roomIsThere(r)) return;
    if (!c || c.state === 'created') {
      if (r.failures > 0 && this.now < r.failedAt + failureBackoffMs(r.failures)) return;
      this.start(r, w);
      return;
    }
    if (!isExited(c) || !wantsRestart(w.spec, c)) return;
    if (c.finishedAt !== r.handledExitAt) {
      const restarts = c.finishedAt - c.startedAt >= HEALTHY_RUN_MS ? 0 : r.restarts;
      const dueAt = c.changedAt + restartBackoffMs(restarts);
      if (this.now < dueAt) {
        // Written once per exit, not once per pass: the wait it names is the whole backoff.
        const said = `${CRASH_LOOP}${restarts} restart`;
        if (!r.reason.startsWith(said)) this.update(r, { reason: crashLoopReason(restarts, dueAt - this.now) });
        return;
      }
      const next = this.update(r, { restarts: restarts + 1, handledExitAt: c.finishedAt, lastStartAt: this.now });
      this.events.push({
        type: 'replica.restarted',
        node: nodeOf(r),
        workload: r.workload,
        replica: r.id,
        epoch: r.epoch,
        message: `exit code ${c.exitCode}, restart ${restarts + 1}`,
      });
      this.start(next, w);
    } else if (this.now - r.lastStartAt > RESTART_RESEND_MS) {
      this.update(r, { lastStartAt: this.now });
      this.start(r, w);
    }
  }

  /**
   * A replica placed where room is being made starts once everything assigned to its node fits;
   * while something there is still being stopped or moved it waits, and if that ended without
   * freeing the room (a move given up) it goes back to PENDING, to be placed anew.
   */
  private roomIsThere(r: ReplicaRecord): boolean {
    this.room ??= new NodeRoom(this.nodes, this.loadNow());
    const node = nodeOf(r);
    if (this.room.fits(node)) {
      this.update(r, { reason: '', waitingForRoom: false });
      return true;
    }
    if (!this.room.isFreeing(node)) {
      const reason = `room on ${node} did not free up`;
      this.update(r, { node: null, reason, waitingForRoom: false });
      this.events.push({
        type: 'replica.pending',
        node,
        workload: r.workload,
        replica: r.id,
        message: reason,
      });
    }
    return false;
  }

  /**
   * Gives the replica numbers for its ports on its node, unless those it holds still answer its
   * spec (a restart keeps its ports). Undefined when they cannot be given there: it waits.
   */
  private ensurePorts(r: ReplicaRecord, w: WorkloadRecord): ReplicaRecord | undefined {
    const spec = w.spec.ports ?? [];
    if (portsMatch(spec, r.ports)) return r;
    if (spec.length === 0) return this.update(r, { ports: undefined });
    const node = nodeOf(r);
    this.portsTaken ??= new Map();
    let counts = this.portsTaken.get(node);
    if (!counts) this.portsTaken.set(node, (counts = this.loadNow().portCounts(node)));
    // What it held is being replaced together with its container.
    const own = heldPorts(r, w).fixed;
    for (const p of own) counts.set(p, (counts.get(p) ?? 1) - 1);
    const taken = new Set<number>();
    for (const [p, n] of counts) if (n > 0) taken.add(p);
    const given = allocatePorts(spec, dynamicRange(this.nodes.get(node) ?? {}), taken, r.ports);
    if ('refused' in given) {
      for (const p of own) counts.set(p, (counts.get(p) ?? 0) + 1);
      const reason = `waiting for ports on ${node}: ${given.refused}`;
      if (r.reason !== reason) this.update(r, { reason });
      return undefined;
    }
    for (const p of given.ports) counts.set(p.hostPort, (counts.get(p.hostPort) ?? 0) + 1);
    return this.update(r, { ports: given.ports });
  }

  private start(given: ReplicaRecord, w: WorkloadRecord): void {
    const r = this.ensurePorts(given, w);
    if (!r) return;
    this.commands.push({
      kind: 'start',
      node: nodeOf(r),
      workload: r.workload,
      replica: r.id,
      epoch: r.epoch,
      generation: r.generation,
      attempt: r.restarts,
      spec: w.spec,
      resources: w.spec.resources,
      ports: r.ports ?? [],
    });
  }
}
