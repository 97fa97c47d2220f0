// Original file: ../proto/coxswain/v1/coxswain.proto


/**
 * The progress of the rollout to the workload's current generation.
 */
export interface RolloutStatus {
  /**
   * "complete", "progressing", "paused", "stalled" (cannot take a step; `message` says why) or
   * "failed" (no replica became ready within update.progressDeadline).
   */
  'state'?: (string);
  /**
   * Replicas on the current generation, those of them ready, and replicas still on older ones.
   */
  'updated'?: (number);
  'ready'?: (number);
  'old'?: (number);
  'message'?: (string);
}

/**
 * The progress of the rollout to the workload's current generation.
 */
export interface RolloutStatus__Output {
  /**
   * "complete", "progressing", "paused", "stalled" (cannot take a step; `message` says why) or
   * "failed" (no replica became ready within update.progressDeadline).
   */
  'state': (string);
  /**
   * Replicas on the current generation, those of them ready, and replicas still on older ones.
   */
  'updated': (number);
  'ready': (number);
  'old': (number);
  'message': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.RolloutStatus'
}
