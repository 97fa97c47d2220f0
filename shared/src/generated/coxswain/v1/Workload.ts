// Original file: ../proto/coxswain/v1/coxswain.proto

import type { WorkloadSpec as _coxswain_v1_WorkloadSpec, WorkloadSpec__Output as _coxswain_v1_WorkloadSpec__Output } from '../../coxswain/v1/WorkloadSpec';
import type { WorkloadStatus as _coxswain_v1_WorkloadStatus, WorkloadStatus__Output as _coxswain_v1_WorkloadStatus__Output } from '../../coxswain/v1/WorkloadStatus';
import type { Long } from '@grpc/proto-loader';

export interface Workload {
  'spec'?: (_coxswain_v1_WorkloadSpec | null);
  /**
   * Grows by one each time the spec changes; replicas run the generation they were started with.
   */
  'generation'?: (number | string | Long);
  'status'?: (_coxswain_v1_WorkloadStatus | null);
  /**
   * RFC 3339.
   */
  'createdAt'?: (string);
  'updatedAt'?: (string);
}

export interface Workload__Output {
  'spec': (_coxswain_v1_WorkloadSpec__Output | null);
  /**
   * Grows by one each time the spec changes; replicas run the generation they were started with.
   */
  'generation': (number);
  'status': (_coxswain_v1_WorkloadStatus__Output | null);
  /**
   * RFC 3339.
   */
  'createdAt': (string);
  'updatedAt': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.Workload'
}
