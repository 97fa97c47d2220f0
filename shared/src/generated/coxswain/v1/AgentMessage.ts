// Original file: ../proto/coxswain/v1/coxswain.proto

import type { Register as _coxswain_v1_Register, Register__Output as _coxswain_v1_Register__Output } from '../../coxswain/v1/Register';
import type { Heartbeat as _coxswain_v1_Heartbeat, Heartbeat__Output as _coxswain_v1_Heartbeat__Output } from '../../coxswain/v1/Heartbeat';
import type { ContainerReport as _coxswain_v1_ContainerReport, ContainerReport__Output as _coxswain_v1_ContainerReport__Output } from '../../coxswain/v1/ContainerReport';
import type { CommandAck as _coxswain_v1_CommandAck, CommandAck__Output as _coxswain_v1_CommandAck__Output } from '../../coxswain/v1/CommandAck';
import type { MeshStatus as _coxswain_v1_MeshStatus, MeshStatus__Output as _coxswain_v1_MeshStatus__Output } from '../../coxswain/v1/MeshStatus';

export interface AgentMessage {
  'register'?: (_coxswain_v1_Register | null);
  'heartbeat'?: (_coxswain_v1_Heartbeat | null);
  'report'?: (_coxswain_v1_ContainerReport | null);
  'ack'?: (_coxswain_v1_CommandAck | null);
  'meshStatus'?: (_coxswain_v1_MeshStatus | null);
  'msg'?: "register"|"heartbeat"|"report"|"ack"|"meshStatus";
}

export interface AgentMessage__Output {
  'register'?: (_coxswain_v1_Register__Output | null);
  'heartbeat'?: (_coxswain_v1_Heartbeat__Output | null);
  'report'?: (_coxswain_v1_ContainerReport__Output | null);
  'ack'?: (_coxswain_v1_CommandAck__Output | null);
  'meshStatus'?: (_coxswain_v1_MeshStatus__Output | null);
  'msg'?: "register"|"heartbeat"|"report"|"ack"|"meshStatus";
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.AgentMessage'
}
