// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Long } from '@grpc/proto-loader';

export interface Registered {
  'heartbeatIntervalMs'?: (number | string | Long);
  /**
   * The agent's lease: after this long without the control plane it counts as DOWN.
   */
  'leaseMs'?: (number | string | Long);
  /**
   * At-most-one workloads' own fence: the agent stops their containers only once this long has
   * passed without the control plane (longer than a control-plane restart or takeover). 0: lease_ms.
   */
  'singletonFenceMs'?: (number | string | Long);
}

export interface Registered__Output {
  'heartbeatIntervalMs': (number);
  /**
   * The agent's lease: after this long without the control plane it counts as DOWN.
   */
  'leaseMs': (number);
  /**
   * At-most-one workloads' own fence: the agent stops their containers only once this long has
   * passed without the control plane (longer than a control-plane restart or takeover). 0: lease_ms.
   */
  'singletonFenceMs': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.Registered'
}
