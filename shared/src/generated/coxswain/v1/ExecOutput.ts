// Original file: ../proto/coxswain/v1/coxswain.proto


export interface ExecOutput {
  'stdout'?: (Buffer | Uint8Array | string);
  'stderr'?: (Buffer | Uint8Array | string);
  /**
   * The last message: the command's exit code.
   */
  'exitCode'?: (number);
  'msg'?: "stdout"|"stderr"|"exitCode";
}

export interface ExecOutput__Output {
  'stdout'?: (Buffer);
  'stderr'?: (Buffer);
  /**
   * The last message: the command's exit code.
   */
  'exitCode'?: (number);
  'msg'?: "stdout"|"stderr"|"exitCode";
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.ExecOutput'
}
