import { EventEmitter } from 'node:events';
import type { ContainerInfo, NodeUsage, Register, WorkloadSpec } from '@coxswain/shared';
import type {
  ClusterState,
  ContainerRecord,
  EventInput,
  EventRecord,
  NodeRecord,
  ReplicaRecord,
  StateChanges,
  WorkloadRecord,
} from '../model';
import { openDb, type Db } from './db';
import { prepareStatements, type Statements } from './statements';
import { Mirror } from './mirror';
import { containerFromRow, eventFromRow, nodeFromRow, replicaFromRow, replicaToRow, workloadFromRow } from './rows';

/**
 * The SQLite adapter: desired state (workloads, replicas), observed state (nodes, containers)
 * and the event log. Every write is one transaction; subscribers hear of events only after
 * their transaction committed.
 */
export class Store extends EventEmitter {
  readonly db: Db;
  private pendingEvents: EventRecord[] = [];
  private readonly livenessDirty = new Set<string>();
  /** Mirror updates of the open transaction, applied once it commits. */
  private afterCommit: (() => void)[] = [];
  private readonly mirror = new Mirror();
  private readonly stmts: Statements;

  constructor(file: string) {
    super();
    this.setMaxListeners(0);
    this.db = openDb(file);
    this.stmts = prepareStatements(this.db);
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
    if (!r) return;
    const n = nodeFromRow(r);
    const mem = this.mirror.getNode(name);
    if (mem && mem.lastSeen > n.lastSeen) {
      Object.assign(n, {
        lastSeen: mem.lastSeen,
        usageCpuPercent: mem.usageCpuPercent,
        usageMemoryBytes: mem.usageMemoryBytes,
      });
    }
    this.mirror.setNode(n);
  }

  private patchNode(name: string, patch: Partial<NodeRecord>): void {
    const n = this.mirror.getNode(name);
    if (n) this.mirror.setNode({ ...n, ...patch });
  }

  close(): void {
    this.flushLiveness();
    this.db.close();
  }

