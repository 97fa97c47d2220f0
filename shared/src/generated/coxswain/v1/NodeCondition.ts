// Original file: ../proto/coxswain/v1/coxswain.proto


/**
 * Something wrong with a node beside its liveness. Known types: ENGINE_DOWN (the agent's Docker
 * engine does not answer; blocking), PORT_UNAVAILABLE (a published port cannot be bound there).
 */
export interface NodeCondition {
  'type'?: (string);
  'message'?: (string);
  /**
   * RFC 3339: when the control plane first saw it.
   */
  'since'?: (string);
}

/**
 * Something wrong with a node beside its liveness. Known types: ENGINE_DOWN (the agent's Docker
 * engine does not answer; blocking), PORT_UNAVAILABLE (a published port cannot be bound there).
 */
export interface NodeCondition__Output {
  'type': (string);
  'message': (string);
  /**
   * RFC 3339: when the control plane first saw it.
   */
  'since': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.NodeCondition'
}
