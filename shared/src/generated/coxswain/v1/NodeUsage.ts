// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Long } from '@grpc/proto-loader';

export interface NodeUsage {
  'cpuPercent'?: (number | string);
  'memoryUsedBytes'?: (number | string | Long);
}

export interface NodeUsage__Output {
  'cpuPercent': (number);
  'memoryUsedBytes': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.NodeUsage'
}
