// Original file: ../proto/coxswain/v1/coxswain.proto


/**
 * A host port a replica was given.
 */
export interface AllocatedPort {
  'name'?: (string);
  'hostPort'?: (number);
  'containerPort'?: (number);
}

/**
 * A host port a replica was given.
 */
export interface AllocatedPort__Output {
  'name': (string);
  'hostPort': (number);
  'containerPort': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.AllocatedPort'
}
