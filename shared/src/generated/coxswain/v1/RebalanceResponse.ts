// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Move as _coxswain_v1_Move, Move__Output as _coxswain_v1_Move__Output } from '../../coxswain/v1/Move';

export interface RebalanceResponse {
  'moves'?: (_coxswain_v1_Move)[];
}

export interface RebalanceResponse__Output {
  'moves': (_coxswain_v1_Move__Output)[];
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.RebalanceResponse'
}
