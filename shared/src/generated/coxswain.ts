import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AgentGatewayClient as _coxswain_v1_AgentGatewayClient, AgentGatewayDefinition as _coxswain_v1_AgentGatewayDefinition } from './coxswain/v1/AgentGateway';
import type { AgentMessage as _coxswain_v1_AgentMessage, AgentMessage__Output as _coxswain_v1_AgentMessage__Output } from './coxswain/v1/AgentMessage';
import type { AllocatedPort as _coxswain_v1_AllocatedPort, AllocatedPort__Output as _coxswain_v1_AllocatedPort__Output } from './coxswain/v1/AllocatedPort';
import type { ApplyWorkloadRequest as _coxswain_v1_ApplyWorkloadRequest, ApplyWorkloadRequest__Output as _coxswain_v1_ApplyWorkloadRequest__Output } from './coxswain/v1/ApplyWorkloadRequest';
import type { CertificateResponse as _coxswain_v1_CertificateResponse, CertificateResponse__Output as _coxswain_v1_CertificateResponse__Output } from './coxswain/v1/CertificateResponse';
import type { CommandAck as _coxswain_v1_CommandAck, CommandAck__Output as _coxswain_v1_CommandAck__Output } from './coxswain/v1/CommandAck';
import type { ContainerInfo as _coxswain_v1_ContainerInfo, ContainerInfo__Output as _coxswain_v1_ContainerInfo__Output } from './coxswain/v1/ContainerInfo';
import type { ContainerReport as _coxswain_v1_ContainerReport, ContainerReport__Output as _coxswain_v1_ContainerReport__Output } from './coxswain/v1/ContainerReport';
import type { ControlMessage as _coxswain_v1_ControlMessage, ControlMessage__Output as _coxswain_v1_ControlMessage__Output } from './coxswain/v1/ControlMessage';
import type { ControlPlaneClient as _coxswain_v1_ControlPlaneClient, ControlPlaneDefinition as _coxswain_v1_ControlPlaneDefinition } from './coxswain/v1/ControlPlane';
import type { DeleteWorkloadRequest as _coxswain_v1_DeleteWorkloadRequest, DeleteWorkloadRequest__Output as _coxswain_v1_DeleteWorkloadRequest__Output } from './coxswain/v1/DeleteWorkloadRequest';
import type { DeleteWorkloadResponse as _coxswain_v1_DeleteWorkloadResponse, DeleteWorkloadResponse__Output as _coxswain_v1_DeleteWorkloadResponse__Output } from './coxswain/v1/DeleteWorkloadResponse';
import type { Endpoint as _coxswain_v1_Endpoint, Endpoint__Output as _coxswain_v1_Endpoint__Output } from './coxswain/v1/Endpoint';
import type { EndpointSet as _coxswain_v1_EndpointSet, EndpointSet__Output as _coxswain_v1_EndpointSet__Output } from './coxswain/v1/EndpointSet';
import type { Event as _coxswain_v1_Event, Event__Output as _coxswain_v1_Event__Output } from './coxswain/v1/Event';
import type { ExecCheck as _coxswain_v1_ExecCheck, ExecCheck__Output as _coxswain_v1_ExecCheck__Output } from './coxswain/v1/ExecCheck';
import type { ExecOutput as _coxswain_v1_ExecOutput, ExecOutput__Output as _coxswain_v1_ExecOutput__Output } from './coxswain/v1/ExecOutput';
import type { ExecRequest as _coxswain_v1_ExecRequest, ExecRequest__Output as _coxswain_v1_ExecRequest__Output } from './coxswain/v1/ExecRequest';
import type { Generation as _coxswain_v1_Generation, Generation__Output as _coxswain_v1_Generation__Output } from './coxswain/v1/Generation';
import type { GetWorkloadRequest as _coxswain_v1_GetWorkloadRequest, GetWorkloadRequest__Output as _coxswain_v1_GetWorkloadRequest__Output } from './coxswain/v1/GetWorkloadRequest';
import type { HealthCheck as _coxswain_v1_HealthCheck, HealthCheck__Output as _coxswain_v1_HealthCheck__Output } from './coxswain/v1/HealthCheck';
import type { Heartbeat as _coxswain_v1_Heartbeat, Heartbeat__Output as _coxswain_v1_Heartbeat__Output } from './coxswain/v1/Heartbeat';
import type { HeartbeatAck as _coxswain_v1_HeartbeatAck, HeartbeatAck__Output as _coxswain_v1_HeartbeatAck__Output } from './coxswain/v1/HeartbeatAck';
import type { HttpCheck as _coxswain_v1_HttpCheck, HttpCheck__Output as _coxswain_v1_HttpCheck__Output } from './coxswain/v1/HttpCheck';
import type { JoinRequest as _coxswain_v1_JoinRequest, JoinRequest__Output as _coxswain_v1_JoinRequest__Output } from './coxswain/v1/JoinRequest';
import type { ListEndpointsRequest as _coxswain_v1_ListEndpointsRequest, ListEndpointsRequest__Output as _coxswain_v1_ListEndpointsRequest__Output } from './coxswain/v1/ListEndpointsRequest';
import type { ListEventsRequest as _coxswain_v1_ListEventsRequest, ListEventsRequest__Output as _coxswain_v1_ListEventsRequest__Output } from './coxswain/v1/ListEventsRequest';
import type { ListEventsResponse as _coxswain_v1_ListEventsResponse, ListEventsResponse__Output as _coxswain_v1_ListEventsResponse__Output } from './coxswain/v1/ListEventsResponse';
import type { ListGenerationsResponse as _coxswain_v1_ListGenerationsResponse, ListGenerationsResponse__Output as _coxswain_v1_ListGenerationsResponse__Output } from './coxswain/v1/ListGenerationsResponse';
import type { ListNodesRequest as _coxswain_v1_ListNodesRequest, ListNodesRequest__Output as _coxswain_v1_ListNodesRequest__Output } from './coxswain/v1/ListNodesRequest';
import type { ListNodesResponse as _coxswain_v1_ListNodesResponse, ListNodesResponse__Output as _coxswain_v1_ListNodesResponse__Output } from './coxswain/v1/ListNodesResponse';
import type { ListWorkloadsRequest as _coxswain_v1_ListWorkloadsRequest, ListWorkloadsRequest__Output as _coxswain_v1_ListWorkloadsRequest__Output } from './coxswain/v1/ListWorkloadsRequest';
import type { ListWorkloadsResponse as _coxswain_v1_ListWorkloadsResponse, ListWorkloadsResponse__Output as _coxswain_v1_ListWorkloadsResponse__Output } from './coxswain/v1/ListWorkloadsResponse';
import type { LogBatch as _coxswain_v1_LogBatch, LogBatch__Output as _coxswain_v1_LogBatch__Output } from './coxswain/v1/LogBatch';
import type { LogLine as _coxswain_v1_LogLine, LogLine__Output as _coxswain_v1_LogLine__Output } from './coxswain/v1/LogLine';
import type { MeshEndpoint as _coxswain_v1_MeshEndpoint, MeshEndpoint__Output as _coxswain_v1_MeshEndpoint__Output } from './coxswain/v1/MeshEndpoint';
import type { MeshPortProblem as _coxswain_v1_MeshPortProblem, MeshPortProblem__Output as _coxswain_v1_MeshPortProblem__Output } from './coxswain/v1/MeshPortProblem';
import type { MeshService as _coxswain_v1_MeshService, MeshService__Output as _coxswain_v1_MeshService__Output } from './coxswain/v1/MeshService';
import type { MeshStatus as _coxswain_v1_MeshStatus, MeshStatus__Output as _coxswain_v1_MeshStatus__Output } from './coxswain/v1/MeshStatus';
import type { MeshTable as _coxswain_v1_MeshTable, MeshTable__Output as _coxswain_v1_MeshTable__Output } from './coxswain/v1/MeshTable';
import type { Mount as _coxswain_v1_Mount, Mount__Output as _coxswain_v1_Mount__Output } from './coxswain/v1/Mount';
import type { Move as _coxswain_v1_Move, Move__Output as _coxswain_v1_Move__Output } from './coxswain/v1/Move';
import type { Node as _coxswain_v1_Node, Node__Output as _coxswain_v1_Node__Output } from './coxswain/v1/Node';
import type { NodeCondition as _coxswain_v1_NodeCondition, NodeCondition__Output as _coxswain_v1_NodeCondition__Output } from './coxswain/v1/NodeCondition';
import type { NodeRequest as _coxswain_v1_NodeRequest, NodeRequest__Output as _coxswain_v1_NodeRequest__Output } from './coxswain/v1/NodeRequest';
import type { NodeUsage as _coxswain_v1_NodeUsage, NodeUsage__Output as _coxswain_v1_NodeUsage__Output } from './coxswain/v1/NodeUsage';
import type { OpenSession as _coxswain_v1_OpenSession, OpenSession__Output as _coxswain_v1_OpenSession__Output } from './coxswain/v1/OpenSession';
import type { PortSpec as _coxswain_v1_PortSpec, PortSpec__Output as _coxswain_v1_PortSpec__Output } from './coxswain/v1/PortSpec';
import type { RebalanceRequest as _coxswain_v1_RebalanceRequest, RebalanceRequest__Output as _coxswain_v1_RebalanceRequest__Output } from './coxswain/v1/RebalanceRequest';
import type { RebalanceResponse as _coxswain_v1_RebalanceResponse, RebalanceResponse__Output as _coxswain_v1_RebalanceResponse__Output } from './coxswain/v1/RebalanceResponse';
import type { Register as _coxswain_v1_Register, Register__Output as _coxswain_v1_Register__Output } from './coxswain/v1/Register';
import type { Registered as _coxswain_v1_Registered, Registered__Output as _coxswain_v1_Registered__Output } from './coxswain/v1/Registered';
import type { RelayDown as _coxswain_v1_RelayDown, RelayDown__Output as _coxswain_v1_RelayDown__Output } from './coxswain/v1/RelayDown';
import type { RelayError as _coxswain_v1_RelayError, RelayError__Output as _coxswain_v1_RelayError__Output } from './coxswain/v1/RelayError';
import type { RelayHello as _coxswain_v1_RelayHello, RelayHello__Output as _coxswain_v1_RelayHello__Output } from './coxswain/v1/RelayHello';
import type { RelayUp as _coxswain_v1_RelayUp, RelayUp__Output as _coxswain_v1_RelayUp__Output } from './coxswain/v1/RelayUp';
import type { RemoveNodeResponse as _coxswain_v1_RemoveNodeResponse, RemoveNodeResponse__Output as _coxswain_v1_RemoveNodeResponse__Output } from './coxswain/v1/RemoveNodeResponse';
import type { RenewRequest as _coxswain_v1_RenewRequest, RenewRequest__Output as _coxswain_v1_RenewRequest__Output } from './coxswain/v1/RenewRequest';
import type { ReplicaStatus as _coxswain_v1_ReplicaStatus, ReplicaStatus__Output as _coxswain_v1_ReplicaStatus__Output } from './coxswain/v1/ReplicaStatus';
import type { Resources as _coxswain_v1_Resources, Resources__Output as _coxswain_v1_Resources__Output } from './coxswain/v1/Resources';
import type { RollbackWorkloadRequest as _coxswain_v1_RollbackWorkloadRequest, RollbackWorkloadRequest__Output as _coxswain_v1_RollbackWorkloadRequest__Output } from './coxswain/v1/RollbackWorkloadRequest';
import type { RolloutStatus as _coxswain_v1_RolloutStatus, RolloutStatus__Output as _coxswain_v1_RolloutStatus__Output } from './coxswain/v1/RolloutStatus';
import type { RotateJoinTokenRequest as _coxswain_v1_RotateJoinTokenRequest, RotateJoinTokenRequest__Output as _coxswain_v1_RotateJoinTokenRequest__Output } from './coxswain/v1/RotateJoinTokenRequest';
import type { RotateJoinTokenResponse as _coxswain_v1_RotateJoinTokenResponse, RotateJoinTokenResponse__Output as _coxswain_v1_RotateJoinTokenResponse__Output } from './coxswain/v1/RotateJoinTokenResponse';
import type { ScaleWorkloadRequest as _coxswain_v1_ScaleWorkloadRequest, ScaleWorkloadRequest__Output as _coxswain_v1_ScaleWorkloadRequest__Output } from './coxswain/v1/ScaleWorkloadRequest';
import type { ServicePort as _coxswain_v1_ServicePort, ServicePort__Output as _coxswain_v1_ServicePort__Output } from './coxswain/v1/ServicePort';
import type { StartReplica as _coxswain_v1_StartReplica, StartReplica__Output as _coxswain_v1_StartReplica__Output } from './coxswain/v1/StartReplica';
import type { StopContainer as _coxswain_v1_StopContainer, StopContainer__Output as _coxswain_v1_StopContainer__Output } from './coxswain/v1/StopContainer';
import type { StreamLogsRequest as _coxswain_v1_StreamLogsRequest, StreamLogsRequest__Output as _coxswain_v1_StreamLogsRequest__Output } from './coxswain/v1/StreamLogsRequest';
import type { TcpCheck as _coxswain_v1_TcpCheck, TcpCheck__Output as _coxswain_v1_TcpCheck__Output } from './coxswain/v1/TcpCheck';
import type { TerminalSize as _coxswain_v1_TerminalSize, TerminalSize__Output as _coxswain_v1_TerminalSize__Output } from './coxswain/v1/TerminalSize';
import type { UpdatePolicy as _coxswain_v1_UpdatePolicy, UpdatePolicy__Output as _coxswain_v1_UpdatePolicy__Output } from './coxswain/v1/UpdatePolicy';
import type { WatchEndpointsRequest as _coxswain_v1_WatchEndpointsRequest, WatchEndpointsRequest__Output as _coxswain_v1_WatchEndpointsRequest__Output } from './coxswain/v1/WatchEndpointsRequest';
import type { WatchEventsRequest as _coxswain_v1_WatchEventsRequest, WatchEventsRequest__Output as _coxswain_v1_WatchEventsRequest__Output } from './coxswain/v1/WatchEventsRequest';
import type { Workload as _coxswain_v1_Workload, Workload__Output as _coxswain_v1_Workload__Output } from './coxswain/v1/Workload';
import type { WorkloadSpec as _coxswain_v1_WorkloadSpec, WorkloadSpec__Output as _coxswain_v1_WorkloadSpec__Output } from './coxswain/v1/WorkloadSpec';
import type { WorkloadStatus as _coxswain_v1_WorkloadStatus, WorkloadStatus__Output as _coxswain_v1_WorkloadStatus__Output } from './coxswain/v1/WorkloadStatus';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  coxswain: {
    v1: {
      /**
       * The agents' side. Join needs TLS but no client certificate; Renew and Connect need the
       * client certificate that Join (or an earlier Renew) issued, for the node they name.
       */
      AgentGateway: SubtypeConstructor<typeof grpc.Client, _coxswain_v1_AgentGatewayClient> & { service: _coxswain_v1_AgentGatewayDefinition }
      AgentMessage: MessageTypeDefinition<_coxswain_v1_AgentMessage, _coxswain_v1_AgentMessage__Output>
      AllocatedPort: MessageTypeDefinition<_coxswain_v1_AllocatedPort, _coxswain_v1_AllocatedPort__Output>
      ApplyWorkloadRequest: MessageTypeDefinition<_coxswain_v1_ApplyWorkloadRequest, _coxswain_v1_ApplyWorkloadRequest__Output>
      CertificateResponse: MessageTypeDefinition<_coxswain_v1_CertificateResponse, _coxswain_v1_CertificateResponse__Output>
      CommandAck: MessageTypeDefinition<_coxswain_v1_CommandAck, _coxswain_v1_CommandAck__Output>
      ContainerInfo: MessageTypeDefinition<_coxswain_v1_ContainerInfo, _coxswain_v1_ContainerInfo__Output>
      ContainerReport: MessageTypeDefinition<_coxswain_v1_ContainerReport, _coxswain_v1_ContainerReport__Output>
      ControlMessage: MessageTypeDefinition<_coxswain_v1_ControlMessage, _coxswain_v1_ControlMessage__Output>
      /**
       * The user API.
       */
      ControlPlane: SubtypeConstructor<typeof grpc.Client, _coxswain_v1_ControlPlaneClient> & { service: _coxswain_v1_ControlPlaneDefinition }
      DeleteWorkloadRequest: MessageTypeDefinition<_coxswain_v1_DeleteWorkloadRequest, _coxswain_v1_DeleteWorkloadRequest__Output>
      DeleteWorkloadResponse: MessageTypeDefinition<_coxswain_v1_DeleteWorkloadResponse, _coxswain_v1_DeleteWorkloadResponse__Output>
      Endpoint: MessageTypeDefinition<_coxswain_v1_Endpoint, _coxswain_v1_Endpoint__Output>
      EndpointSet: MessageTypeDefinition<_coxswain_v1_EndpointSet, _coxswain_v1_EndpointSet__Output>
      Event: MessageTypeDefinition<_coxswain_v1_Event, _coxswain_v1_Event__Output>
      ExecCheck: MessageTypeDefinition<_coxswain_v1_ExecCheck, _coxswain_v1_ExecCheck__Output>
      ExecOutput: MessageTypeDefinition<_coxswain_v1_ExecOutput, _coxswain_v1_ExecOutput__Output>
      ExecRequest: MessageTypeDefinition<_coxswain_v1_ExecRequest, _coxswain_v1_ExecRequest__Output>
      Generation: MessageTypeDefinition<_coxswain_v1_Generation, _coxswain_v1_Generation__Output>
      GetWorkloadRequest: MessageTypeDefinition<_coxswain_v1_GetWorkloadRequest, _coxswain_v1_GetWorkloadRequest__Output>
      HealthCheck: MessageTypeDefinition<_coxswain_v1_HealthCheck, _coxswain_v1_HealthCheck__Output>
      Heartbeat: MessageTypeDefinition<_coxswain_v1_Heartbeat, _coxswain_v1_Heartbeat__Output>
      HeartbeatAck: MessageTypeDefinition<_coxswain_v1_HeartbeatAck, _coxswain_v1_HeartbeatAck__Output>
      HttpCheck: MessageTypeDefinition<_coxswain_v1_HttpCheck, _coxswain_v1_HttpCheck__Output>
      JoinRequest: MessageTypeDefinition<_coxswain_v1_JoinRequest, _coxswain_v1_JoinRequest__Output>
      ListEndpointsRequest: MessageTypeDefinition<_coxswain_v1_ListEndpointsRequest, _coxswain_v1_ListEndpointsRequest__Output>
      ListEventsRequest: MessageTypeDefinition<_coxswain_v1_ListEventsRequest, _coxswain_v1_ListEventsRequest__Output>
      ListEventsResponse: MessageTypeDefinition<_coxswain_v1_ListEventsResponse, _coxswain_v1_ListEventsResponse__Output>
      ListGenerationsResponse: MessageTypeDefinition<_coxswain_v1_ListGenerationsResponse, _coxswain_v1_ListGenerationsResponse__Output>
      ListNodesRequest: MessageTypeDefinition<_coxswain_v1_ListNodesRequest, _coxswain_v1_ListNodesRequest__Output>
      ListNodesResponse: MessageTypeDefinition<_coxswain_v1_ListNodesResponse, _coxswain_v1_ListNodesResponse__Output>
      ListWorkloadsRequest: MessageTypeDefinition<_coxswain_v1_ListWorkloadsRequest, _coxswain_v1_ListWorkloadsRequest__Output>
      ListWorkloadsResponse: MessageTypeDefinition<_coxswain_v1_ListWorkloadsResponse, _coxswain_v1_ListWorkloadsResponse__Output>
      LogBatch: MessageTypeDefinition<_coxswain_v1_LogBatch, _coxswain_v1_LogBatch__Output>
      LogLine: MessageTypeDefinition<_coxswain_v1_LogLine, _coxswain_v1_LogLine__Output>
      MeshEndpoint: MessageTypeDefinition<_coxswain_v1_MeshEndpoint, _coxswain_v1_MeshEndpoint__Output>
      MeshPortProblem: MessageTypeDefinition<_coxswain_v1_MeshPortProblem, _coxswain_v1_MeshPortProblem__Output>
      MeshService: MessageTypeDefinition<_coxswain_v1_MeshService, _coxswain_v1_MeshService__Output>
      MeshStatus: MessageTypeDefinition<_coxswain_v1_MeshStatus, _coxswain_v1_MeshStatus__Output>
      MeshTable: MessageTypeDefinition<_coxswain_v1_MeshTable, _coxswain_v1_MeshTable__Output>
      Mount: MessageTypeDefinition<_coxswain_v1_Mount, _coxswain_v1_Mount__Output>
      Move: MessageTypeDefinition<_coxswain_v1_Move, _coxswain_v1_Move__Output>
      Node: MessageTypeDefinition<_coxswain_v1_Node, _coxswain_v1_Node__Output>
      NodeCondition: MessageTypeDefinition<_coxswain_v1_NodeCondition, _coxswain_v1_NodeCondition__Output>
      NodeRequest: MessageTypeDefinition<_coxswain_v1_NodeRequest, _coxswain_v1_NodeRequest__Output>
      NodeState: EnumTypeDefinition
      NodeUsage: MessageTypeDefinition<_coxswain_v1_NodeUsage, _coxswain_v1_NodeUsage__Output>
      OpenSession: MessageTypeDefinition<_coxswain_v1_OpenSession, _coxswain_v1_OpenSession__Output>
      PortSpec: MessageTypeDefinition<_coxswain_v1_PortSpec, _coxswain_v1_PortSpec__Output>
      RebalanceRequest: MessageTypeDefinition<_coxswain_v1_RebalanceRequest, _coxswain_v1_RebalanceRequest__Output>
      RebalanceResponse: MessageTypeDefinition<_coxswain_v1_RebalanceResponse, _coxswain_v1_RebalanceResponse__Output>
      Register: MessageTypeDefinition<_coxswain_v1_Register, _coxswain_v1_Register__Output>
      Registered: MessageTypeDefinition<_coxswain_v1_Registered, _coxswain_v1_Registered__Output>
      RelayDown: MessageTypeDefinition<_coxswain_v1_RelayDown, _coxswain_v1_RelayDown__Output>
      RelayError: MessageTypeDefinition<_coxswain_v1_RelayError, _coxswain_v1_RelayError__Output>
      RelayHello: MessageTypeDefinition<_coxswain_v1_RelayHello, _coxswain_v1_RelayHello__Output>
      RelayUp: MessageTypeDefinition<_coxswain_v1_RelayUp, _coxswain_v1_RelayUp__Output>
      RemoveNodeResponse: MessageTypeDefinition<_coxswain_v1_RemoveNodeResponse, _coxswain_v1_RemoveNodeResponse__Output>
      RenewRequest: MessageTypeDefinition<_coxswain_v1_RenewRequest, _coxswain_v1_RenewRequest__Output>
      ReplicaState: EnumTypeDefinition
      ReplicaStatus: MessageTypeDefinition<_coxswain_v1_ReplicaStatus, _coxswain_v1_ReplicaStatus__Output>
      Resources: MessageTypeDefinition<_coxswain_v1_Resources, _coxswain_v1_Resources__Output>
      RollbackWorkloadRequest: MessageTypeDefinition<_coxswain_v1_RollbackWorkloadRequest, _coxswain_v1_RollbackWorkloadRequest__Output>
      RolloutStatus: MessageTypeDefinition<_coxswain_v1_RolloutStatus, _coxswain_v1_RolloutStatus__Output>
      RotateJoinTokenRequest: MessageTypeDefinition<_coxswain_v1_RotateJoinTokenRequest, _coxswain_v1_RotateJoinTokenRequest__Output>
      RotateJoinTokenResponse: MessageTypeDefinition<_coxswain_v1_RotateJoinTokenResponse, _coxswain_v1_RotateJoinTokenResponse__Output>
      ScaleWorkloadRequest: MessageTypeDefinition<_coxswain_v1_ScaleWorkloadRequest, _coxswain_v1_ScaleWorkloadRequest__Output>
      ServicePort: MessageTypeDefinition<_coxswain_v1_ServicePort, _coxswain_v1_ServicePort__Output>
      StartReplica: MessageTypeDefinition<_coxswain_v1_StartReplica, _coxswain_v1_StartReplica__Output>
      StopContainer: MessageTypeDefinition<_coxswain_v1_StopContainer, _coxswain_v1_StopContainer__Output>
      StreamLogsRequest: MessageTypeDefinition<_coxswain_v1_StreamLogsRequest, _coxswain_v1_StreamLogsRequest__Output>
      TcpCheck: MessageTypeDefinition<_coxswain_v1_TcpCheck, _coxswain_v1_TcpCheck__Output>
      TerminalSize: MessageTypeDefinition<_coxswain_v1_TerminalSize, _coxswain_v1_TerminalSize__Output>
      UpdatePolicy: MessageTypeDefinition<_coxswain_v1_UpdatePolicy, _coxswain_v1_UpdatePolicy__Output>
      WatchEndpointsRequest: MessageTypeDefinition<_coxswain_v1_WatchEndpointsRequest, _coxswain_v1_WatchEndpointsRequest__Output>
      WatchEventsRequest: MessageTypeDefinition<_coxswain_v1_WatchEventsRequest, _coxswain_v1_WatchEventsRequest__Output>
      Workload: MessageTypeDefinition<_coxswain_v1_Workload, _coxswain_v1_Workload__Output>
      WorkloadSpec: MessageTypeDefinition<_coxswain_v1_WorkloadSpec, _coxswain_v1_WorkloadSpec__Output>
      WorkloadStatus: MessageTypeDefinition<_coxswain_v1_WorkloadStatus, _coxswain_v1_WorkloadStatus__Output>
    }
  }
}

