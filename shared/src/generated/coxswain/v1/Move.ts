// Original file: ../proto/coxswain/v1/coxswain.proto


export interface Move {
  'workload'?: (string);
  'replica'?: (number);
  'fromNode'?: (string);
  'toNode'?: (string);
  /**
   * "drain", "spread" or "compact".
   */
  'reason'?: (string);
}

export interface Move__Output {
  'workload': (string);
  'replica': (number);
  'fromNode': (string);
  'toNode': (string);
  /**
   * "drain", "spread" or "compact".
   */
  'reason': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.Move'
}
