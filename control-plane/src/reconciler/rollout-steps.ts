// Carrying out the rollout policy within one reconciler pass: the steps planRollout decides, the
// stalled marks, and a failed rollout (its event, its pause, its rollback with autoRollback).
import type { EventInput, ReplicaRecord, WorkloadRecord } from '../model';
import { ROLLOUT_FAILED } from '../model';
import { FRESH_RUN, lastMoveAt, nodeOf, surgeNode, type ReplicaTable } from '../replica';
import type { SchedNode } from '../scheduler';
import { oldReplicas, planRollout, stallMarks, updatePolicy } from './rollout';
import type { Rollback } from './types';

/** After a new-generation copy was given up, the replica it was to replace waits this long. */
const ROLLOUT_RETRY_MS = 30_000;

/** What the rollout steps need of the pass they run in. */
export interface RolloutPass {
  now: number;
  replicas: ReplicaTable;
  /** The replicas of the workloads this pass looks at. */
  looked(): ReplicaRecord[];
  workloads: ReadonlyMap<string, WorkloadRecord>;
  events: EventInput[];
  isReady(r: ReplicaRecord): boolean;
  update(r: ReplicaRecord, patch: Partial<ReplicaRecord>): ReplicaRecord;
  newEpoch(): number;
  /** Starts a new copy of replica `replaces` on `node` (start-before-stop). */
  startCopy(w: WorkloadRecord, replaces: number, node: string, message: string): void;
  /** The scheduler's view of the live nodes, for surge copies (built once per pass). */
  schedNodes(): SchedNode[];
}

export class RolloutSteps {
  readonly rollbacks: Rollback[] = [];
  /** Workloads whose rollout failed in this pass. */
  private readonly failed = new Set<string>();
  private nodes: SchedNode[] | undefined;

  constructor(private readonly pass: RolloutPass) {}

  /**
   * A changed spec (new generation) rolls over the workload's replicas as the rollout policy says
   * (see rollout.ts): surge copies where they fit, else in place within maxUnavailable.
   */
  roll(): void {
    const { pass } = this;
    const rolling = new Set<string>();
    for (const r of pass.looked()) {
      const w = pass.workloads.get(r.workload);
      if (!w || r.desired !== 'run' || r.generation === w.generation) continue;
      // Unplaced replicas simply take the new spec; the rest roll below.
      if (r.node === null) pass.update(r, { generation: w.generation });
      else rolling.add(w.name);
    }
    for (const name of rolling) {
      const w = pass.workloads.get(name);
      if (w && !this.failed.has(name)) this.rollWorkload(w);
    }
  }

  private rollWorkload(w: WorkloadRecord): void {
    const { pass } = this;
    const plan = planRollout({
      workload: w,
      replicas: [...(pass.replicas.of(w.name)?.values() ?? [])],
      ready: (r) => pass.isReady(r),
      now: pass.now,
      mayReplace: (r) => pass.now - lastMoveAt(r) >= ROLLOUT_RETRY_MS,
      placeSurge: (r) => surgeNode((this.nodes ??= pass.schedNodes()), r, w),
    });
    for (const step of plan.steps) {
      const r = step.replica;
      if (step.kind === 'surge') {
        pass.startCopy(w, r.id, step.node, `generation ${w.generation} replaces replica ${r.id} on ${r.node}`);
        continue;
      }
      const epoch = pass.newEpoch();
      // moveStartedAt: when it was replaced, for the progress deadline.
      pass.update(r, { generation: w.generation, epoch, ...FRESH_RUN, reason: '', moveStartedAt: pass.now });
      pass.events.push({
        type: 'replica.updated',
        node: nodeOf(r),
        workload: r.workload,
        replica: r.id,
        epoch,
        message: `generation ${w.generation}, in place: ${step.why}`,
      });
    }
    const marks = stallMarks(w, pass.replicas.of(w.name)?.values() ?? [], plan.stalled);
    for (const r of marks) pass.update(r, { reason: r.reason });
    if (marks.length > 0 && plan.stalled)
      pass.events.push({
        type: 'rollout.stalled',
        workload: w.name,
        message: `generation ${w.generation}: ${plan.stalled}`,
      });
    if (plan.overdue.length > 0) {
      // Failed once: the replicas stop carrying their start, so the next pass does not fail it again.
      for (const r of plan.overdue) pass.update(r, { moveStartedAt: 0 });
      this.fail(w);
    }
  }

  /** No replica of the generation became ready within progressDeadline: failed, once per pass. */
  fail(w: WorkloadRecord): void {
    const { pass } = this;
    if (this.failed.has(w.name)) return;
    this.failed.add(w.name);
    const message = `generation ${w.generation}: no replica became ready within ${updatePolicy(w).progressDeadline}`;
    // Every old replica waits before the rollout tries again (or is rolled back before that).
    for (const r of oldReplicas(w, pass.replicas.of(w.name)?.values() ?? []))
      pass.update(r, { reason: ROLLOUT_FAILED + message, replaceFailedAt: pass.now });
    pass.events.push({ type: 'rollout.failed', workload: w.name, message });
    if (updatePolicy(w).autoRollback)
      this.rollbacks.push({ workload: w.name, generation: w.generation, cause: `automatic rollback: ${message}` });
  }
}
