// Original file: ../proto/coxswain/v1/coxswain.proto


/**
 * A TCP connect from the host.
 */
export interface TcpCheck {
  'port'?: (string);
}

/**
 * A TCP connect from the host.
 */
export interface TcpCheck__Output {
  'port': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.TcpCheck'
}
