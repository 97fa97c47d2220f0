// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Long } from '@grpc/proto-loader';

export interface Event {
  'seq'?: (number | string | Long);
  /**
   * RFC 3339.
   */
  'time'?: (string);
  /**
   * e.g. "node.up", "node.down", "replica.scheduled", "replica.started", "replica.exited",
   * "replica.restarted", "replica.failed", "replica.stopped", "replica.pending", "workload.applied".
   */
  'type'?: (string);
  'node'?: (string);
  'workload'?: (string);
  'replica'?: (number);
  'message'?: (string);
  'epoch'?: (number | string | Long);
}

export interface Event__Output {
  'seq': (number);
  /**
   * RFC 3339.
   */
  'time': (string);
  /**
   * e.g. "node.up", "node.down", "replica.scheduled", "replica.started", "replica.exited",
   * "replica.restarted", "replica.failed", "replica.stopped", "replica.pending", "workload.applied".
   */
  'type': (string);
  'node': (string);
  'workload': (string);
  'replica': (number);
  'message': (string);
  'epoch': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.Event'
}
