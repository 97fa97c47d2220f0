// Original file: ../proto/coxswain/v1/coxswain.proto

import type { ReplicaStatus as _coxswain_v1_ReplicaStatus, ReplicaStatus__Output as _coxswain_v1_ReplicaStatus__Output } from '../../coxswain/v1/ReplicaStatus';

export interface WorkloadStatus {
  'desired'?: (number);
  'running'?: (number);
  'pending'?: (number);
  'replicas'?: (_coxswain_v1_ReplicaStatus)[];
}

export interface WorkloadStatus__Output {
  'desired': (number);
  'running': (number);
  'pending': (number);
  'replicas': (_coxswain_v1_ReplicaStatus__Output)[];
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.WorkloadStatus'
}
