// Original file: ../proto/coxswain/v1/coxswain.proto

import type { MeshPortProblem as _coxswain_v1_MeshPortProblem, MeshPortProblem__Output as _coxswain_v1_MeshPortProblem__Output } from '../../coxswain/v1/MeshPortProblem';
import type { Long } from '@grpc/proto-loader';

/**
 * The agent's answer to a MeshTable once it serves from it (the ack the drain of a replica
 * stopped on purpose waits for), and again whenever the ports it cannot bind change.
 */
export interface MeshStatus {
  /**
   * The revision of the table now in use.
   */
  'revision'?: (number | string | Long);
  /**
   * Published ports this host cannot listen on, each with why ("30080: address in use").
   */
  'unavailable'?: (_coxswain_v1_MeshPortProblem)[];
}

/**
 * The agent's answer to a MeshTable once it serves from it (the ack the drain of a replica
 * stopped on purpose waits for), and again whenever the ports it cannot bind change.
 */
export interface MeshStatus__Output {
  /**
   * The revision of the table now in use.
   */
  'revision': (number);
  /**
   * Published ports this host cannot listen on, each with why ("30080: address in use").
   */
  'unavailable': (_coxswain_v1_MeshPortProblem__Output)[];
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.MeshStatus'
}
