// Original file: ../proto/coxswain/v1/coxswain.proto

import type { MeshEndpoint as _coxswain_v1_MeshEndpoint, MeshEndpoint__Output as _coxswain_v1_MeshEndpoint__Output } from '../../coxswain/v1/MeshEndpoint';

export interface MeshService {
  /**
   * The cluster-wide port (30000-32767) every agent listens on.
   */
  'publish'?: (number);
  'workload'?: (string);
  'portName'?: (string);
  'endpoints'?: (_coxswain_v1_MeshEndpoint)[];
}

export interface MeshService__Output {
  /**
   * The cluster-wide port (30000-32767) every agent listens on.
   */
  'publish': (number);
  'workload': (string);
  'portName': (string);
  'endpoints': (_coxswain_v1_MeshEndpoint__Output)[];
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.MeshService'
}
