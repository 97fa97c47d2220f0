// Original file: ../proto/coxswain/v1/coxswain.proto

import type { ContainerInfo as _coxswain_v1_ContainerInfo, ContainerInfo__Output as _coxswain_v1_ContainerInfo__Output } from '../../coxswain/v1/ContainerInfo';

/**
 * `full` lists every Coxswain container of the host; otherwise only those that changed.
 * `removed` lists container ids that no longer exist.
 */
export interface ContainerReport {
  'full'?: (boolean);
  'containers'?: (_coxswain_v1_ContainerInfo)[];
  'removed'?: (string)[];
}

/**
 * `full` lists every Coxswain container of the host; otherwise only those that changed.
 * `removed` lists container ids that no longer exist.
 */
export interface ContainerReport__Output {
  'full': (boolean);
  'containers': (_coxswain_v1_ContainerInfo__Output)[];
  'removed': (string)[];
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.ContainerReport'
}
