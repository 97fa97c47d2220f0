// Original file: ../proto/coxswain/v1/coxswain.proto

import type { WorkloadSpec as _coxswain_v1_WorkloadSpec, WorkloadSpec__Output as _coxswain_v1_WorkloadSpec__Output } from '../../coxswain/v1/WorkloadSpec';

export interface ApplyWorkloadRequest {
  'workload'?: (_coxswain_v1_WorkloadSpec | null);
  /**
   * Validate and answer with the workload as it would be stored; change nothing.
   */
  'dryRun'?: (boolean);
}

export interface ApplyWorkloadRequest__Output {
  'workload': (_coxswain_v1_WorkloadSpec__Output | null);
  /**
   * Validate and answer with the workload as it would be stored; change nothing.
   */
  'dryRun': (boolean);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.ApplyWorkloadRequest'
}
