// Original file: ../proto/coxswain/v1/coxswain.proto


export interface CommandAck {
  'commandId'?: (string);
  'ok'?: (boolean);
  'error'?: (string);
  'containerId'?: (string);
  /**
   * How an ok command was done when that is news, e.g. "engine unresponsive: killed through its cgroup".
   */
  'detail'?: (string);
}

export interface CommandAck__Output {
  'commandId': (string);
  'ok': (boolean);
  'error': (string);
  'containerId': (string);
  /**
   * How an ok command was done when that is news, e.g. "engine unresponsive: killed through its cgroup".
   */
  'detail': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.CommandAck'
}
