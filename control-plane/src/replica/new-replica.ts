// How replica rows come to be: a new slot of a workload, and a new copy of an existing replica.
import type { ReplicaRecord, WorkloadRecord } from '../model';

/**
 * What a new placement of a replica starts from: no restarts and no failures. Its record of an
 * earlier run belongs to the container it had before.
 */
export const FRESH_RUN = {
  restarts: 0,
  handledExitAt: 0,
  lastStartAt: 0,
  failures: 0,
  failedAt: 0,
  failReason: '',
} as const satisfies Partial<ReplicaRecord>;

/** A new replica slot of the workload's current generation. */
export function newReplica(w: WorkloadRecord, id: number, patch: Partial<ReplicaRecord>): ReplicaRecord {
  return {
    workload: w.name,
    id,
    node: null,
    epoch: 0,
    generation: w.generation,
    desired: 'run',
    reason: '',
    ...FRESH_RUN,
    waitingForRoom: false,
    replaces: null,
    moveStartedAt: 0,
    replaceFailedAt: 0,
    drainStartedAt: 0,
    ...patch,
  };
}

/**
 * When this replica was last part of a move: its own move as a copy started, or a copy meant to
 * replace it was given up. Moves and rollouts leave such a replica alone for a while.
 */
export function lastMoveAt(r: ReplicaRecord): number {
  return Math.max(r.moveStartedAt, r.replaceFailedAt);
}

/** Where and when a new copy of a replica starts. */
export interface CopyPlacement {
  /** The id the copy takes (a free one of the workload). */
  id: number;
  node: string;
  epoch: number;
  /** The id of the replica it replaces once it runs. */
  replaces: number;
  now: number;
}

/**
 * The new copy of a replica that is moved or rolled start-before-stop: a slot of its own, of
 * the workload's current generation, that does not count toward the workload until it runs.
 */
export function newCopy(w: WorkloadRecord, at: CopyPlacement): ReplicaRecord {
  return newReplica(w, at.id, { node: at.node, epoch: at.epoch, replaces: at.replaces, moveStartedAt: at.now });
}
