// Original file: ../proto/coxswain/v1/coxswain.proto


export interface MeshEndpoint {
  'replica'?: (number);
  'node'?: (string);
  /**
   * The node's advertised address and the replica's host port.
   */
  'address'?: (string);
  'port'?: (number);
}

export interface MeshEndpoint__Output {
  'replica': (number);
  'node': (string);
  /**
   * The node's advertised address and the replica's host port.
   */
  'address': (string);
  'port': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.MeshEndpoint'
}
