// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Generation as _coxswain_v1_Generation, Generation__Output as _coxswain_v1_Generation__Output } from '../../coxswain/v1/Generation';

export interface ListGenerationsResponse {
  'generations'?: (_coxswain_v1_Generation)[];
}

export interface ListGenerationsResponse__Output {
  'generations': (_coxswain_v1_Generation__Output)[];
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.ListGenerationsResponse'
}
