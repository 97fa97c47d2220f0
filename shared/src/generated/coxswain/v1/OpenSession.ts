// Original file: ../proto/coxswain/v1/coxswain.proto


/**
 * Open a log or exec session on a container of this node; the agent answers with a Relay call
 * whose first message carries `session_id`, or refuses on that call with a RelayError.
 */
export interface OpenSession {
  /**
   * Unguessable, single use; valid only for the node it was sent to.
   */
  'sessionId'?: (string);
  'containerId'?: (string);
  /**
   * "logs" or "exec".
   */
  'kind'?: (string);
  /**
   * Which replica the container is, for the agent's logs.
   */
  'workload'?: (string);
  'replica'?: (number);
  /**
   * logs: as in StreamLogsRequest.
   */
  'follow'?: (boolean);
  'tail'?: (number);
  /**
   * exec: as in the first ExecRequest.
   */
  'command'?: (string)[];
  'tty'?: (boolean);
  'rows'?: (number);
  'cols'?: (number);
}

/**
 * Open a log or exec session on a container of this node; the agent answers with a Relay call
 * whose first message carries `session_id`, or refuses on that call with a RelayError.
 */
export interface OpenSession__Output {
  /**
   * Unguessable, single use; valid only for the node it was sent to.
   */
  'sessionId': (string);
  'containerId': (string);
  /**
   * "logs" or "exec".
   */
  'kind': (string);
  /**
   * Which replica the container is, for the agent's logs.
   */
  'workload': (string);
  'replica': (number);
  /**
   * logs: as in StreamLogsRequest.
   */
  'follow': (boolean);
  'tail': (number);
  /**
   * exec: as in the first ExecRequest.
   */
  'command': (string)[];
  'tty': (boolean);
  'rows': (number);
  'cols': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.OpenSession'
}
