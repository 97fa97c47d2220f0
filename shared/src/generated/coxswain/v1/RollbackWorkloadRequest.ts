// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Long } from '@grpc/proto-loader';

export interface RollbackWorkloadRequest {
  'name'?: (string);
  /**
   * 0: the generation before the current one.
   */
  'toGeneration'?: (number | string | Long);
}

export interface RollbackWorkloadRequest__Output {
  'name': (string);
  /**
   * 0: the generation before the current one.
   */
  'toGeneration': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.RollbackWorkloadRequest'
}
