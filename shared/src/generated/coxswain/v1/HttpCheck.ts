// Original file: ../proto/coxswain/v1/coxswain.proto


/**
 * GET from the host; a 2xx or 3xx answer is healthy.
 */
export interface HttpCheck {
  /**
   * The name of one of the workload's ports.
   */
  'port'?: (string);
  /**
   * Default "/".
   */
  'path'?: (string);
}

/**
 * GET from the host; a 2xx or 3xx answer is healthy.
 */
export interface HttpCheck__Output {
  /**
   * The name of one of the workload's ports.
   */
  'port': (string);
  /**
   * Default "/".
   */
  'path': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.HttpCheck'
}
