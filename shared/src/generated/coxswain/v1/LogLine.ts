// Original file: ../proto/coxswain/v1/coxswain.proto


export interface LogLine {
  'line'?: (string);
  /**
   * "stdout" or "stderr".
   */
  'stream'?: (string);
  /**
   * RFC 3339, as the engine stamped the line.
   */
  'time'?: (string);
}

export interface LogLine__Output {
  'line': (string);
  /**
   * "stdout" or "stderr".
   */
  'stream': (string);
  /**
   * RFC 3339, as the engine stamped the line.
   */
  'time': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.LogLine'
}
