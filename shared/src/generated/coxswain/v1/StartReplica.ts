// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Resources as _coxswain_v1_Resources, Resources__Output as _coxswain_v1_Resources__Output } from '../../coxswain/v1/Resources';
import type { Long } from '@grpc/proto-loader';

/**
 * Ensure the container of (workload, replica) at `epoch` runs `generation` of the spec.
 * Idempotent: an existing container with the same epoch and generation is kept (and started if
 * it is not running); one with another epoch or generation is replaced.
 */
export interface StartReplica {
  'commandId'?: (string);
  'workload'?: (string);
  'replica'?: (number);
  'epoch'?: (number | string | Long);
  'generation'?: (number | string | Long);
  'image'?: (string);
  'command'?: (string)[];
  'env'?: ({[key: string]: string});
  'resources'?: (_coxswain_v1_Resources | null);
  'labels'?: ({[key: string]: string});
  /**
   * "keep" or "stop": see WorkloadSpec.disconnect.
   */
  'disconnect'?: (string);
}

/**
 * Ensure the container of (workload, replica) at `epoch` runs `generation` of the spec.
 * Idempotent: an existing container with the same epoch and generation is kept (and started if
 * it is not running); one with another epoch or generation is replaced.
 */
export interface StartReplica__Output {
  'commandId': (string);
  'workload': (string);
  'replica': (number);
  'epoch': (number);
  'generation': (number);
  'image': (string);
  'command': (string)[];
  'env': ({[key: string]: string});
  'resources': (_coxswain_v1_Resources__Output | null);
  'labels': ({[key: string]: string});
  /**
   * "keep" or "stop": see WorkloadSpec.disconnect.
   */
  'disconnect': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.StartReplica'
}
