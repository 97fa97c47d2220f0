// Original file: ../proto/coxswain/v1/coxswain.proto

import type { TerminalSize as _coxswain_v1_TerminalSize, TerminalSize__Output as _coxswain_v1_TerminalSize__Output } from '../../coxswain/v1/TerminalSize';

/**
 * Control plane to agent on a Relay call (exec only).
 */
export interface RelayDown {
  /**
   * At most 32 KiB per message.
   */
  'stdin'?: (Buffer | Uint8Array | string);
  'stdinEof'?: (boolean);
  'resize'?: (_coxswain_v1_TerminalSize | null);
  'msg'?: "stdin"|"stdinEof"|"resize";
}

/**
 * Control plane to agent on a Relay call (exec only).
 */
export interface RelayDown__Output {
  /**
   * At most 32 KiB per message.
   */
  'stdin'?: (Buffer);
  'stdinEof'?: (boolean);
  'resize'?: (_coxswain_v1_TerminalSize__Output | null);
  'msg'?: "stdin"|"stdinEof"|"resize";
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.RelayDown'
}
