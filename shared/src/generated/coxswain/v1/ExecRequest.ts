// Original file: ../proto/coxswain/v1/coxswain.proto


/**
 * The first message names the replica and the command; the later ones carry only stdin, a
 * terminal size or the end of stdin.
 */
export interface ExecRequest {
  'name'?: (string);
  'replica'?: (number);
  'command'?: (string)[];
  /**
   * Allocate a terminal: stdout and stderr come merged, as `stdout`.
   */
  'tty'?: (boolean);
  'stdin'?: (Buffer | Uint8Array | string);
  /**
   * No more stdin: the command sees end of file.
   */
  'stdinEof'?: (boolean);
  /**
   * Terminal size (with `tty`); 0 leaves it as it is.
   */
  'rows'?: (number);
  'cols'?: (number);
}

/**
 * The first message names the replica and the command; the later ones carry only stdin, a
 * terminal size or the end of stdin.
 */
export interface ExecRequest__Output {
  'name': (string);
  'replica': (number);
  'command': (string)[];
  /**
   * Allocate a terminal: stdout and stderr come merged, as `stdout`.
   */
  'tty': (boolean);
  'stdin': (Buffer);
  /**
   * No more stdin: the command sees end of file.
   */
  'stdinEof': (boolean);
  /**
   * Terminal size (with `tty`); 0 leaves it as it is.
   */
  'rows': (number);
  'cols': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.ExecRequest'
}
