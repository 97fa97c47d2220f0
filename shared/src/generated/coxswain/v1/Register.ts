// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Resources as _coxswain_v1_Resources, Resources__Output as _coxswain_v1_Resources__Output } from '../../coxswain/v1/Resources';

/**
 * First message on every stream.
 */
export interface Register {
  'name'?: (string);
  'labels'?: ({[key: string]: string});
  'capacity'?: (_coxswain_v1_Resources | null);
  'agentVersion'?: (string);
  /**
   * Addresses of the host's interfaces, for display.
   */
  'addresses'?: (string)[];
  /**
   * The engine's networks by name ("bridge", "host", "none", ...): where a workload's network exists.
   */
  'networks'?: (string)[];
  /**
   * Where other hosts and clients reach this host's replicas (--advertise-address); empty: the
   * address the control plane sees the stream come from.
   */
  'advertiseAddress'?: (string);
  /**
   * The host ports this host hands out to workloads (--dynamic-ports), inclusive.
   */
  'dynamicPortLow'?: (number);
  'dynamicPortHigh'?: (number);
}

/**
 * First message on every stream.
 */
export interface Register__Output {
  'name': (string);
  'labels': ({[key: string]: string});
  'capacity': (_coxswain_v1_Resources__Output | null);
  'agentVersion': (string);
  /**
   * Addresses of the host's interfaces, for display.
   */
  'addresses': (string)[];
  /**
   * The engine's networks by name ("bridge", "host", "none", ...): where a workload's network exists.
   */
  'networks': (string)[];
  /**
   * Where other hosts and clients reach this host's replicas (--advertise-address); empty: the
   * address the control plane sees the stream come from.
   */
  'advertiseAddress': (string);
  /**
   * The host ports this host hands out to workloads (--dynamic-ports), inclusive.
   */
  'dynamicPortLow': (number);
  'dynamicPortHigh': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.Register'
}
