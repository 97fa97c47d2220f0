// Original file: ../proto/coxswain/v1/coxswain.proto

import type { WorkloadSpec as _coxswain_v1_WorkloadSpec, WorkloadSpec__Output as _coxswain_v1_WorkloadSpec__Output } from '../../coxswain/v1/WorkloadSpec';
import type { Long } from '@grpc/proto-loader';

export interface Generation {
  'generation'?: (number | string | Long);
  'spec'?: (_coxswain_v1_WorkloadSpec | null);
  /**
   * RFC 3339: when it was applied.
   */
  'createdAt'?: (string);
  /**
   * e.g. "apply", "rollback to 3", "automatic rollback: progress deadline exceeded".
   */
  'cause'?: (string);
}

export interface Generation__Output {
  'generation': (number);
  'spec': (_coxswain_v1_WorkloadSpec__Output | null);
  /**
   * RFC 3339: when it was applied.
   */
  'createdAt': (string);
  /**
   * e.g. "apply", "rollback to 3", "automatic rollback: progress deadline exceeded".
   */
  'cause': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.Generation'
}
