// The phase of a replica: the one place that reads a replica's desired and observed state and
// says where it is in its life. The API's state, the metrics' phase and "settled" (what the
// rebalancer and make-room may move) are all views of it.
import type { ContainerRecord, ReplicaRecord, WorkloadRecord } from '../model';
import { replicaKey } from './placement';

/**
 * What the control plane is doing with the slot: retiring it (desired stop, its container still
 * to be stopped), waiting to place it (no node), starting a new copy that does not count yet
 * (the copy of a move or a rollout, which has a node from the start), or keeping it placed.
 */
export type ReplicaStage = 'retiring' | 'pending' | 'moving' | 'placed';

/** The stage of a replica, from its desired state alone. */
export function replicaStage(r: ReplicaRecord): ReplicaStage {
  if (r.desired === 'stop') return 'retiring';
  if (r.replaces !== null) return 'moving';
  return r.node !== null ? 'placed' : 'pending';
}

/**
 * What a placed replica's current container does: starting (none yet, or created), running,
 * exited (to be restarted), completed (exited for good under its restart policy), or failed
 * (the last start failed and no container is there to say more).
 */
export type RunState = 'starting' | 'running' | 'exited' | 'completed' | 'failed';

export type ReplicaPhase =
  | { stage: 'retiring' }
  | { stage: 'pending'; reason: string }
  | { stage: 'moving' | 'placed'; node: string; run: RunState; reason: string };

/** How the reason of a replica waiting out its restart backoff starts. */
export const CRASH_LOOP = 'crash loop: ';

/** The reason of a replica that exited again soon after its last restart and waits to be restarted. */
export function crashLoopReason(restarts: number, waitMs: number): string {
  return `${CRASH_LOOP}${restarts} restart${restarts === 1 ? '' : 's'}, next in ${Math.ceil(waitMs / 1000)}s`;
}

/**
 * The phase of a replica, given its current container if any (see isCurrentContainer). A copy
 * has a node from the moment it exists: a node-less slot is pending whatever else it is.
 */
export function replicaPhase(r: ReplicaRecord, w: WorkloadRecord, c: ContainerRecord | undefined): ReplicaPhase {
  const stage = replicaStage(r);
  if (stage === 'retiring') return { stage };
  if (r.node === null) return { stage: 'pending', reason: r.reason };
  const placed = { stage, node: r.node };
  if (c?.state === 'running') return { ...placed, run: 'running', reason: '' };
  if (c && (c.state === 'exited' || c.state === 'dead')) {
    const policy = w.spec.restartPolicy || 'always';
    const final = policy === 'never' || (policy === 'on-failure' && c.exitCode === 0);
    const exit = `exit code ${c.exitCode}`;
    // The reconciler says so while it holds a restart back; its reason describes this exit only.
    const looping = !final && c.finishedAt !== r.handledExitAt && r.reason.startsWith(CRASH_LOOP);
    return { ...placed, run: final ? 'completed' : 'exited', reason: looping ? `${r.reason} (${exit})` : exit };
  }
  if (r.failures > 0) return { ...placed, run: 'failed', reason: r.failReason };
  return { ...placed, run: 'starting', reason: r.reason };
}

/**
 * Settled: placed (not moving, not retiring) with its current container running. `running`
 * holds the keys of replicas whose current container runs (see runningReplicas): the phase's
 * run state without the per-replica container lookup, which passes over every replica afford
 * only once.
 */
export function isSettled(r: ReplicaRecord, running: ReadonlySet<string>): boolean {
  return replicaStage(r) === 'placed' && running.has(replicaKey(r.workload, r.id));
}

/** Workloads with some replica not settled, or failing the caller's own test. */
export function unsettledWorkloads(
  replicas: Iterable<ReplicaRecord>,
  running: ReadonlySet<string>,
  alsoSettled: (r: ReplicaRecord) => boolean = () => true,
): Set<string> {
  const out = new Set<string>();
  for (const r of replicas) if (!isSettled(r, running) || !alsoSettled(r)) out.add(r.workload);
  return out;
}
