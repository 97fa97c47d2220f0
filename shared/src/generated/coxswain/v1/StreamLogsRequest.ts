// Original file: ../proto/coxswain/v1/coxswain.proto


export interface StreamLogsRequest {
  'name'?: (string);
  'replica'?: (number);
  /**
   * Keep the stream open and send new output as it comes.
   */
  'follow'?: (boolean);
  /**
   * Only the last `tail` lines of what is stored (0: all).
   */
  'tail'?: (number);
}

export interface StreamLogsRequest__Output {
  'name': (string);
  'replica': (number);
  /**
   * Keep the stream open and send new output as it comes.
   */
  'follow': (boolean);
  /**
   * Only the last `tail` lines of what is stored (0: all).
   */
  'tail': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.StreamLogsRequest'
}
