// Original file: ../proto/coxswain/v1/coxswain.proto


export interface ListEventsRequest {
  /**
   * Only events of this workload, or of this node, when set.
   */
  'workload'?: (string);
  'node'?: (string);
  /**
   * At most this many (default 50, at most 1000).
   */
  'limit'?: (number);
}

export interface ListEventsRequest__Output {
  /**
   * Only events of this workload, or of this node, when set.
   */
  'workload': (string);
  'node': (string);
  /**
   * At most this many (default 50, at most 1000).
   */
  'limit': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.ListEventsRequest'
}
