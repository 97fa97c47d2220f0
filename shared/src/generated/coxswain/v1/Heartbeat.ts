// Original file: ../proto/coxswain/v1/coxswain.proto

import type { NodeUsage as _coxswain_v1_NodeUsage, NodeUsage__Output as _coxswain_v1_NodeUsage__Output } from '../../coxswain/v1/NodeUsage';
import type { Long } from '@grpc/proto-loader';

export interface Heartbeat {
  'usage'?: (_coxswain_v1_NodeUsage | null);
  /**
   * The agent's clock when it sent this heartbeat, echoed back in HeartbeatAck.
   */
  'sentAtMs'?: (number | string | Long);
}

export interface Heartbeat__Output {
  'usage': (_coxswain_v1_NodeUsage__Output | null);
  /**
   * The agent's clock when it sent this heartbeat, echoed back in HeartbeatAck.
   */
  'sentAtMs': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.Heartbeat'
}
