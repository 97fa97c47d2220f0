// The SQLite store: every write one transaction, then the in-memory mirror and the events.
// Long file: one class behind ClusterStore, whose writes share its transaction, mirror, event
// queue and write guard; the statements, rows, mirror and liveness cache are modules of their own.
import type { ContainerInfo, Logger, NodeUsage, Register } from '@coxswain/shared';
import type {
  ClusterState,
  ConditionChange,
  ContainerRecord,
  EventInput,
  EventRecord,
  GenerationRecord,
  NodeRecord,
  NodeStateName,
  NodeTransition,
  ReplicaRecord,
  StateChanges,
  WorkloadRecord,
  WorkloadWrite,
} from '../model';
import { KEPT_GENERATIONS } from '../model';
import type { ClusterStore, EventBounds, NodeTotals, PassState, StoreChanges } from './cluster-store';
import { DEFAULT_DYNAMIC_PORTS } from '../resources';
import { openDb, type Db } from './db';
import { EventBus } from './event-bus';
import { LivenessCache } from './liveness';
import { prepareStatements, type Statements } from './statements';
import { Mirror } from './mirror';
import { StoreUnavailableError, unwritable, WriteGuard } from './unwritable';
import {
  containerFromRow,
  containerToRow,
  eventFromRow,
  generationFromRow,
  nodeFromRow,
  replicaFromRow,
  replicaToRow,
  workloadFromRow,
} from './rows';

