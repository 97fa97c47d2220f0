// The rollout policy: which replicas of a workload's older generations to replace in this pass,
// and how, within update.maxSurge (extra replicas) and update.maxUnavailable (ready ones
// missing). Pure: the replicas, a readiness test and a way to place a surge copy in; steps out.
import { parseDuration, type UpdatePolicy } from '@coxswain/shared';
import type { ContainerRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { DEFAULT_UPDATE, ROLLOUT_STALLED as STALLED } from '../model';
import {
  isCurrentContainer,
  replicaKey,
  replicaStage,
  ReplicaTable,
  type ReplicaIndex,
  type SurgePlacement,
} from '../replica';

export type RolloutStep =
  /** A new copy of the replica on `node`; the replica retires once the copy is ready. */
  | { kind: 'surge'; replica: ReplicaRecord; node: string }
  /** The replica itself restarted on the new generation (its container is replaced). */
  | { kind: 'in-place'; replica: ReplicaRecord; why: string };

export interface RolloutPlan {
  steps: RolloutStep[];
  /** Set when old replicas remain and nothing is under way that would let the rollout go on. */
  stalled?: string;
  /**
   * Replicas replaced in place on the new generation and still not ready at the progress
   * deadline: the rollout has failed.
   */
  overdue: ReplicaRecord[];
}

export interface RolloutInput {
  workload: WorkloadRecord;
  /** Every replica row of the workload. */
  replicas: readonly ReplicaRecord[];
  ready: (r: ReplicaRecord) => boolean;
  /** False for a replica a copy of which was given up a moment ago (the rollout leaves it a while). */
  mayReplace: (r: ReplicaRecord) => boolean;
  /** Where a surge copy of the replica would go (booked when it is placed). */
  placeSurge: (r: ReplicaRecord) => SurgePlacement;
  now: number;
}

/** The update policy with its defaults, counts made whole. */
export function updatePolicy(w: WorkloadRecord): Required<UpdatePolicy> {
  const u = { ...DEFAULT_UPDATE, ...(w.spec.update ?? {}) };
  return {
    ...u,
    maxSurge: Math.max(0, u.maxSurge ?? DEFAULT_UPDATE.maxSurge),
    maxUnavailable: Math.max(0, u.maxUnavailable ?? DEFAULT_UPDATE.maxUnavailable),
  };
}

/**
 * The steps of this pass for one workload whose replicas are not all of its generation. A surge
 * copy is preferred wherever one fits, so a cluster with room never loses a ready replica; where
 * none fits the replica is replaced in place, stop-first, while fewer than maxUnavailable ready
 * replicas are missing. An old replica that is not ready is replaced in place at once: that costs
 * nothing. At-most-one workloads never run two copies: always in place, one at a time.
 */
export function planRollout(input: RolloutInput): RolloutPlan {
  const { workload: w } = input;
  const policy = updatePolicy(w);
  const atMostOne = w.spec.disconnect === 'stop';
  const slots = input.replicas.filter((r) => replicaStage(r) === 'placed');
  const copies = input.replicas.filter((r) => replicaStage(r) === 'moving');
  const old = slots.filter((r) => r.generation !== w.generation);
  // Paused, nothing happens, and no time counts against the progress deadline.
  if (old.length === 0 || policy.paused) return { steps: [], overdue: [] };
  // A replica replaced in place carries when that happened until its rollout failed (see below).
  const deadline = progressDeadlineMs(w);
  const overdue = slots.filter(
    (r) =>
      r.generation === w.generation && r.moveStartedAt > 0 && input.now - r.moveStartedAt > deadline && !input.ready(r),
  );
  const want = w.spec.replicas;
  let surgeRoom = want + (atMostOne ? 0 : policy.maxSurge) - slots.length - copies.length;
  let unavailableRoom = slots.filter(input.ready).length - (want - Math.max(atMostOne ? 1 : 0, policy.maxUnavailable));
  const steps: RolloutStep[] = [];
  let noRoom: string | undefined;
  // Replicas already not ready first (replacing them costs nothing), then by id.
  const beingReplaced = new Set(copies.map((c) => c.replaces));
  const order = [...old].sort((a, b) => Number(input.ready(a)) - Number(input.ready(b)) || a.id - b.id);
  for (const r of order) {
    if (!input.mayReplace(r) || beingReplaced.has(r.id)) continue;
    if (!input.ready(r)) {
      steps.push({ kind: 'in-place', replica: r, why: 'not ready' });
      continue;
    }
    if (surgeRoom > 0) {
      const at = input.placeSurge(r);
      if (at.node !== undefined) {
        steps.push({ kind: 'surge', replica: r, node: at.node });
        surgeRoom--;
        continue;
      }
      noRoom = at.reason;
    } else if (policy.maxSurge > 0 && !atMostOne && !noRoom) {
      // A surge copy is under way: wait for it rather than take a ready replica away.
      break;
    }
    if (unavailableRoom <= 0) break;
    steps.push({ kind: 'in-place', replica: r, why: noRoom ? `no room for a surge copy (${noRoom})` : 'stop-first' });
    unavailableRoom--;
  }
  const underWay = copies.length > 0 || slots.some((r) => r.generation === w.generation && !input.ready(r));
  if (steps.length === 0 && !underWay && noRoom !== undefined) {
    const limit = policy.maxUnavailable === 0 ? 'maxUnavailable is 0' : 'too few replicas are ready to stop one';
    return { steps, stalled: `${limit} and no surge copy can be placed: ${noRoom}`, overdue };
  }
  return { steps, overdue };
}

/** The old replicas of a workload: placed, of an earlier generation. */
export function oldReplicas(w: WorkloadRecord, replicas: Iterable<ReplicaRecord>): ReplicaRecord[] {
  return [...replicas].filter((r) => replicaStage(r) === 'placed' && r.generation !== w.generation);
}

/**
 * The old replicas whose reason changes to say the rollout stalled (`stalled`), or back to none
 * when it no longer is: the reason is for people (GetWorkload's rollout shows it); no decision
 * reads it.
 */
export function stallMarks(
  w: WorkloadRecord,
  replicas: Iterable<ReplicaRecord>,
  stalled: string | undefined,
): ReplicaRecord[] {
  const reason = stalled ? STALLED + stalled : '';
  return oldReplicas(w, replicas)
    .filter((r) => r.reason !== reason && (stalled || r.reason.startsWith(STALLED)))
    .map((r) => ({ ...r, reason }));
}

/** Keys of replicas whose current container is ready: running, passing its check if it has one, for minReady. */
export function readyReplicas(
  replicas: Iterable<ReplicaRecord> | ReplicaIndex,
  containers: readonly ContainerRecord[],
  workloads: ReadonlyMap<string, WorkloadRecord>,
  now: number,
): Set<string> {
  const table = new ReplicaTable(replicas);
  const out = new Set<string>();
  for (const c of containers) {
    if (c.state !== 'running') continue;
    const key = replicaKey(c.workload, c.replica);
    const r = table.get(c.workload, c.replica);
    const w = workloads.get(c.workload);
    if (!r || !w || !isCurrentContainer(r, c)) continue;
    if (w.spec.health && c.health !== 'healthy') continue;
    // The container's last reported change (its start, or its check passing) opens minReady.
    const minReady = minReadyMs(w);
    if (minReady > 0 && now - c.changedAt < minReady) continue;
    out.add(key);
  }
  return out;
}

function minReadyMs(w: WorkloadRecord): number {
  const text = w.spec.update?.minReady;
  return text ? parseDuration(text, 'update.minReady') : 0;
}

/** How long a rollout copy may take to become ready before the rollout has failed. */
export function progressDeadlineMs(w: WorkloadRecord): number {
  return parseDuration(updatePolicy(w).progressDeadline || DEFAULT_UPDATE.progressDeadline, 'update.progressDeadline');
}
