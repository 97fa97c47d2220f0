// Every kind of cluster event. The store keeps the type as text and the API sends it as a
// string; inside the control plane only these are written, so a typo fails the build.

/** Node lifecycle: registration, lease, removal, the operator's flags, the engine's health and the published ports its mesh cannot bind. */
export type NodeEventType =
  | 'node.registered'
  | 'node.up'
  | 'node.down'
  | 'node.removed'
  | 'node.draining'
  | 'node.cordoned'
  | 'node.uncordoned'
  | 'node.engine-down'
  | 'node.engine-up'
  | 'node.port-unavailable'
  | 'node.port-available';

export type WorkloadEventType = 'workload.created' | 'workload.updated' | 'workload.deleted';

/** Replica lifecycle: placement, its containers as reported, moves and rollouts, retirement. */
export type ReplicaEventType =
  | 'replica.scheduled'
  | 'replica.pending'
  | 'replica.started'
  | 'replica.exited'
  | 'replica.ready'
  | 'replica.unhealthy'
  | 'replica.restarted'
  | 'replica.failed'
  | 'replica.lost'
  | 'replica.moving'
  | 'replica.moved'
  | 'replica.updating'
  | 'replica.updated'
  | 'replica.move-aborted'
  | 'replica.stopped';

/** A rollout that cannot take a step, or that failed (no replica became ready by its deadline). */
export type RolloutEventType = 'rollout.stalled' | 'rollout.failed';

export type EventType = NodeEventType | WorkloadEventType | ReplicaEventType | RolloutEventType;
