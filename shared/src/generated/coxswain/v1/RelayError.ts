// Original file: ../proto/coxswain/v1/coxswain.proto


export interface RelayError {
  /**
   * A gRPC status code (NOT_FOUND, PERMISSION_DENIED, RESOURCE_EXHAUSTED, ...).
   */
  'code'?: (number);
  'message'?: (string);
}

export interface RelayError__Output {
  /**
   * A gRPC status code (NOT_FOUND, PERMISSION_DENIED, RESOURCE_EXHAUSTED, ...).
   */
  'code': (number);
  'message': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.RelayError'
}
