// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The control plane received the heartbeat the agent sent at `sent_at_ms` (the agent's own clock,
 * echoed). The agent's lease runs from that moment, which is never later than the moment the
 * control plane's lease for the node started, so the agent gives up its at-most-one containers
 * before the control plane may re-place them.
 */
export interface HeartbeatAck {
  'sentAtMs'?: (number | string | Long);
}

/**
 * The control plane received the heartbeat the agent sent at `sent_at_ms` (the agent's own clock,
 * echoed). The agent's lease runs from that moment, which is never later than the moment the
 * control plane's lease for the node started, so the agent gives up its at-most-one containers
 * before the control plane may re-place them.
 */
export interface HeartbeatAck__Output {
  'sentAtMs': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.HeartbeatAck'
}
