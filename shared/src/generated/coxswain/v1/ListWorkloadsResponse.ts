// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Workload as _coxswain_v1_Workload, Workload__Output as _coxswain_v1_Workload__Output } from '../../coxswain/v1/Workload';

export interface ListWorkloadsResponse {
  'workloads'?: (_coxswain_v1_Workload)[];
}

export interface ListWorkloadsResponse__Output {
  'workloads': (_coxswain_v1_Workload__Output)[];
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.ListWorkloadsResponse'
}
