// Original file: ../proto/coxswain/v1/coxswain.proto


export interface MeshPortProblem {
  'port'?: (number);
  'message'?: (string);
}

export interface MeshPortProblem__Output {
  'port': (number);
  'message': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.MeshPortProblem'
}
