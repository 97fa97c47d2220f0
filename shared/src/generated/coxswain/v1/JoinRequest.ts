// Original file: ../proto/coxswain/v1/coxswain.proto


export interface JoinRequest {
  'token'?: (string);
  /**
   * The node name the certificate is bound to (its common name).
   */
  'name'?: (string);
  /**
   * PKCS#10 request, PEM, signed by the key the agent keeps; its subject is ignored.
   */
  'csrPem'?: (string);
}

export interface JoinRequest__Output {
  'token': (string);
  /**
   * The node name the certificate is bound to (its common name).
   */
  'name': (string);
  /**
   * PKCS#10 request, PEM, signed by the key the agent keeps; its subject is ignored.
   */
  'csrPem': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.JoinRequest'
}
