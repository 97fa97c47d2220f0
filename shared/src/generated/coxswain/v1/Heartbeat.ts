// Original file: ../proto/coxswain/v1/coxswain.proto

import type { NodeUsage as _coxswain_v1_NodeUsage, NodeUsage__Output as _coxswain_v1_NodeUsage__Output } from '../../coxswain/v1/NodeUsage';
import type { Long } from '@grpc/proto-loader';

export interface Heartbeat {
  'usage'?: (_coxswain_v1_NodeUsage | null);
  /**
   * The agent's clock when it sent this heartbeat, echoed back in HeartbeatAck.
   */
  'sentAtMs'?: (number | string | Long);
  /**
   * Empty: the engine answered the agent's ping within its timeout. Otherwise why not
   * ("ping timed out after 2000 ms", "connect ENOENT /var/run/docker.sock").
   */
  'engineError'?: (string);
}

export interface Heartbeat__Output {
  'usage': (_coxswain_v1_NodeUsage__Output | null);
  /**
   * The agent's clock when it sent this heartbeat, echoed back in HeartbeatAck.
   */
  'sentAtMs': (number);
  /**
   * Empty: the engine answered the agent's ping within its timeout. Otherwise why not
   * ("ping timed out after 2000 ms", "connect ENOENT /var/run/docker.sock").
   */
  'engineError': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.Heartbeat'
}
