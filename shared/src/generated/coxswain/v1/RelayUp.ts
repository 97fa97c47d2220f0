// Original file: ../proto/coxswain/v1/coxswain.proto

import type { RelayHello as _coxswain_v1_RelayHello, RelayHello__Output as _coxswain_v1_RelayHello__Output } from '../../coxswain/v1/RelayHello';
import type { LogBatch as _coxswain_v1_LogBatch, LogBatch__Output as _coxswain_v1_LogBatch__Output } from '../../coxswain/v1/LogBatch';
import type { RelayError as _coxswain_v1_RelayError, RelayError__Output as _coxswain_v1_RelayError__Output } from '../../coxswain/v1/RelayError';

/**
 * Agent to control plane on a Relay call.
 */
export interface RelayUp {
  /**
   * The first message of every Relay call.
   */
  'hello'?: (_coxswain_v1_RelayHello | null);
  /**
   * logs: lines in order, at most 32 KiB of them per message.
   */
  'logs'?: (_coxswain_v1_LogBatch | null);
  /**
   * exec: output in chunks of at most 32 KiB, then the exit code as the last message.
   */
  'stdout'?: (Buffer | Uint8Array | string);
  'stderr'?: (Buffer | Uint8Array | string);
  'exitCode'?: (number);
  /**
   * The session cannot go on; the user's call ends with this status.
   */
  'error'?: (_coxswain_v1_RelayError | null);
  'msg'?: "hello"|"logs"|"stdout"|"stderr"|"exitCode"|"error";
}

/**
 * Agent to control plane on a Relay call.
 */
export interface RelayUp__Output {
  /**
   * The first message of every Relay call.
   */
  'hello'?: (_coxswain_v1_RelayHello__Output | null);
  /**
   * logs: lines in order, at most 32 KiB of them per message.
   */
  'logs'?: (_coxswain_v1_LogBatch__Output | null);
  /**
   * exec: output in chunks of at most 32 KiB, then the exit code as the last message.
   */
  'stdout'?: (Buffer);
  'stderr'?: (Buffer);
  'exitCode'?: (number);
  /**
   * The session cannot go on; the user's call ends with this status.
   */
  'error'?: (_coxswain_v1_RelayError__Output | null);
  'msg'?: "hello"|"logs"|"stdout"|"stderr"|"exitCode"|"error";
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.RelayUp'
}
