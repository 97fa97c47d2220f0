// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Resources as _coxswain_v1_Resources, Resources__Output as _coxswain_v1_Resources__Output } from '../../coxswain/v1/Resources';
import type { PortSpec as _coxswain_v1_PortSpec, PortSpec__Output as _coxswain_v1_PortSpec__Output } from '../../coxswain/v1/PortSpec';
import type { HealthCheck as _coxswain_v1_HealthCheck, HealthCheck__Output as _coxswain_v1_HealthCheck__Output } from '../../coxswain/v1/HealthCheck';
import type { UpdatePolicy as _coxswain_v1_UpdatePolicy, UpdatePolicy__Output as _coxswain_v1_UpdatePolicy__Output } from '../../coxswain/v1/UpdatePolicy';
import type { Mount as _coxswain_v1_Mount, Mount__Output as _coxswain_v1_Mount__Output } from '../../coxswain/v1/Mount';

export interface WorkloadSpec {
  /**
   * DNS label: [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63 characters.
   */
  'name'?: (string);
  'image'?: (string);
  /**
   * Argv of the container; empty uses the image's default command.
   */
  'command'?: (string)[];
  'env'?: ({[key: string]: string});
  'replicas'?: (number);
  /**
   * Requests used for placement; they also become the container's limits.
   */
  'resources'?: (_coxswain_v1_Resources | null);
  'labels'?: ({[key: string]: string});
  /**
   * Placement constraints on nodes, e.g. "node.labels.zone == a", "node.name != h3".
   */
  'constraints'?: (string)[];
  /**
   * "always" (default), "on-failure" or "never".
   */
  'restartPolicy'?: (string);
  /**
   * What an agent does when it loses the control plane: "keep" (default) keeps the
   * containers running; "stop" stops them once the lease has expired (at most one copy).
   */
  'disconnect'?: (string);
  /**
   * "bridge" (default: Docker's bridge network, ports published by Docker), "host" (the host's
   * network: the container listens on its host ports itself) or "none".
   */
  'network'?: (string);
  'ports'?: (_coxswain_v1_PortSpec)[];
  /**
   * Readiness and liveness in one check, run by the agent; none: ready once running.
   */
  'health'?: (_coxswain_v1_HealthCheck | null);
  /**
   * How a changed spec rolls out.
   */
  'update'?: (_coxswain_v1_UpdatePolicy | null);
  'mounts'?: (_coxswain_v1_Mount)[];
  /**
   * How long a stopped container gets after SIGTERM before SIGKILL, e.g. "10s" (the default).
   */
  'stopGracePeriod'?: (string);
}

export interface WorkloadSpec__Output {
  /**
   * DNS label: [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63 characters.
   */
  'name': (string);
  'image': (string);
  /**
   * Argv of the container; empty uses the image's default command.
   */
  'command': (string)[];
  'env': ({[key: string]: string});
  'replicas': (number);
  /**
   * Requests used for placement; they also become the container's limits.
   */
  'resources': (_coxswain_v1_Resources__Output | null);
  'labels': ({[key: string]: string});
  /**
   * Placement constraints on nodes, e.g. "node.labels.zone == a", "node.name != h3".
   */
  'constraints': (string)[];
  /**
   * "always" (default), "on-failure" or "never".
   */
  'restartPolicy': (string);
  /**
   * What an agent does when it loses the control plane: "keep" (default) keeps the
   * containers running; "stop" stops them once the lease has expired (at most one copy).
   */
  'disconnect': (string);
  /**
   * "bridge" (default: Docker's bridge network, ports published by Docker), "host" (the host's
   * network: the container listens on its host ports itself) or "none".
   */
  'network': (string);
  'ports': (_coxswain_v1_PortSpec__Output)[];
  /**
   * Readiness and liveness in one check, run by the agent; none: ready once running.
   */
  'health': (_coxswain_v1_HealthCheck__Output | null);
  /**
   * How a changed spec rolls out.
   */
  'update': (_coxswain_v1_UpdatePolicy__Output | null);
  'mounts': (_coxswain_v1_Mount__Output)[];
  /**
   * How long a stopped container gets after SIGTERM before SIGKILL, e.g. "10s" (the default).
   */
  'stopGracePeriod': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.WorkloadSpec'
}
