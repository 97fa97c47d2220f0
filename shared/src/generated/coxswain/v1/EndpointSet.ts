// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Endpoint as _coxswain_v1_Endpoint, Endpoint__Output as _coxswain_v1_Endpoint__Output } from '../../coxswain/v1/Endpoint';
import type { Long } from '@grpc/proto-loader';

export interface EndpointSet {
  /**
   * Grows with every change of the workload's set.
   */
  'revision'?: (number | string | Long);
  'endpoints'?: (_coxswain_v1_Endpoint)[];
}

export interface EndpointSet__Output {
  /**
   * Grows with every change of the workload's set.
   */
  'revision': (number);
  'endpoints': (_coxswain_v1_Endpoint__Output)[];
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.EndpointSet'
}
