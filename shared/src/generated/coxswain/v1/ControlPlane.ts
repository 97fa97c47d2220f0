// Original file: ../proto/coxswain/v1/coxswain.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ApplyWorkloadRequest as _coxswain_v1_ApplyWorkloadRequest, ApplyWorkloadRequest__Output as _coxswain_v1_ApplyWorkloadRequest__Output } from '../../coxswain/v1/ApplyWorkloadRequest';
import type { DeleteWorkloadRequest as _coxswain_v1_DeleteWorkloadRequest, DeleteWorkloadRequest__Output as _coxswain_v1_DeleteWorkloadRequest__Output } from '../../coxswain/v1/DeleteWorkloadRequest';
import type { DeleteWorkloadResponse as _coxswain_v1_DeleteWorkloadResponse, DeleteWorkloadResponse__Output as _coxswain_v1_DeleteWorkloadResponse__Output } from '../../coxswain/v1/DeleteWorkloadResponse';
import type { EndpointSet as _coxswain_v1_EndpointSet, EndpointSet__Output as _coxswain_v1_EndpointSet__Output } from '../../coxswain/v1/EndpointSet';
import type { Event as _coxswain_v1_Event, Event__Output as _coxswain_v1_Event__Output } from '../../coxswain/v1/Event';
import type { ExecOutput as _coxswain_v1_ExecOutput, ExecOutput__Output as _coxswain_v1_ExecOutput__Output } from '../../coxswain/v1/ExecOutput';
import type { ExecRequest as _coxswain_v1_ExecRequest, ExecRequest__Output as _coxswain_v1_ExecRequest__Output } from '../../coxswain/v1/ExecRequest';
import type { GetWorkloadRequest as _coxswain_v1_GetWorkloadRequest, GetWorkloadRequest__Output as _coxswain_v1_GetWorkloadRequest__Output } from '../../coxswain/v1/GetWorkloadRequest';
import type { ListEndpointsRequest as _coxswain_v1_ListEndpointsRequest, ListEndpointsRequest__Output as _coxswain_v1_ListEndpointsRequest__Output } from '../../coxswain/v1/ListEndpointsRequest';
import type { ListEventsRequest as _coxswain_v1_ListEventsRequest, ListEventsRequest__Output as _coxswain_v1_ListEventsRequest__Output } from '../../coxswain/v1/ListEventsRequest';
import type { ListEventsResponse as _coxswain_v1_ListEventsResponse, ListEventsResponse__Output as _coxswain_v1_ListEventsResponse__Output } from '../../coxswain/v1/ListEventsResponse';
import type { ListGenerationsResponse as _coxswain_v1_ListGenerationsResponse, ListGenerationsResponse__Output as _coxswain_v1_ListGenerationsResponse__Output } from '../../coxswain/v1/ListGenerationsResponse';
import type { ListNodesRequest as _coxswain_v1_ListNodesRequest, ListNodesRequest__Output as _coxswain_v1_ListNodesRequest__Output } from '../../coxswain/v1/ListNodesRequest';
import type { ListNodesResponse as _coxswain_v1_ListNodesResponse, ListNodesResponse__Output as _coxswain_v1_ListNodesResponse__Output } from '../../coxswain/v1/ListNodesResponse';
import type { ListWorkloadsRequest as _coxswain_v1_ListWorkloadsRequest, ListWorkloadsRequest__Output as _coxswain_v1_ListWorkloadsRequest__Output } from '../../coxswain/v1/ListWorkloadsRequest';
import type { ListWorkloadsResponse as _coxswain_v1_ListWorkloadsResponse, ListWorkloadsResponse__Output as _coxswain_v1_ListWorkloadsResponse__Output } from '../../coxswain/v1/ListWorkloadsResponse';
import type { LogLine as _coxswain_v1_LogLine, LogLine__Output as _coxswain_v1_LogLine__Output } from '../../coxswain/v1/LogLine';
import type { Node as _coxswain_v1_Node, Node__Output as _coxswain_v1_Node__Output } from '../../coxswain/v1/Node';
import type { NodeRequest as _coxswain_v1_NodeRequest, NodeRequest__Output as _coxswain_v1_NodeRequest__Output } from '../../coxswain/v1/NodeRequest';
import type { RebalanceRequest as _coxswain_v1_RebalanceRequest, RebalanceRequest__Output as _coxswain_v1_RebalanceRequest__Output } from '../../coxswain/v1/RebalanceRequest';
import type { RebalanceResponse as _coxswain_v1_RebalanceResponse, RebalanceResponse__Output as _coxswain_v1_RebalanceResponse__Output } from '../../coxswain/v1/RebalanceResponse';
import type { RemoveNodeResponse as _coxswain_v1_RemoveNodeResponse, RemoveNodeResponse__Output as _coxswain_v1_RemoveNodeResponse__Output } from '../../coxswain/v1/RemoveNodeResponse';
import type { RollbackWorkloadRequest as _coxswain_v1_RollbackWorkloadRequest, RollbackWorkloadRequest__Output as _coxswain_v1_RollbackWorkloadRequest__Output } from '../../coxswain/v1/RollbackWorkloadRequest';
import type { RotateJoinTokenRequest as _coxswain_v1_RotateJoinTokenRequest, RotateJoinTokenRequest__Output as _coxswain_v1_RotateJoinTokenRequest__Output } from '../../coxswain/v1/RotateJoinTokenRequest';
import type { RotateJoinTokenResponse as _coxswain_v1_RotateJoinTokenResponse, RotateJoinTokenResponse__Output as _coxswain_v1_RotateJoinTokenResponse__Output } from '../../coxswain/v1/RotateJoinTokenResponse';
import type { ScaleWorkloadRequest as _coxswain_v1_ScaleWorkloadRequest, ScaleWorkloadRequest__Output as _coxswain_v1_ScaleWorkloadRequest__Output } from '../../coxswain/v1/ScaleWorkloadRequest';
import type { StreamLogsRequest as _coxswain_v1_StreamLogsRequest, StreamLogsRequest__Output as _coxswain_v1_StreamLogsRequest__Output } from '../../coxswain/v1/StreamLogsRequest';
import type { WatchEndpointsRequest as _coxswain_v1_WatchEndpointsRequest, WatchEndpointsRequest__Output as _coxswain_v1_WatchEndpointsRequest__Output } from '../../coxswain/v1/WatchEndpointsRequest';
import type { WatchEventsRequest as _coxswain_v1_WatchEventsRequest, WatchEventsRequest__Output as _coxswain_v1_WatchEventsRequest__Output } from '../../coxswain/v1/WatchEventsRequest';
import type { Workload as _coxswain_v1_Workload, Workload__Output as _coxswain_v1_Workload__Output } from '../../coxswain/v1/Workload';

