// Original file: ../proto/coxswain/v1/coxswain.proto


export interface UpdatePolicy {
  /**
   * At most this many extra replicas during a rollout (default 1).
   */
  'maxSurge'?: (number);
  /**
   * At most this many ready replicas missing during a rollout (default 1); not both 0.
   */
  'maxUnavailable'?: (number);
  /**
   * A new replica counts once it has been ready this long (default "0s").
   */
  'minReady'?: (string);
  /**
   * A rollout in which no replica became ready for this long has failed (default "10m").
   */
  'progressDeadline'?: (string);
  /**
   * On failure, roll the previous generation's spec out again.
   */
  'autoRollback'?: (boolean);
  /**
   * No further rollout steps while set (not a new generation).
   */
  'paused'?: (boolean);
  '_maxSurge'?: "maxSurge";
  '_maxUnavailable'?: "maxUnavailable";
}

export interface UpdatePolicy__Output {
  /**
   * At most this many extra replicas during a rollout (default 1).
   */
  'maxSurge'?: (number);
  /**
   * At most this many ready replicas missing during a rollout (default 1); not both 0.
   */
  'maxUnavailable'?: (number);
  /**
   * A new replica counts once it has been ready this long (default "0s").
   */
  'minReady': (string);
  /**
   * A rollout in which no replica became ready for this long has failed (default "10m").
   */
  'progressDeadline': (string);
  /**
   * On failure, roll the previous generation's spec out again.
   */
  'autoRollback': (boolean);
  /**
   * No further rollout steps while set (not a new generation).
   */
  'paused': (boolean);
  '_maxSurge'?: "maxSurge";
  '_maxUnavailable'?: "maxUnavailable";
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.UpdatePolicy'
}
