// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Registered as _coxswain_v1_Registered, Registered__Output as _coxswain_v1_Registered__Output } from '../../coxswain/v1/Registered';
import type { StartReplica as _coxswain_v1_StartReplica, StartReplica__Output as _coxswain_v1_StartReplica__Output } from '../../coxswain/v1/StartReplica';
import type { StopContainer as _coxswain_v1_StopContainer, StopContainer__Output as _coxswain_v1_StopContainer__Output } from '../../coxswain/v1/StopContainer';
import type { HeartbeatAck as _coxswain_v1_HeartbeatAck, HeartbeatAck__Output as _coxswain_v1_HeartbeatAck__Output } from '../../coxswain/v1/HeartbeatAck';
import type { OpenSession as _coxswain_v1_OpenSession, OpenSession__Output as _coxswain_v1_OpenSession__Output } from '../../coxswain/v1/OpenSession';
import type { MeshTable as _coxswain_v1_MeshTable, MeshTable__Output as _coxswain_v1_MeshTable__Output } from '../../coxswain/v1/MeshTable';

export interface ControlMessage {
  'registered'?: (_coxswain_v1_Registered | null);
  'start'?: (_coxswain_v1_StartReplica | null);
  'stop'?: (_coxswain_v1_StopContainer | null);
  'heartbeatAck'?: (_coxswain_v1_HeartbeatAck | null);
  'openSession'?: (_coxswain_v1_OpenSession | null);
  'mesh'?: (_coxswain_v1_MeshTable | null);
  'msg'?: "registered"|"start"|"stop"|"heartbeatAck"|"openSession"|"mesh";
}

export interface ControlMessage__Output {
  'registered'?: (_coxswain_v1_Registered__Output | null);
  'start'?: (_coxswain_v1_StartReplica__Output | null);
  'stop'?: (_coxswain_v1_StopContainer__Output | null);
  'heartbeatAck'?: (_coxswain_v1_HeartbeatAck__Output | null);
  'openSession'?: (_coxswain_v1_OpenSession__Output | null);
  'mesh'?: (_coxswain_v1_MeshTable__Output | null);
  'msg'?: "registered"|"start"|"stop"|"heartbeatAck"|"openSession"|"mesh";
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.ControlMessage'
}
