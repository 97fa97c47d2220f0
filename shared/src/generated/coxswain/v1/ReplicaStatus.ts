// Original file: ../proto/coxswain/v1/coxswain.proto

import type { ReplicaState as _coxswain_v1_ReplicaState, ReplicaState__Output as _coxswain_v1_ReplicaState__Output } from '../../coxswain/v1/ReplicaState';
import type { AllocatedPort as _coxswain_v1_AllocatedPort, AllocatedPort__Output as _coxswain_v1_AllocatedPort__Output } from '../../coxswain/v1/AllocatedPort';
import type { Long } from '@grpc/proto-loader';

export interface ReplicaStatus {
  'id'?: (number);
  'node'?: (string);
  'state'?: (_coxswain_v1_ReplicaState);
  'reason'?: (string);
  'epoch'?: (number | string | Long);
  'generation'?: (number | string | Long);
  'containerId'?: (string);
  'exitCode'?: (number);
  'restarts'?: (number);
  /**
   * Running and passing its health check (or running, without one).
   */
  'ready'?: (boolean);
  /**
   * "" (no check), "starting", "healthy" or "unhealthy".
   */
  'health'?: (string);
  'ports'?: (_coxswain_v1_AllocatedPort)[];
}

export interface ReplicaStatus__Output {
  'id': (number);
  'node': (string);
  'state': (_coxswain_v1_ReplicaState__Output);
  'reason': (string);
  'epoch': (number);
  'generation': (number);
  'containerId': (string);
  'exitCode': (number);
  'restarts': (number);
  /**
   * Running and passing its health check (or running, without one).
   */
  'ready': (boolean);
  /**
   * "" (no check), "starting", "healthy" or "unhealthy".
   */
  'health': (string);
  'ports': (_coxswain_v1_AllocatedPort__Output)[];
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.ReplicaStatus'
}
