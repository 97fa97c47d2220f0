// Original file: ../proto/coxswain/v1/coxswain.proto


/**
 * Ensure the container with this id does not run, and remove it.
 */
export interface StopContainer {
  'commandId'?: (string);
  'containerId'?: (string);
  'reason'?: (string);
}

/**
 * Ensure the container with this id does not run, and remove it.
 */
export interface StopContainer__Output {
  'commandId': (string);
  'containerId': (string);
  'reason': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.StopContainer'
}
