// Original file: ../proto/coxswain/v1/coxswain.proto

import type { HttpCheck as _coxswain_v1_HttpCheck, HttpCheck__Output as _coxswain_v1_HttpCheck__Output } from '../../coxswain/v1/HttpCheck';
import type { TcpCheck as _coxswain_v1_TcpCheck, TcpCheck__Output as _coxswain_v1_TcpCheck__Output } from '../../coxswain/v1/TcpCheck';
import type { ExecCheck as _coxswain_v1_ExecCheck, ExecCheck__Output as _coxswain_v1_ExecCheck__Output } from '../../coxswain/v1/ExecCheck';

/**
 * Exactly one of http, tcp and exec.
 */
export interface HealthCheck {
  'http'?: (_coxswain_v1_HttpCheck | null);
  'tcp'?: (_coxswain_v1_TcpCheck | null);
  'exec'?: (_coxswain_v1_ExecCheck | null);
  /**
   * Durations such as "2s": between checks (default 10s), the most one may take (default 1s),
   * and the grace after start during which failures do not count (default 0s).
   */
  'interval'?: (string);
  'timeout'?: (string);
  /**
   * Failures in a row after which the replica is restarted (default 3).
   */
  'failureThreshold'?: (number);
  'startPeriod'?: (string);
}

/**
 * Exactly one of http, tcp and exec.
 */
export interface HealthCheck__Output {
  'http': (_coxswain_v1_HttpCheck__Output | null);
  'tcp': (_coxswain_v1_TcpCheck__Output | null);
  'exec': (_coxswain_v1_ExecCheck__Output | null);
  /**
   * Durations such as "2s": between checks (default 10s), the most one may take (default 1s),
   * and the grace after start during which failures do not count (default 0s).
   */
  'interval': (string);
  'timeout': (string);
  /**
   * Failures in a row after which the replica is restarted (default 3).
   */
  'failureThreshold': (number);
  'startPeriod': (string);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.HealthCheck'
}
