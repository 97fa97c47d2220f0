// Original file: ../proto/coxswain/v1/coxswain.proto

import type { ReplicaStatus as _coxswain_v1_ReplicaStatus, ReplicaStatus__Output as _coxswain_v1_ReplicaStatus__Output } from '../../coxswain/v1/ReplicaStatus';
import type { RolloutStatus as _coxswain_v1_RolloutStatus, RolloutStatus__Output as _coxswain_v1_RolloutStatus__Output } from '../../coxswain/v1/RolloutStatus';

export interface WorkloadStatus {
  'desired'?: (number);
  'running'?: (number);
  'pending'?: (number);
  'replicas'?: (_coxswain_v1_ReplicaStatus)[];
  /**
   * Replicas that are running and ready.
   */
  'ready'?: (number);
  'rollout'?: (_coxswain_v1_RolloutStatus | null);
}

export interface WorkloadStatus__Output {
  'desired': (number);
  'running': (number);
  'pending': (number);
  'replicas': (_coxswain_v1_ReplicaStatus__Output)[];
  /**
   * Replicas that are running and ready.
   */
  'ready': (number);
  'rollout': (_coxswain_v1_RolloutStatus__Output | null);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.WorkloadStatus'
}
