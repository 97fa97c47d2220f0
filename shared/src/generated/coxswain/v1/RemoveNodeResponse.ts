// Original file: ../proto/coxswain/v1/coxswain.proto


export interface RemoveNodeResponse {
  /**
   * Serial numbers (hex) of the certificates revoked with the node.
   */
  'revokedSerials'?: (string)[];
}

export interface RemoveNodeResponse__Output {
  /**
   * Serial numbers (hex) of the certificates revoked with the node.
   */
  'revokedSerials': (string)[];
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.RemoveNodeResponse'
}
