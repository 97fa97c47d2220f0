// Original file: ../proto/coxswain/v1/coxswain.proto


/**
 * A command inside the container; exit code 0 is healthy.
 */
export interface ExecCheck {
  'command'?: (string)[];
}

/**
 * A command inside the container; exit code 0 is healthy.
 */
export interface ExecCheck__Output {
  'command': (string)[];
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.ExecCheck'
}
