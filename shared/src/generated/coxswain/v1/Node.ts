// Original file: ../proto/coxswain/v1/coxswain.proto

import type { NodeState as _coxswain_v1_NodeState, NodeState__Output as _coxswain_v1_NodeState__Output } from '../../coxswain/v1/NodeState';
import type { Resources as _coxswain_v1_Resources, Resources__Output as _coxswain_v1_Resources__Output } from '../../coxswain/v1/Resources';
import type { NodeUsage as _coxswain_v1_NodeUsage, NodeUsage__Output as _coxswain_v1_NodeUsage__Output } from '../../coxswain/v1/NodeUsage';
import type { NodeCondition as _coxswain_v1_NodeCondition, NodeCondition__Output as _coxswain_v1_NodeCondition__Output } from '../../coxswain/v1/NodeCondition';

export interface Node {
  'name'?: (string);
  'address'?: (string);
  'state'?: (_coxswain_v1_NodeState);
  'capacity'?: (_coxswain_v1_Resources | null);
  /**
   * Sum of the requests of the replicas assigned to this node.
   */
  'allocated'?: (_coxswain_v1_Resources | null);
  'usage'?: (_coxswain_v1_NodeUsage | null);
  'labels'?: ({[key: string]: string});
  /**
   * RFC 3339, e.g. "2026-11-26T10:50:00.123Z".
   */
  'lastHeartbeat'?: (string);
  /**
   * A cordoned node receives no new replicas.
   */
  'cordoned'?: (boolean);
  'draining'?: (boolean);
  'replicas'?: (number);
  'agentVersion'?: (string);
  /**
   * The engine's networks, as the agent reported them.
   */
  'networks'?: (string)[];
  'conditions'?: (_coxswain_v1_NodeCondition)[];
}

export interface Node__Output {
  'name': (string);
  'address': (string);
  'state': (_coxswain_v1_NodeState__Output);
  'capacity': (_coxswain_v1_Resources__Output | null);
  /**
   * Sum of the requests of the replicas assigned to this node.
   */
  'allocated': (_coxswain_v1_Resources__Output | null);
  'usage': (_coxswain_v1_NodeUsage__Output | null);
  'labels': ({[key: string]: string});
  /**
   * RFC 3339, e.g. "2026-11-26T10:50:00.123Z".
   */
  'lastHeartbeat': (string);
  /**
   * A cordoned node receives no new replicas.
   */
  'cordoned': (boolean);
  'draining': (boolean);
  'replicas': (number);
  'agentVersion': (string);
  /**
   * The engine's networks, as the agent reported them.
   */
  'networks': (string)[];
  'conditions': (_coxswain_v1_NodeCondition__Output)[];
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.Node'
}
