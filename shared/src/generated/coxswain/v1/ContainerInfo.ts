// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A container the agent manages, as Docker sees it.
 */
export interface ContainerInfo {
  'containerId'?: (string);
  'workload'?: (string);
  'replica'?: (number);
  'epoch'?: (number | string | Long);
  'generation'?: (number | string | Long);
  /**
   * Docker's state: "created", "running", "exited", "dead", ...
   */
  'state'?: (string);
  'exitCode'?: (number);
  /**
   * Unix milliseconds; 0 when unknown.
   */
  'startedAt'?: (number | string | Long);
  'finishedAt'?: (number | string | Long);
  /**
   * The agent's health check: "" (none), "starting", "healthy" or "unhealthy"; reported when it changes.
   */
  'health'?: (string);
  /**
   * Failed checks in a row, and what the last one said.
   */
  'healthFailures'?: (number);
  'healthMessage'?: (string);
}

/**
 * A container the agent manages, as Docker sees it.
 */
export interface ContainerInfo__Output {
  'containerId': (string);
  'workload': (string);
  'replica': (number);
  'epoch': (number);
  'generation': (number);
  /**
   * Docker's state: "created", "running", "exited", "dead", ...
   */
  'state': (string);
  'exitCode': (number);
  /**
   * Unix milliseconds; 0 when unknown.
   */
  'startedAt': (number);
  'finishedAt': (number);
  /**
   * The agent's health check: "" (none), "starting", "healthy" or "unhealthy"; reported when it changes.
   */
  'health': (string);
  /**
   * Failed checks in a row, and what the last one said.
   */
  'healthFailures': (number);
  'healthMessage': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.ContainerInfo'
}
