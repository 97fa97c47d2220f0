// Original file: ../proto/coxswain/v1/coxswain.proto

import type { LogLine as _coxswain_v1_LogLine, LogLine__Output as _coxswain_v1_LogLine__Output } from '../../coxswain/v1/LogLine';

export interface LogBatch {
  'lines'?: (_coxswain_v1_LogLine)[];
}

export interface LogBatch__Output {
  'lines': (_coxswain_v1_LogLine__Output)[];
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.LogBatch'
}