/**
 * The user API.
 */
export interface ControlPlaneClient extends grpc.Client {
  /**
   * Declarative: the same spec twice changes nothing; a changed spec replaces replicas.
   */
  ApplyWorkload(argument: _coxswain_v1_ApplyWorkloadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  ApplyWorkload(argument: _coxswain_v1_ApplyWorkloadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  ApplyWorkload(argument: _coxswain_v1_ApplyWorkloadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  ApplyWorkload(argument: _coxswain_v1_ApplyWorkloadRequest, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  /**
   * Declarative: the same spec twice changes nothing; a changed spec replaces replicas.
   */
  applyWorkload(argument: _coxswain_v1_ApplyWorkloadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  applyWorkload(argument: _coxswain_v1_ApplyWorkloadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  applyWorkload(argument: _coxswain_v1_ApplyWorkloadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  applyWorkload(argument: _coxswain_v1_ApplyWorkloadRequest, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  
  /**
   * A cordoned node receives no new replicas; what runs there stays.
   */
  CordonNode(argument: _coxswain_v1_NodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  CordonNode(argument: _coxswain_v1_NodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  CordonNode(argument: _coxswain_v1_NodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  CordonNode(argument: _coxswain_v1_NodeRequest, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  /**
   * A cordoned node receives no new replicas; what runs there stays.
   */
  cordonNode(argument: _coxswain_v1_NodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  cordonNode(argument: _coxswain_v1_NodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  cordonNode(argument: _coxswain_v1_NodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  cordonNode(argument: _coxswain_v1_NodeRequest, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  
  DeleteWorkload(argument: _coxswain_v1_DeleteWorkloadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_DeleteWorkloadResponse__Output>): grpc.ClientUnaryCall;
  DeleteWorkload(argument: _coxswain_v1_DeleteWorkloadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_DeleteWorkloadResponse__Output>): grpc.ClientUnaryCall;
  DeleteWorkload(argument: _coxswain_v1_DeleteWorkloadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_DeleteWorkloadResponse__Output>): grpc.ClientUnaryCall;
  DeleteWorkload(argument: _coxswain_v1_DeleteWorkloadRequest, callback: grpc.requestCallback<_coxswain_v1_DeleteWorkloadResponse__Output>): grpc.ClientUnaryCall;
  deleteWorkload(argument: _coxswain_v1_DeleteWorkloadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_DeleteWorkloadResponse__Output>): grpc.ClientUnaryCall;
  deleteWorkload(argument: _coxswain_v1_DeleteWorkloadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_DeleteWorkloadResponse__Output>): grpc.ClientUnaryCall;
  deleteWorkload(argument: _coxswain_v1_DeleteWorkloadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_DeleteWorkloadResponse__Output>): grpc.ClientUnaryCall;
  deleteWorkload(argument: _coxswain_v1_DeleteWorkloadRequest, callback: grpc.requestCallback<_coxswain_v1_DeleteWorkloadResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Cordons the node and moves every replica off it, start-before-stop.
   */
  DrainNode(argument: _coxswain_v1_NodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  DrainNode(argument: _coxswain_v1_NodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  DrainNode(argument: _coxswain_v1_NodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  DrainNode(argument: _coxswain_v1_NodeRequest, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  /**
   * Cordons the node and moves every replica off it, start-before-stop.
   */
  drainNode(argument: _coxswain_v1_NodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  drainNode(argument: _coxswain_v1_NodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  drainNode(argument: _coxswain_v1_NodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  drainNode(argument: _coxswain_v1_NodeRequest, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  
  /**
   * A command in a replica's container: the first message names it, later ones carry stdin.
   */
  Exec(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_coxswain_v1_ExecRequest, _coxswain_v1_ExecOutput__Output>;
  Exec(options?: grpc.CallOptions): grpc.ClientDuplexStream<_coxswain_v1_ExecRequest, _coxswain_v1_ExecOutput__Output>;
  /**
   * A command in a replica's container: the first message names it, later ones carry stdin.
   */
  exec(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_coxswain_v1_ExecRequest, _coxswain_v1_ExecOutput__Output>;
  exec(options?: grpc.CallOptions): grpc.ClientDuplexStream<_coxswain_v1_ExecRequest, _coxswain_v1_ExecOutput__Output>;
  
  GetWorkload(argument: _coxswain_v1_GetWorkloadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  GetWorkload(argument: _coxswain_v1_GetWorkloadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  GetWorkload(argument: _coxswain_v1_GetWorkloadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  GetWorkload(argument: _coxswain_v1_GetWorkloadRequest, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  getWorkload(argument: _coxswain_v1_GetWorkloadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  getWorkload(argument: _coxswain_v1_GetWorkloadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  getWorkload(argument: _coxswain_v1_GetWorkloadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  getWorkload(argument: _coxswain_v1_GetWorkloadRequest, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  
  /**
   * Where the ready replicas of a workload listen: running, ready, on READY nodes.
   */
  ListEndpoints(argument: _coxswain_v1_ListEndpointsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_EndpointSet__Output>): grpc.ClientUnaryCall;
  ListEndpoints(argument: _coxswain_v1_ListEndpointsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_EndpointSet__Output>): grpc.ClientUnaryCall;
  ListEndpoints(argument: _coxswain_v1_ListEndpointsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_EndpointSet__Output>): grpc.ClientUnaryCall;
  ListEndpoints(argument: _coxswain_v1_ListEndpointsRequest, callback: grpc.requestCallback<_coxswain_v1_EndpointSet__Output>): grpc.ClientUnaryCall;
  /**
   * Where the ready replicas of a workload listen: running, ready, on READY nodes.
   */
  listEndpoints(argument: _coxswain_v1_ListEndpointsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_EndpointSet__Output>): grpc.ClientUnaryCall;
  listEndpoints(argument: _coxswain_v1_ListEndpointsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_EndpointSet__Output>): grpc.ClientUnaryCall;
  listEndpoints(argument: _coxswain_v1_ListEndpointsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_EndpointSet__Output>): grpc.ClientUnaryCall;
  listEndpoints(argument: _coxswain_v1_ListEndpointsRequest, callback: grpc.requestCallback<_coxswain_v1_EndpointSet__Output>): grpc.ClientUnaryCall;
  
  /**
   * The newest stored events of a workload or a node (or of everything), oldest first.
   */
  ListEvents(argument: _coxswain_v1_ListEventsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  ListEvents(argument: _coxswain_v1_ListEventsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  ListEvents(argument: _coxswain_v1_ListEventsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  ListEvents(argument: _coxswain_v1_ListEventsRequest, callback: grpc.requestCallback<_coxswain_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The newest stored events of a workload or a node (or of everything), oldest first.
   */
  listEvents(argument: _coxswain_v1_ListEventsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  listEvents(argument: _coxswain_v1_ListEventsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  listEvents(argument: _coxswain_v1_ListEventsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  listEvents(argument: _coxswain_v1_ListEventsRequest, callback: grpc.requestCallback<_coxswain_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The last generations of a workload (up to 10) with their specs, newest first.
   */
  ListGenerations(argument: _coxswain_v1_GetWorkloadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_ListGenerationsResponse__Output>): grpc.ClientUnaryCall;
  ListGenerations(argument: _coxswain_v1_GetWorkloadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_ListGenerationsResponse__Output>): grpc.ClientUnaryCall;
  ListGenerations(argument: _coxswain_v1_GetWorkloadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_ListGenerationsResponse__Output>): grpc.ClientUnaryCall;
  ListGenerations(argument: _coxswain_v1_GetWorkloadRequest, callback: grpc.requestCallback<_coxswain_v1_ListGenerationsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The last generations of a workload (up to 10) with their specs, newest first.
   */
  listGenerations(argument: _coxswain_v1_GetWorkloadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_ListGenerationsResponse__Output>): grpc.ClientUnaryCall;
  listGenerations(argument: _coxswain_v1_GetWorkloadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_ListGenerationsResponse__Output>): grpc.ClientUnaryCall;
  listGenerations(argument: _coxswain_v1_GetWorkloadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_ListGenerationsResponse__Output>): grpc.ClientUnaryCall;
  listGenerations(argument: _coxswain_v1_GetWorkloadRequest, callback: grpc.requestCallback<_coxswain_v1_ListGenerationsResponse__Output>): grpc.ClientUnaryCall;
  
  ListNodes(argument: _coxswain_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _coxswain_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _coxswain_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _coxswain_v1_ListNodesRequest, callback: grpc.requestCallback<_coxswain_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _coxswain_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _coxswain_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _coxswain_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _coxswain_v1_ListNodesRequest, callback: grpc.requestCallback<_coxswain_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  
  ListWorkloads(argument: _coxswain_v1_ListWorkloadsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_ListWorkloadsResponse__Output>): grpc.ClientUnaryCall;
  ListWorkloads(argument: _coxswain_v1_ListWorkloadsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_ListWorkloadsResponse__Output>): grpc.ClientUnaryCall;
  ListWorkloads(argument: _coxswain_v1_ListWorkloadsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_ListWorkloadsResponse__Output>): grpc.ClientUnaryCall;
  ListWorkloads(argument: _coxswain_v1_ListWorkloadsRequest, callback: grpc.requestCallback<_coxswain_v1_ListWorkloadsResponse__Output>): grpc.ClientUnaryCall;
  listWorkloads(argument: _coxswain_v1_ListWorkloadsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_ListWorkloadsResponse__Output>): grpc.ClientUnaryCall;
  listWorkloads(argument: _coxswain_v1_ListWorkloadsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_ListWorkloadsResponse__Output>): grpc.ClientUnaryCall;
  listWorkloads(argument: _coxswain_v1_ListWorkloadsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_ListWorkloadsResponse__Output>): grpc.ClientUnaryCall;
  listWorkloads(argument: _coxswain_v1_ListWorkloadsRequest, callback: grpc.requestCallback<_coxswain_v1_ListWorkloadsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Plans (dry_run) or starts the moves that spread doubled-up replicas and empty wasted hosts.
   */
  Rebalance(argument: _coxswain_v1_RebalanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  Rebalance(argument: _coxswain_v1_RebalanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  Rebalance(argument: _coxswain_v1_RebalanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  Rebalance(argument: _coxswain_v1_RebalanceRequest, callback: grpc.requestCallback<_coxswain_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Plans (dry_run) or starts the moves that spread doubled-up replicas and empty wasted hosts.
   */
  rebalance(argument: _coxswain_v1_RebalanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  rebalance(argument: _coxswain_v1_RebalanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  rebalance(argument: _coxswain_v1_RebalanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  rebalance(argument: _coxswain_v1_RebalanceRequest, callback: grpc.requestCallback<_coxswain_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Forgets a DOWN node whose replicas have been re-placed, and revokes its certificates: the
   * host comes back only by joining again with the current join token.
   */
  RemoveNode(argument: _coxswain_v1_NodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _coxswain_v1_NodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _coxswain_v1_NodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _coxswain_v1_NodeRequest, callback: grpc.requestCallback<_coxswain_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Forgets a DOWN node whose replicas have been re-placed, and revokes its certificates: the
   * host comes back only by joining again with the current join token.
   */
  removeNode(argument: _coxswain_v1_NodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _coxswain_v1_NodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _coxswain_v1_NodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _coxswain_v1_NodeRequest, callback: grpc.requestCallback<_coxswain_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Rolls the previous (or the named) generation's spec out again, as a new generation.
   */
  RollbackWorkload(argument: _coxswain_v1_RollbackWorkloadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  RollbackWorkload(argument: _coxswain_v1_RollbackWorkloadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  RollbackWorkload(argument: _coxswain_v1_RollbackWorkloadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  RollbackWorkload(argument: _coxswain_v1_RollbackWorkloadRequest, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  /**
   * Rolls the previous (or the named) generation's spec out again, as a new generation.
   */
  rollbackWorkload(argument: _coxswain_v1_RollbackWorkloadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  rollbackWorkload(argument: _coxswain_v1_RollbackWorkloadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  rollbackWorkload(argument: _coxswain_v1_RollbackWorkloadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  rollbackWorkload(argument: _coxswain_v1_RollbackWorkloadRequest, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  
  /**
   * Replaces the join token: the old one admits no new agent; agents that joined keep working.
   */
  RotateJoinToken(argument: _coxswain_v1_RotateJoinTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_RotateJoinTokenResponse__Output>): grpc.ClientUnaryCall;
  RotateJoinToken(argument: _coxswain_v1_RotateJoinTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_RotateJoinTokenResponse__Output>): grpc.ClientUnaryCall;
  RotateJoinToken(argument: _coxswain_v1_RotateJoinTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_RotateJoinTokenResponse__Output>): grpc.ClientUnaryCall;
  RotateJoinToken(argument: _coxswain_v1_RotateJoinTokenRequest, callback: grpc.requestCallback<_coxswain_v1_RotateJoinTokenResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Replaces the join token: the old one admits no new agent; agents that joined keep working.
   */
  rotateJoinToken(argument: _coxswain_v1_RotateJoinTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_RotateJoinTokenResponse__Output>): grpc.ClientUnaryCall;
  rotateJoinToken(argument: _coxswain_v1_RotateJoinTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_RotateJoinTokenResponse__Output>): grpc.ClientUnaryCall;
  rotateJoinToken(argument: _coxswain_v1_RotateJoinTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_RotateJoinTokenResponse__Output>): grpc.ClientUnaryCall;
  rotateJoinToken(argument: _coxswain_v1_RotateJoinTokenRequest, callback: grpc.requestCallback<_coxswain_v1_RotateJoinTokenResponse__Output>): grpc.ClientUnaryCall;
  
  ScaleWorkload(argument: _coxswain_v1_ScaleWorkloadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  ScaleWorkload(argument: _coxswain_v1_ScaleWorkloadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  ScaleWorkload(argument: _coxswain_v1_ScaleWorkloadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  ScaleWorkload(argument: _coxswain_v1_ScaleWorkloadRequest, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  scaleWorkload(argument: _coxswain_v1_ScaleWorkloadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  scaleWorkload(argument: _coxswain_v1_ScaleWorkloadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  scaleWorkload(argument: _coxswain_v1_ScaleWorkloadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  scaleWorkload(argument: _coxswain_v1_ScaleWorkloadRequest, callback: grpc.requestCallback<_coxswain_v1_Workload__Output>): grpc.ClientUnaryCall;
  
  /**
   * A replica's container output, relayed from its node's agent; with `follow`, until cancelled.
   */
  StreamLogs(argument: _coxswain_v1_StreamLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_coxswain_v1_LogLine__Output>;
  StreamLogs(argument: _coxswain_v1_StreamLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_coxswain_v1_LogLine__Output>;
  /**
   * A replica's container output, relayed from its node's agent; with `follow`, until cancelled.
   */
  streamLogs(argument: _coxswain_v1_StreamLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_coxswain_v1_LogLine__Output>;
  streamLogs(argument: _coxswain_v1_StreamLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_coxswain_v1_LogLine__Output>;
  
  /**
   * Ends a cordon or a drain.
   */
  UncordonNode(argument: _coxswain_v1_NodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  UncordonNode(argument: _coxswain_v1_NodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  UncordonNode(argument: _coxswain_v1_NodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  UncordonNode(argument: _coxswain_v1_NodeRequest, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  /**
   * Ends a cordon or a drain.
   */
  uncordonNode(argument: _coxswain_v1_NodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  uncordonNode(argument: _coxswain_v1_NodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  uncordonNode(argument: _coxswain_v1_NodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  uncordonNode(argument: _coxswain_v1_NodeRequest, callback: grpc.requestCallback<_coxswain_v1_Node__Output>): grpc.ClientUnaryCall;
  
  /**
   * The whole ready set each time it changes (first the current one, unless `since_revision` is it).
   */
  WatchEndpoints(argument: _coxswain_v1_WatchEndpointsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_coxswain_v1_EndpointSet__Output>;
  WatchEndpoints(argument: _coxswain_v1_WatchEndpointsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_coxswain_v1_EndpointSet__Output>;
  /**
   * The whole ready set each time it changes (first the current one, unless `since_revision` is it).
   */
  watchEndpoints(argument: _coxswain_v1_WatchEndpointsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_coxswain_v1_EndpointSet__Output>;
  watchEndpoints(argument: _coxswain_v1_WatchEndpointsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_coxswain_v1_EndpointSet__Output>;
  
  /**
   * Streams events from now on (or from `since_seq` when set).
   */
  WatchEvents(argument: _coxswain_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_coxswain_v1_Event__Output>;
  WatchEvents(argument: _coxswain_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_coxswain_v1_Event__Output>;
  /**
   * Streams events from now on (or from `since_seq` when set).
   */
  watchEvents(argument: _coxswain_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_coxswain_v1_Event__Output>;
  watchEvents(argument: _coxswain_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_coxswain_v1_Event__Output>;
  
}

/**
 * The user API.
 */
export interface ControlPlaneHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Declarative: the same spec twice changes nothing; a changed spec replaces replicas.
   */
  ApplyWorkload: grpc.handleUnaryCall<_coxswain_v1_ApplyWorkloadRequest__Output, _coxswain_v1_Workload>;
  
  /**
   * A cordoned node receives no new replicas; what runs there stays.
   */
  CordonNode: grpc.handleUnaryCall<_coxswain_v1_NodeRequest__Output, _coxswain_v1_Node>;
  
  DeleteWorkload: grpc.handleUnaryCall<_coxswain_v1_DeleteWorkloadRequest__Output, _coxswain_v1_DeleteWorkloadResponse>;
  
  /**
   * Cordons the node and moves every replica off it, start-before-stop.
   */
  DrainNode: grpc.handleUnaryCall<_coxswain_v1_NodeRequest__Output, _coxswain_v1_Node>;
  
  /**
   * A command in a replica's container: the first message names it, later ones carry stdin.
   */
  Exec: grpc.handleBidiStreamingCall<_coxswain_v1_ExecRequest__Output, _coxswain_v1_ExecOutput>;
  
  GetWorkload: grpc.handleUnaryCall<_coxswain_v1_GetWorkloadRequest__Output, _coxswain_v1_Workload>;
  
  /**
   * Where the ready replicas of a workload listen: running, ready, on READY nodes.
   */
  ListEndpoints: grpc.handleUnaryCall<_coxswain_v1_ListEndpointsRequest__Output, _coxswain_v1_EndpointSet>;
  
  /**
   * The newest stored events of a workload or a node (or of everything), oldest first.
   */
  ListEvents: grpc.handleUnaryCall<_coxswain_v1_ListEventsRequest__Output, _coxswain_v1_ListEventsResponse>;
  
  /**
   * The last generations of a workload (up to 10) with their specs, newest first.
   */
  ListGenerations: grpc.handleUnaryCall<_coxswain_v1_GetWorkloadRequest__Output, _coxswain_v1_ListGenerationsResponse>;
  
  ListNodes: grpc.handleUnaryCall<_coxswain_v1_ListNodesRequest__Output, _coxswain_v1_ListNodesResponse>;
  
  ListWorkloads: grpc.handleUnaryCall<_coxswain_v1_ListWorkloadsRequest__Output, _coxswain_v1_ListWorkloadsResponse>;
  
  /**
   * Plans (dry_run) or starts the moves that spread doubled-up replicas and empty wasted hosts.
   */
  Rebalance: grpc.handleUnaryCall<_coxswain_v1_RebalanceRequest__Output, _coxswain_v1_RebalanceResponse>;
  
  /**
   * Forgets a DOWN node whose replicas have been re-placed, and revokes its certificates: the
   * host comes back only by joining again with the current join token.
   */
  RemoveNode: grpc.handleUnaryCall<_coxswain_v1_NodeRequest__Output, _coxswain_v1_RemoveNodeResponse>;
  
  /**
   * Rolls the previous (or the named) generation's spec out again, as a new generation.
   */
  RollbackWorkload: grpc.handleUnaryCall<_coxswain_v1_RollbackWorkloadRequest__Output, _coxswain_v1_Workload>;
  
  /**
   * Replaces the join token: the old one admits no new agent; agents that joined keep working.
   */
  RotateJoinToken: grpc.handleUnaryCall<_coxswain_v1_RotateJoinTokenRequest__Output, _coxswain_v1_RotateJoinTokenResponse>;
  
  ScaleWorkload: grpc.handleUnaryCall<_coxswain_v1_ScaleWorkloadRequest__Output, _coxswain_v1_Workload>;
  
  /**
   * A replica's container output, relayed from its node's agent; with `follow`, until cancelled.
   */
  StreamLogs: grpc.handleServerStreamingCall<_coxswain_v1_StreamLogsRequest__Output, _coxswain_v1_LogLine>;
  
  /**
   * Ends a cordon or a drain.
   */
  UncordonNode: grpc.handleUnaryCall<_coxswain_v1_NodeRequest__Output, _coxswain_v1_Node>;
  
  /**
   * The whole ready set each time it changes (first the current one, unless `since_revision` is it).
   */
  WatchEndpoints: grpc.handleServerStreamingCall<_coxswain_v1_WatchEndpointsRequest__Output, _coxswain_v1_EndpointSet>;
  
  /**
   * Streams events from now on (or from `since_seq` when set).
   */
  WatchEvents: grpc.handleServerStreamingCall<_coxswain_v1_WatchEventsRequest__Output, _coxswain_v1_Event>;
  
}

export interface ControlPlaneDefinition extends grpc.ServiceDefinition {
  ApplyWorkload: MethodDefinition<_coxswain_v1_ApplyWorkloadRequest, _coxswain_v1_Workload, _coxswain_v1_ApplyWorkloadRequest__Output, _coxswain_v1_Workload__Output>
  CordonNode: MethodDefinition<_coxswain_v1_NodeRequest, _coxswain_v1_Node, _coxswain_v1_NodeRequest__Output, _coxswain_v1_Node__Output>
  DeleteWorkload: MethodDefinition<_coxswain_v1_DeleteWorkloadRequest, _coxswain_v1_DeleteWorkloadResponse, _coxswain_v1_DeleteWorkloadRequest__Output, _coxswain_v1_DeleteWorkloadResponse__Output>
  DrainNode: MethodDefinition<_coxswain_v1_NodeRequest, _coxswain_v1_Node, _coxswain_v1_NodeRequest__Output, _coxswain_v1_Node__Output>
  Exec: MethodDefinition<_coxswain_v1_ExecRequest, _coxswain_v1_ExecOutput, _coxswain_v1_ExecRequest__Output, _coxswain_v1_ExecOutput__Output>
  GetWorkload: MethodDefinition<_coxswain_v1_GetWorkloadRequest, _coxswain_v1_Workload, _coxswain_v1_GetWorkloadRequest__Output, _coxswain_v1_Workload__Output>
  ListEndpoints: MethodDefinition<_coxswain_v1_ListEndpointsRequest, _coxswain_v1_EndpointSet, _coxswain_v1_ListEndpointsRequest__Output, _coxswain_v1_EndpointSet__Output>
  ListEvents: MethodDefinition<_coxswain_v1_ListEventsRequest, _coxswain_v1_ListEventsResponse, _coxswain_v1_ListEventsRequest__Output, _coxswain_v1_ListEventsResponse__Output>
  ListGenerations: MethodDefinition<_coxswain_v1_GetWorkloadRequest, _coxswain_v1_ListGenerationsResponse, _coxswain_v1_GetWorkloadRequest__Output, _coxswain_v1_ListGenerationsResponse__Output>
  ListNodes: MethodDefinition<_coxswain_v1_ListNodesRequest, _coxswain_v1_ListNodesResponse, _coxswain_v1_ListNodesRequest__Output, _coxswain_v1_ListNodesResponse__Output>
  ListWorkloads: MethodDefinition<_coxswain_v1_ListWorkloadsRequest, _coxswain_v1_ListWorkloadsResponse, _coxswain_v1_ListWorkloadsRequest__Output, _coxswain_v1_ListWorkloadsResponse__Output>
  Rebalance: MethodDefinition<_coxswain_v1_RebalanceRequest, _coxswain_v1_RebalanceResponse, _coxswain_v1_RebalanceRequest__Output, _coxswain_v1_RebalanceResponse__Output>
  RemoveNode: MethodDefinition<_coxswain_v1_NodeRequest, _coxswain_v1_RemoveNodeResponse, _coxswain_v1_NodeRequest__Output, _coxswain_v1_RemoveNodeResponse__Output>
  RollbackWorkload: MethodDefinition<_coxswain_v1_RollbackWorkloadRequest, _coxswain_v1_Workload, _coxswain_v1_RollbackWorkloadRequest__Output, _coxswain_v1_Workload__Output>
  RotateJoinToken: MethodDefinition<_coxswain_v1_RotateJoinTokenRequest, _coxswain_v1_RotateJoinTokenResponse, _coxswain_v1_RotateJoinTokenRequest__Output, _coxswain_v1_RotateJoinTokenResponse__Output>
  ScaleWorkload: MethodDefinition<_coxswain_v1_ScaleWorkloadRequest, _coxswain_v1_Workload, _coxswain_v1_ScaleWorkloadRequest__Output, _coxswain_v1_Workload__Output>
  StreamLogs: MethodDefinition<_coxswain_v1_StreamLogsRequest, _coxswain_v1_LogLine, _coxswain_v1_StreamLogsRequest__Output, _coxswain_v1_LogLine__Output>
  UncordonNode: MethodDefinition<_coxswain_v1_NodeRequest, _coxswain_v1_Node, _coxswain_v1_NodeRequest__Output, _coxswain_v1_Node__Output>
  WatchEndpoints: MethodDefinition<_coxswain_v1_WatchEndpointsRequest, _coxswain_v1_EndpointSet, _coxswain_v1_WatchEndpointsRequest__Output, _coxswain_v1_EndpointSet__Output>
  WatchEvents: MethodDefinition<_coxswain_v1_WatchEventsRequest, _coxswain_v1_Event, _coxswain_v1_WatchEventsRequest__Output, _coxswain_v1_Event__Output>
}
