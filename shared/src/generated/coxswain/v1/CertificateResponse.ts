// Original file: ../proto/coxswain/v1/coxswain.proto


export interface CertificateResponse {
  'certPem'?: (string);
  /**
   * The cluster CA, which the agent trusts from then on.
   */
  'caPem'?: (string);
  /**
   * RFC 3339.
   */
  'notAfter'?: (string);
}

export interface CertificateResponse__Output {
  'certPem': (string);
  /**
   * The cluster CA, which the agent trusts from then on.
   */
  'caPem': (string);
  /**
   * RFC 3339.
   */
  'notAfter': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.CertificateResponse'
}
