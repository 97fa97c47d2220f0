// Original file: ../proto/coxswain/v1/coxswain.proto

import type { MeshService as _coxswain_v1_MeshService, MeshService__Output as _coxswain_v1_MeshService__Output } from '../../coxswain/v1/MeshService';
import type { Long } from '@grpc/proto-loader';

/**
 * The routing mesh's whole table: every published port of the cluster and its ready endpoints
 * (the endpoint rule's set, filtered to the port's name). Sent on registration and whenever it
 * changes; the agent serves each `publish` port on its host from the last table it received,
 * also while the control plane is unreachable, and answers each with a MeshStatus.
 */
export interface MeshTable {
  /**
   * Grows with every change within a control plane's run; compare only for equality.
   */
  'revision'?: (number | string | Long);
  'services'?: (_coxswain_v1_MeshService)[];
}

/**
 * The routing mesh's whole table: every published port of the cluster and its ready endpoints
 * (the endpoint rule's set, filtered to the port's name). Sent on registration and whenever it
 * changes; the agent serves each `publish` port on its host from the last table it received,
 * also while the control plane is unreachable, and answers each with a MeshStatus.
 */
export interface MeshTable__Output {
  /**
   * Grows with every change within a control plane's run; compare only for equality.
   */
  'revision': (number);
  'services': (_coxswain_v1_MeshService__Output)[];
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.MeshTable'
}