  /** Runs fn in one transaction; events it recorded are published after the commit. */
  tx<T>(fn: () => T): T {
    let result: T;
    try {
      result = this.db.transaction(fn)();
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
    for (const e of published) this.emit('event', e);
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

  addEvent(e: EventInput): void {
    this.tx(() => this.recordEvent(e));
  }

  eventsSince(seq: number, limit = 1000): EventRecord[] {
    return this.stmts.eventsSince.all(seq, limit).map(eventFromRow);
  }

  /** Keeps the event log bounded. */
  trimEvents(keep: number): void {
    this.stmts.trimEvents.run(keep);
  }

  // ---- nodes ----

  getNode(name: string): NodeRecord | undefined {
    return this.mirror.getNode(name);
  }

  listNodes(): NodeRecord[] {
    return this.mirror.listNodes().slice();
  }

  /** A (re)registering agent: the node is READY again. Returns its previous record, if any. */
  registerNode(reg: Register, address: string, now: number): NodeRecord | undefined {
    return this.tx(() => {
      const before = this.getNode(reg.name);
      this.stmts.upsertNode.run({
        name: reg.name,
        address,
        labels: JSON.stringify(reg.labels ?? {}),
        cpu_millis: reg.capacity?.cpuMillis ?? 0,
        memory_bytes: reg.capacity?.memoryBytes ?? 0,
        agent_version: reg.agentVersion ?? '',
        now,
      });
      if (!before) this.recordEvent({ type: 'node.registered', node: reg.name, message: `address ${address}` }, now);
      if (!before || before.state !== 'READY') this.recordEvent({ type: 'node.up', node: reg.name }, now);
      this.mirrorAfterCommit(() => this.refreshNode(reg.name));
      return before;
    });
  }

  /**
   * Liveness and usage change with every heartbeat. They live in memory and reach the file in
   * one transaction now and then (flushLiveness), not one fsync per heartbeat: after a restart
   * every READY node gets a full lease anyway (refreshLeases), so nothing depends on them
   * being durable.
   */
  touchNode(name: string, now: number, usage?: NodeUsage): void {
    const patch: Partial<NodeRecord> = usage
      ? { lastSeen: now, usageCpuPercent: usage.cpuPercent, usageMemoryBytes: usage.memoryUsedBytes }
      : { lastSeen: now };
    this.patchNode(name, patch);
    this.livenessDirty.add(name);
  }

  flushLiveness(): void {
    if (this.livenessDirty.size === 0) return;
    const names = [...this.livenessDirty];
    this.livenessDirty.clear();
    this.db.transaction(() => {
      for (const name of names) {
        const n = this.mirror.getNode(name);
        if (n) this.stmts.nodeUsage.run(n.usageCpuPercent, n.usageMemoryBytes, n.lastSeen, name);
      }
    })();
  }

  /** Marks a node READY again when a DOWN node's agent is heard from without re-registering. */
  markNodeUp(name: string): void {
    this.tx(() => {
      this.stmts.nodeState.run('READY', name);
      this.recordEvent({ type: 'node.up', node: name });
      this.mirrorAfterCommit(() => this.refreshNode(name));
    });
  }

  /**
   * After a control-plane restart every READY node gets a full lease to reconnect, so that the
   * time the control plane itself was away never counts against the hosts.
   */
  refreshLeases(now: number): void {
    this.stmts.refreshLeases.run(now);
    for (const n of this.mirror.listNodes()) if (n.state === 'READY') this.patchNode(n.name, { lastSeen: now });
  }

  /** Forgets a node and what it last reported; false when there was no such node. */
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

  setNodeFlags(name: string, cordoned: boolean, draining: boolean): void {
    this.tx(() => {
      this.stmts.nodeFlags.run(cordoned ? 1 : 0, draining ? 1 : 0, name);
      this.recordEvent({
        type: draining ? 'node.draining' : cordoned ? 'node.cordoned' : 'node.uncordoned',
        node: name,
      });
      this.mirrorAfterCommit(() => this.refreshNode(name));
    });
  }

  // ---- workloads ----

  getWorkload(name: string): WorkloadRecord | undefined {
    const r = this.stmts.getWorkload.get(name);
    return r ? workloadFromRow(r) : undefined;
  }

  listWorkloads(): WorkloadRecord[] {
    return this.mirror.listWorkloads().slice();
  }

  /**
   * Stores a spec. The generation grows only when what runs in a container changes; a change of
   * the replica count alone keeps it, so scaling never restarts running replicas.
   */
  applyWorkload(spec: WorkloadSpec, now = Date.now()): { workload: WorkloadRecord; changed: boolean } {
    return this.tx(() => {
      this.mirrorAfterCommit(() => this.mirror.setWorkload(spec.name, this.getWorkload(spec.name)));
      const before = this.getWorkload(spec.name);
      if (!before) {
        this.stmts.insertWorkload.run({ name: spec.name, spec: JSON.stringify(spec), generation: 1, now });
        this.recordEvent({ type: 'workload.created', workload: spec.name, message: `${spec.replicas} replicas` }, now);
        return { workload: this.getWorkload(spec.name)!, changed: true };
      }
      if (JSON.stringify(before.spec) === JSON.stringify(spec)) return { workload: before, changed: false };
      const generation = podTemplateChanged(before.spec, spec) ? before.generation + 1 : before.generation;
      this.stmts.updateWorkload.run({ name: spec.name, spec: JSON.stringify(spec), generation, now });
      this.recordEvent(
        {
          type: 'workload.updated',
          workload: spec.name,
          message: `generation ${generation}, ${spec.replicas} replicas`,
        },
        now,
      );
      return { workload: this.getWorkload(spec.name)!, changed: true };
    });
  }

  /** Removes the workload; its replicas stay (desired stop) until their containers are gone. */
  deleteWorkload(name: string): boolean {
    return this.tx(() => {
      const info = this.stmts.deleteWorkload.run(name);
      if (info.changes === 0) return false;
      this.stmts.stopReplicasOf.run(name);
      this.recordEvent({ type: 'workload.deleted', workload: name });
      this.mirrorAfterCommit(() => {
        this.mirror.setWorkload(name, undefined);
        this.mirror.setReplicasOf(name, this.replicasOf(name));
      });
      return true;
    });
  }

  // ---- replicas ----

  listReplicas(): ReplicaRecord[] {
    return this.mirror.listReplicas().slice();
  }

  replicasOf(workload: string): ReplicaRecord[] {
    return this.stmts.replicasOf.all(workload).map(replicaFromRow);
  }

  recordStartFailure(workload: string, id: number, epoch: number, reason: string, now: number): void {
    this.tx(() => {
      const info = this.stmts.replicaFailure.run(now, reason, workload, id, epoch);
      if (info.changes === 0) return;
      this.recordEvent({ type: 'replica.failed', workload, replica: id, epoch, message: reason }, now);
      this.mirrorAfterCommit(() => this.mirror.setReplicasOf(workload, this.replicasOf(workload)));
    });
  }

  recordStartSuccess(workload: string, id: number, epoch: number): void {
    const info = this.stmts.replicaStarted.run(workload, id, epoch);
    if (info.changes > 0) this.mirror.setReplicasOf(workload, this.replicasOf(workload));
  }

  // ---- observed containers ----

  listContainers(): ContainerRecord[] {
    return this.mirror.listContainers().slice();
  }

  containersOfWorkload(workload: string): ContainerRecord[] {
    return this.mirror.listContainers().filter((c) => c.workload === workload);
  }

  containersOfNode(node: string): ContainerRecord[] {
    return this.stmts.containersOfNode.all(node).map(containerFromRow);
  }

  /**
   * Applies an agent's report. A full report replaces what was known of the node. Returns the
   * containers whose state changed, for events.
   */
  applyReport(
    node: string,
    full: boolean,
    containers: ContainerInfo[],
    removed: string[],
    now: number,
  ): ContainerRecord[] {
    return this.tx(() => {
      this.mirrorAfterCommit(() => this.mirror.setContainersOf(node, this.containersOfNode(node)));
      const before = new Map(this.containersOfNode(node).map((c) => [c.containerId, c]));
      if (full) this.stmts.deleteContainersOfNode.run(node);
      for (const id of removed) this.stmts.deleteContainer.run(node, id);
      const changed: ContainerRecord[] = [];
      for (const c of containers) {
        const prev = before.get(c.containerId);
        this.stmts.upsertContainer.run({
          node,
          container_id: c.containerId,
          workload: c.workload,
          replica: c.replica,
          epoch: c.epoch,
          generation: c.generation,
          state: c.state,
          exit_code: c.exitCode,
          started_at: c.startedAt,
          finished_at: c.finishedAt,
          now: full && prev && prev.state === c.state && prev.finishedAt === c.finishedAt ? prev.changedAt : now,
        });
        if (!prev || prev.state !== c.state || prev.finishedAt !== c.finishedAt) {
          changed.push({ node, ...c, changedAt: now });
        }
      }
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

  applyChanges(ch: StateChanges, now = Date.now()): void {
    this.tx(() => {
      for (const n of ch.nodeStates ?? []) this.stmts.nodeState.run(n.state, n.name);
      for (const r of ch.upsertReplicas ?? []) this.stmts.upsertReplica.run(replicaToRow(r));
      for (const r of ch.deleteReplicas ?? []) this.stmts.deleteReplica.run(r.workload, r.id);
      if (ch.nextEpoch !== undefined) this.stmts.setMeta.run(ch.nextEpoch, 'next_epoch');
      for (const e of ch.events ?? []) this.recordEvent(e, now);
      this.mirrorAfterCommit(() => {
        for (const n of ch.nodeStates ?? []) this.patchNode(n.name, { state: n.state });
        for (const r of ch.upsertReplicas ?? []) this.mirror.setReplica(r);
        for (const r of ch.deleteReplicas ?? []) this.mirror.deleteReplica(r.workload, r.id);
        if (ch.nextEpoch !== undefined) this.mirror.nextEpoch = ch.nextEpoch;
      });
    });
  }
}

/** True when a change of spec needs new containers (anything but the replica count). */
export function podTemplateChanged(a: WorkloadSpec, b: WorkloadSpec): boolean {
  const strip = (s: WorkloadSpec) => JSON.stringify({ ...s, replicas: 0 });
  return strip(a) !== strip(b);
}
