// Original file: ../proto/coxswain/v1/coxswain.proto


export interface ServicePort {
  'workload'?: (string);
  'portName'?: (string);
  'publish'?: (number);
}

export interface ServicePort__Output {
  'workload': (string);
  'portName': (string);
  'publish': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.ServicePort'
}
