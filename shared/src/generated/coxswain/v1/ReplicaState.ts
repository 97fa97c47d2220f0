// Original file: ../proto/coxswain/v1/coxswain.proto

export const ReplicaState = {
  REPLICA_STATE_UNSPECIFIED: 'REPLICA_STATE_UNSPECIFIED',
  /**
   * Not placed yet; `reason` says why.
   */
  PENDING: 'PENDING',
  /**
   * Placed on a node; the container is being created or started.
   */
  STARTING: 'STARTING',
  RUNNING: 'RUNNING',
  /**
   * The container exited; it is restarted according to the restart policy.
   */
  EXITED: 'EXITED',
  /**
   * The node could not start it (e.g. the image could not be pulled); retried with backoff.
   */
  FAILED: 'FAILED',
  /**
   * Being stopped (scale down, delete, move).
   */
  STOPPING: 'STOPPING',
  /**
   * Exited and not restarted (restart policy "never", or "on-failure" with exit code 0).
   */
  COMPLETED: 'COMPLETED',
} as const;

export type ReplicaState =
  | 'REPLICA_STATE_UNSPECIFIED'
  | 0
  /**
   * Not placed yet; `reason` says why.
   */
  | 'PENDING'
  | 1
  /**
   * Placed on a node; the container is being created or started.
   */
  | 'STARTING'
  | 2
  | 'RUNNING'
  | 3
  /**
   * The container exited; it is restarted according to the restart policy.
   */
  | 'EXITED'
  | 4
  /**
   * The node could not start it (e.g. the image could not be pulled); retried with backoff.
   */
  | 'FAILED'
  | 5
  /**
   * Being stopped (scale down, delete, move).
   */
  | 'STOPPING'
  | 6
  /**
   * Exited and not restarted (restart policy "never", or "on-failure" with exit code 0).
   */
  | 'COMPLETED'
  | 7

export type ReplicaState__Output = typeof ReplicaState[keyof typeof ReplicaState]
