// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchEventsRequest {
  /**
   * Replay stored events after this sequence number first (0: only new events).
   */
  'sinceSeq'?: (number | string | Long);
  /**
   * Only events of this workload, when set.
   */
  'workload'?: (string);
}

export interface WatchEventsRequest__Output {
  /**
   * Replay stored events after this sequence number first (0: only new events).
   */
  'sinceSeq': (number);
  /**
   * Only events of this workload, when set.
   */
  'workload': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.WatchEventsRequest'
}
