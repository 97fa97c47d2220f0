// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Resources as _coxswain_v1_Resources, Resources__Output as _coxswain_v1_Resources__Output } from '../../coxswain/v1/Resources';

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
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.WorkloadSpec'
}
