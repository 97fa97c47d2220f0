// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Node as _coxswain_v1_Node, Node__Output as _coxswain_v1_Node__Output } from '../../coxswain/v1/Node';

export interface ListNodesResponse {
  'nodes'?: (_coxswain_v1_Node)[];
}

export interface ListNodesResponse__Output {
  'nodes': (_coxswain_v1_Node__Output)[];
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.ListNodesResponse'
}
