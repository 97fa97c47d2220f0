// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Long } from '@grpc/proto-loader';

/**
 * CPU in millicores (1000 = one core) and memory in bytes.
 */
export interface Resources {
  'cpuMillis'?: (number);
  'memoryBytes'?: (number | string | Long);
}

/**
 * CPU in millicores (1000 = one core) and memory in bytes.
 */
export interface Resources__Output {
  'cpuMillis': (number);
  'memoryBytes': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.Resources'
}
