// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchEndpointsRequest {
  'name'?: (string);
  'sinceRevision'?: (number | string | Long);
}

export interface WatchEndpointsRequest__Output {
  'name': (string);
  'sinceRevision': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.WatchEndpointsRequest'
}
