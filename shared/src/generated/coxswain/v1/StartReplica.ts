// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Resources as _coxswain_v1_Resources, Resources__Output as _coxswain_v1_Resources__Output } from '../../coxswain/v1/Resources';
import type { AllocatedPort as _coxswain_v1_AllocatedPort, AllocatedPort__Output as _coxswain_v1_AllocatedPort__Output } from '../../coxswain/v1/AllocatedPort';
import type { HealthCheck as _coxswain_v1_HealthCheck, HealthCheck__Output as _coxswain_v1_HealthCheck__Output } from '../../coxswain/v1/HealthCheck';
import type { Mount as _coxswain_v1_Mount, Mount__Output as _coxswain_v1_Mount__Output } from '../../coxswain/v1/Mount';
import type { ServicePort as _coxswain_v1_ServicePort, ServicePort__Output as _coxswain_v1_ServicePort__Output } from '../../coxswain/v1/ServicePort';
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
  /**
   * See WorkloadSpec: the network, the host ports the control plane allocated, the check, the mounts.
   */
  'network'?: (string);
  'ports'?: (_coxswain_v1_AllocatedPort)[];
  'health'?: (_coxswain_v1_HealthCheck | null);
  'mounts'?: (_coxswain_v1_Mount)[];
  /**
   * Milliseconds between SIGTERM and SIGKILL when the container is stopped.
   */
  'stopGraceMs'?: (number | string | Long);
  /**
   * The published ports of the cluster when the replica starts: the container gets
   * COXSWAIN_SERVICE_<WORKLOAD>_<PORT> = HOST:PUBLISH for each (HOST: 127.0.0.1 in host mode,
   * COXSWAIN_HOST_IP otherwise), the address of its own host's mesh.
   */
  'services'?: (_coxswain_v1_ServicePort)[];
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
   * See WorkloadSpec: the network, the host ports the control plane allocated, the check, the mounts.
   */
  'network': (string);
  'ports': (_coxswain_v1_AllocatedPort__Output)[];
  'health': (_coxswain_v1_HealthCheck__Output | null);
  'mounts': (_coxswain_v1_Mount__Output)[];
  /**
   * Milliseconds between SIGTERM and SIGKILL when the container is stopped.
   */
  'stopGraceMs': (number);
  /**
   * The published ports of the cluster when the replica starts: the container gets
   * COXSWAIN_SERVICE_<WORKLOAD>_<PORT> = HOST:PUBLISH for each (HOST: 127.0.0.1 in host mode,
   * COXSWAIN_HOST_IP otherwise), the address of its own host's mesh.
   */
  'services': (_coxswain_v1_ServicePort__Output)[];
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.StartReplica'
}
