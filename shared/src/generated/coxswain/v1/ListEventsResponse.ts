// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Event as _coxswain_v1_Event, Event__Output as _coxswain_v1_Event__Output } from '../../coxswain/v1/Event';

export interface ListEventsResponse {
  'events'?: (_coxswain_v1_Event)[];
}

export interface ListEventsResponse__Output {
  'events': (_coxswain_v1_Event__Output)[];
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.ListEventsResponse'
}