/**
 * The SQLite store: desired state (workloads, replicas), observed state (nodes, containers) and
 * the event log in one file. This class is the SQL adapter; reads come from the mirror, committed
 * events go out through the event bus, heartbeats wait in the liveness cache. Every write is one
 * transaction, and the mirror and subscribers hear of it only after it committed.
 *
 * When the disk is full (or the file system read-only) every write throws StoreUnavailableError
 * and leaves file, mirror and subscribers as they were; reads go on from the mirror and the file,
 * heartbeats from memory, and the next write after space returns simply works.
 */
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class SqliteStore implements ClusterStore {
  /** The open database, for tests and benchmarks that audit the file itself. */
  readonly db: Db;
  private pendingEvents: EventRecord[] = [];
  /** Mirror updates of the open transaction, applied once it commits. */
  private afterCommit: (() => void)[] = [];
  /** Set while a batch runs its writes: each is part of the batch's one transaction. */
  private batching = false;
  private readonly mirror = new Mirror();
  private readonly events = new EventBus();
  private readonly liveness: LivenessCache;
  private readonly stmts: Statements;
  private readonly guard: WriteGuard;

  /** @param opts.log where the start and the end of a write outage are told, once each */
  constructor(file: string, opts: { log?: Logger } = {}) {
    try {
      this.db = openDb(file);
    } catch (err) {
      // Started on a full disk: say why, and let the service manager try again later.
      throw unwritable(err, file) ?? err;
    }
    this.stmts = prepareStatements(this.db);
    this.guard = new WriteGuard(file, () => (this.stmts.totalChanges.get() as { n: number }).n, opts.log);
    this.liveness = new LivenessCache(this.mirror, (nodes) =>
      this.guard.run(() =>
        this.db.transaction(() => {
          for (const n of nodes) this.stmts.nodeUsage.run(n.usageCpuPercent, n.usageMemoryBytes, n.lastSeen, n.name);
        })(),
      ),
    );
    this.fillMirror();
  }

  private fillMirror(): void {
    this.db.transaction(() =>
      this.mirror.load({
        nodes: this.stmts.listNodes.all().map(nodeFromRow),
        workloads: this.stmts.listWorkloads.all().map(workloadFromRow),
        replicas: this.stmts.listReplicas.all().map(replicaFromRow),
        containers: this.stmts.listContainers.all().map(containerFromRow),
        nextEpoch: (this.stmts.getMeta.get('next_epoch') as { value: number }).value,
      }),
    )();
  }

  /** Queues a mirror update for after the commit of the open transaction. */
  private mirrorAfterCommit(fn: () => void): void {
    this.afterCommit.push(fn);
  }

  /** Re-reads a node after a write, keeping the liveness that only memory holds when newer. */
  private refreshNode(name: string): void {
    const r = this.stmts.getNode.get(name);
    if (r) this.mirror.setNode(this.liveness.merge(nodeFromRow(r)));
  }

  /**
   * Writes a node's state inside the caller's transaction and returns the patch for the mirror:
   * a node that becomes READY is READY since now (what a returning host's settle time counts from).
   */
  private setNodeState(
    name: string,
    state: NodeStateName,
    now: number,
  ): Pick<NodeRecord, 'name' | 'state' | 'readySince'> {
    const before = this.mirror.getNode(name);
    const readySince = state === 'READY' && before?.state !== 'READY' ? now : before?.readySince;
    this.stmts.nodeState.run(state, readySince ?? 0, name);
    return { name, state, readySince };
  }

  private patchNode(name: string, patch: Partial<NodeRecord>): void {
    const n = this.mirror.getNode(name);
    if (n) this.mirror.setNode({ ...n, ...patch });
  }

  close(): void {
    try {
      this.flushLiveness();
    } finally {
      this.db.close();
    }
  }

  /** Runs fn in one transaction; events it recorded are published after the commit. */
  batch(writes: readonly (() => void)[]): void {
    this.tx(() => {
      this.batching = true;
      try {
        for (const w of writes) w();
      } finally {
        this.batching = false;
      }
    });
  }

  private tx<T>(fn: () => T): T {
    // Inside a batch: part of its transaction, committed (and shown) with the rest.
    if (this.batching) return fn();
    let result: T;
    try {
      result = this.guard.run(() => this.db.transaction(fn)());
    } catch (err) {
      this.pendingEvents = [];
      this.afterCommit = [];
      throw err;
    }
    const updates = this.afterCommit;
    this.afterCommit = [];
    for (const fn of updates) fn();
    const published = this.pendingEvents;
    this.pendingEvents = [];
    this.events.publish(published);
    return result;
  }

  private recordEvent(e: EventInput, now = Date.now()): void {
    const row = {
      time: now,
      type: e.type,
      node: e.node ?? '',
      workload: e.workload ?? '',
      replica: e.replica ?? -1,
      epoch: e.epoch ?? 0,
      message: e.message ?? '',
    };
    const info = this.stmts.insertEvent.run(row);
    this.pendingEvents.push({ seq: Number(info.lastInsertRowid), ...row });
  }

  // ---- event log ----

  appendEvent(e: EventInput): void {
    this.tx(() => this.recordEvent(e));
  }

  eventsSince(seq: number, limit = 1000): EventRecord[] {
    return this.stmts.eventsSince.all(seq, limit).map(eventFromRow);
  }

  recentEvents(filter: { workload?: string; node?: string }, limit: number): EventRecord[] {
    return this.stmts.recentEvents
      .all({ workload: filter.workload ?? '', node: filter.node ?? '', limit })
      .map(eventFromRow);
  }

  eventBounds(): EventBounds {
    const row = this.stmts.eventBounds.get() as { oldest: number | null; issued: number };
    return { oldestKept: row.oldest ?? row.issued + 1, lastIssued: row.issued };
  }

  trimEvents(keep: number): void {
    this.guard.run(() => this.stmts.trimEvents.run(keep));
  }

  subscribe(listener: (e: EventRecord) => void): () => void {
    return this.events.subscribe(listener);
  }

  // ---- nodes ----

  getNode(name: string): NodeRecord | undefined {
    return this.mirror.getNode(name);
  }

  listNodes(): NodeRecord[] {
    return this.mirror.listNodes().slice();
  }

  /** The upsert makes the node READY, the state the transition decided for every registration. */
  registerNode(reg: Register, address: string, now: number, transition: NodeTransition): void {
    this.tx(() => {
      this.stmts.upsertNode.run({
        name: reg.name,
        address,
        labels: JSON.stringify(reg.labels ?? {}),
        cpu_millis: reg.capacity?.cpuMillis ?? 0,
        memory_bytes: reg.capacity?.memoryBytes ?? 0,
        agent_version: reg.agentVersion ?? '',
        networks: JSON.stringify(reg.networks ?? []),
        advertise_address: reg.advertiseAddress || address,
        // An agent too old to say hands out the default range, as a new one does by default.
        dynamic_port_low: reg.dynamicPortLow || DEFAULT_DYNAMIC_PORTS.low,
        dynamic_port_high: reg.dynamicPortHigh || DEFAULT_DYNAMIC_PORTS.high,
        now,
      });
      if (transition.state !== 'READY') this.setNodeState(reg.name, transition.state, now);
      for (const e of transition.events) this.recordEvent(e, now);
      this.mirrorAfterCommit(() => this.refreshNode(reg.name));
    });
  }

  // ---- liveness ----

  touchNode(name: string, now: number, usage?: NodeUsage): void {
    this.liveness.touch(name, now, usage);
  }

  /** An unwritable disk keeps the liveness in memory for the next flush (the guard logged it). */
  flushLiveness(): void {
    try {
      this.liveness.flush();
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
    }
  }

  /** Through the liveness cache: the leases hold in memory even when the disk cannot take them. */
  refreshLeases(now: number): void {
    for (const n of this.mirror.listNodes()) if (n.state === 'READY') this.liveness.touch(n.name, now);
    this.flushLiveness();
  }

  removeNode(name: string): boolean {
    return this.tx(() => {
      this.stmts.deleteContainersOfNode.run(name);
      const removed = this.stmts.deleteNode.run(name).changes > 0;
      if (removed) this.recordEvent({ type: 'node.removed', node: name });
      this.mirrorAfterCommit(() => {
        this.mirror.setContainersOf(name, []);
        this.mirror.deleteNode(name);
      });
      return removed;
    });
  }

  setNodeFlags(name: string, flags: { cordoned: boolean; draining: boolean }, event: EventInput): void {
    this.tx(() => {
      this.stmts.nodeFlags.run(flags.cordoned ? 1 : 0, flags.draining ? 1 : 0, name);
      this.recordEvent(event);
      this.mirrorAfterCommit(() => this.refreshNode(name));
    });
  }

  setNodeConditions(name: string, change: ConditionChange): void {
    this.tx(() => {
      this.stmts.nodeConditions.run(JSON.stringify(change.conditions), name);
      for (const e of change.events) this.recordEvent(e);
      this.mirrorAfterCommit(() =>
        this.patchNode(name, {
          conditions: change.conditions,
          ...(change.readySince !== undefined ? { readySince: change.readySince } : {}),
        }),
      );
    });
  }

  // ---- workloads ----

  getWorkload(name: string): WorkloadRecord | undefined {
    return this.mirror.getWorkload(name);
  }

  /** The row itself, inside a write's transaction. */
  private readWorkload(name: string): WorkloadRecord | undefined {
    const r = this.stmts.getWorkload.get(name);
    return r ? workloadFromRow(r) : undefined;
  }

  listWorkloads(): WorkloadRecord[] {
    return this.mirror.listWorkloads().slice();
  }

  saveWorkload(write: WorkloadWrite, now: number): WorkloadRecord {
    return this.tx(() => {
      const name = write.spec.name;
      const row = { name, spec: JSON.stringify(write.spec), generation: write.generation, now };
      if (write.created) this.stmts.insertWorkload.run(row);
      else this.stmts.updateWorkload.run(row);
      // A generation's first spec is its history entry; a later scale of it changes nothing there.
      this.stmts.insertGeneration.run({ ...row, cause: write.cause });
      this.stmts.trimGenerations.run(name, write.generation - KEPT_GENERATIONS);
      if (write.adoptGeneration !== undefined) {
        this.stmts.adoptGeneration.run(write.generation, name, write.adoptGeneration);
        this.mirrorAfterCommit(() => this.mirror.setReplicasOf(name, this.readReplicas(name)));
      }
      this.recordEvent(write.event, now);
      const stored = this.readWorkload(name);
      if (!stored) throw new Error(`workload "${name}" missing right after it was written`);
      this.mirrorAfterCommit(() => this.mirror.setWorkload(name, stored));
      return stored;
    });
  }

  /** The workload's kept generations, newest first. */
  listGenerations(name: string): GenerationRecord[] {
    return this.stmts.generationsOf.all(name).map(generationFromRow);
  }

  /** Removes the workload; its replicas stay (desired stop) until their containers are gone. */
  deleteWorkload(name: string): boolean {
    return this.tx(() => {
      const info = this.stmts.deleteWorkload.run(name);
      if (info.changes === 0) return false;
      this.stmts.stopReplicasOf.run(name);
      this.stmts.deleteGenerations.run(name);
      this.recordEvent({ type: 'workload.deleted', workload: name });
      this.mirrorAfterCommit(() => {
        this.mirror.setWorkload(name, undefined);
        this.mirror.setReplicasOf(name, this.readReplicas(name));
      });
      return true;
    });
  }

  // ---- replicas ----

  listReplicas(): ReplicaRecord[] {
    return this.mirror.listReplicas().slice();
  }

  replicasOf(workload: string): ReplicaRecord[] {
    return this.mirror.replicasOf(workload).slice();
  }

  replicasOnNode(node: string): ReplicaRecord[] {
    return this.mirror.replicasOn(node);
  }

  nodeTotals(node: string): Readonly<NodeTotals> {
    return this.mirror.totalsOn(node);
  }

  /** The rows themselves, to bring the mirror up to a write. */
  private readReplicas(workload: string): ReplicaRecord[] {
    return this.stmts.replicasOf.all(workload).map(replicaFromRow);
  }

  recordStartFailure(workload: string, id: number, epoch: number, reason: string, now: number): void {
    this.tx(() => {
      const info = this.stmts.replicaFailure.run(now, reason, workload, id, epoch);
      if (info.changes === 0) return;
      this.recordEvent({ type: 'replica.failed', workload, replica: id, epoch, message: reason }, now);
      this.mirrorAfterCommit(() => this.mirror.setReplicasOf(workload, this.readReplicas(workload)));
    });
  }

  recordStartSuccess(workload: string, id: number, epoch: number): void {
    const info = this.guard.run(() => this.stmts.replicaStarted.run(workload, id, epoch));
    if (info.changes > 0) this.mirror.setReplicasOf(workload, this.readReplicas(workload));
  }

  // ---- observed containers ----

  listContainers(): ContainerRecord[] {
    return this.mirror.listContainers().slice();
  }

  containersOfWorkload(workload: string): ContainerRecord[] {
    return this.mirror.containersOf(workload);
  }

  containersOfNode(node: string): ContainerRecord[] {
    return this.mirror.containersOn(node).slice();
  }

  /**
   * Applies an agent's report. A full report replaces what was known of the node. Returns the
   * containers whose state changed, for events. What the node had comes from the mirror and what
   * it has now is worked out here, so the rows are written and never read back.
   */
  applyReport(
    node: string,
    full: boolean,
    containers: ContainerInfo[],
    removed: string[],
    now: number,
    events?: (changed: ContainerRecord[]) => EventInput[],
  ): ContainerRecord[] {
    return this.tx(() => {
      const before = new Map(this.mirror.containersOn(node).map((c) => [c.containerId, c]));
      const after = full ? new Map<string, ContainerRecord>() : new Map(before);
      if (full) this.stmts.deleteContainersOfNode.run(node);
      for (const id of removed) {
        this.stmts.deleteContainer.run(node, id);
        after.delete(id);
      }
      const changed: ContainerRecord[] = [];
      for (const c of containers) {
        const prev = before.get(c.containerId);
        const same = !!prev && prev.state === c.state && prev.finishedAt === c.finishedAt;
        const record: ContainerRecord = {
          node,
          containerId: c.containerId,
          workload: c.workload,
          replica: c.replica,
          epoch: c.epoch,
          generation: c.generation,
          state: c.state,
          exitCode: c.exitCode,
          startedAt: c.startedAt,
          finishedAt: c.finishedAt,
          // As the upsert keeps it: a report that changes neither state nor finish time is no change.
          changedAt: prev && same ? prev.changedAt : now,
          health: c.health ?? '',
          healthFailures: c.healthFailures ?? 0,
          healthMessage: c.healthMessage ?? '',
        };
        this.stmts.upsertContainer.run(containerToRow(record));
        after.set(c.containerId, record);
        if (!same) changed.push(record);
      }
      for (const e of events?.(changed) ?? []) this.recordEvent(e, now);
      const rows = [...after.values()].sort((a, b) => byId(a.containerId, b.containerId));
      this.mirrorAfterCommit(() => this.mirror.setContainersOf(node, rows));
      return changed;
    });
  }

  // ---- reconciler ----

  /** From the mirror: no database read, and nothing copied but the lists themselves. */
  loadState(): ClusterState {
    return {
      nodes: this.listNodes(),
      workloads: this.listWorkloads(),
      replicas: this.listReplicas(),
      containers: this.listContainers(),
      nextEpoch: this.mirror.nextEpoch,
    };
  }

  passState(scope?: ReadonlySet<string>): PassState {
    const allContainers = () => this.mirror.listContainers();
    let containers: readonly ContainerRecord[];
    if (scope) {
      const list: ContainerRecord[] = [];
      for (const w of scope) for (const c of this.mirror.containersOf(w)) list.push(c);
      containers = list;
    } else containers = allContainers();
    return {
      nodes: this.mirror.listNodes(),
      workloads: this.mirror.listWorkloads(),
      nodesByName: this.mirror.nodesByName,
      workloadsByName: this.mirror.workloadsByName,
      workload: (name) => this.mirror.getWorkload(name),
      replicas: this.mirror.replicaIndex(),
      containers,
      allContainers,
      containersOf: (w) => this.mirror.containersOf(w),
      containersOn: (node) => this.mirror.containersOn(node),
      replicasOn: (node) => this.mirror.replicasOn(node),
      nextEpoch: this.mirror.nextEpoch,
    };
  }

  takeChanges(): StoreChanges {
    return this.mirror.takeChanges();
  }

  revision(): number {
    return this.mirror.revision;
  }

  applyChanges(ch: StateChanges, now = Date.now()): void {
    this.tx(() => {
      const states = (ch.nodeStates ?? []).map((n) => this.setNodeState(n.name, n.state, now));
      for (const r of ch.upsertReplicas ?? []) this.stmts.upsertReplica.run(replicaToRow(r));
      for (const r of ch.deleteReplicas ?? []) this.stmts.deleteReplica.run(r.workload, r.id);
      if (ch.nextEpoch !== undefined) this.stmts.setMeta.run(ch.nextEpoch, 'next_epoch');
      for (const e of ch.events ?? []) this.recordEvent(e, now);
      this.mirrorAfterCommit(() => {
        for (const n of states) this.patchNode(n.name, n);
        for (const r of ch.upsertReplicas ?? []) this.mirror.setReplica(r);
        for (const r of ch.deleteReplicas ?? []) this.mirror.deleteReplica(r.workload, r.id);
        if (ch.nextEpoch !== undefined) this.mirror.nextEpoch = ch.nextEpoch;
      });
    });
  }
}
