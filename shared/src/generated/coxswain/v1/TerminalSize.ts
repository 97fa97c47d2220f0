// Original file: ../proto/coxswain/v1/coxswain.proto


export interface TerminalSize {
  'rows'?: (number);
  'cols'?: (number);
}

export interface TerminalSize__Output {
  'rows': (number);
  'cols': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.TerminalSize'
}
