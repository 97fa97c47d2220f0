// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Ensure the container with this id does not run, and remove it.
 */
export interface StopContainer {
  'commandId'?: (string);
  'containerId'?: (string);
  'reason'?: (string);
  /**
   * Milliseconds between SIGTERM and SIGKILL; absent: the grace the container was made with.
   * A stale (fenced) copy gets --stale-stop-timeout: it has already been replaced.
   */
  'graceMs'?: (number | string | Long);
  '_graceMs'?: "graceMs";
}

/**
 * Ensure the container with this id does not run, and remove it.
 */
export interface StopContainer__Output {
  'commandId': (string);
  'containerId': (string);
  'reason': (string);
  /**
   * Milliseconds between SIGTERM and SIGKILL; absent: the grace the container was made with.
   * A stale (fenced) copy gets --stale-stop-timeout: it has already been replaced.
   */
  'graceMs'?: (number);
  '_graceMs'?: "graceMs";
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.StopContainer'
}
