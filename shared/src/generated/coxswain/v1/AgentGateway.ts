// Original file: ../proto/coxswain/v1/coxswain.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AgentMessage as _coxswain_v1_AgentMessage, AgentMessage__Output as _coxswain_v1_AgentMessage__Output } from '../../coxswain/v1/AgentMessage';
import type { CertificateResponse as _coxswain_v1_CertificateResponse, CertificateResponse__Output as _coxswain_v1_CertificateResponse__Output } from '../../coxswain/v1/CertificateResponse';
import type { ControlMessage as _coxswain_v1_ControlMessage, ControlMessage__Output as _coxswain_v1_ControlMessage__Output } from '../../coxswain/v1/ControlMessage';
import type { JoinRequest as _coxswain_v1_JoinRequest, JoinRequest__Output as _coxswain_v1_JoinRequest__Output } from '../../coxswain/v1/JoinRequest';
import type { RelayDown as _coxswain_v1_RelayDown, RelayDown__Output as _coxswain_v1_RelayDown__Output } from '../../coxswain/v1/RelayDown';
import type { RelayUp as _coxswain_v1_RelayUp, RelayUp__Output as _coxswain_v1_RelayUp__Output } from '../../coxswain/v1/RelayUp';
import type { RenewRequest as _coxswain_v1_RenewRequest, RenewRequest__Output as _coxswain_v1_RenewRequest__Output } from '../../coxswain/v1/RenewRequest';

/**
 * The agents' side. Join needs TLS but no client certificate; Renew and Connect need the
 * client certificate that Join (or an earlier Renew) issued, for the node they name.
 */
export interface AgentGatewayClient extends grpc.Client {
  /**
   * One long-lived bidirectional stream per host.
   */
  Connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_coxswain_v1_AgentMessage, _coxswain_v1_ControlMessage__Output>;
  Connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_coxswain_v1_AgentMessage, _coxswain_v1_ControlMessage__Output>;
  /**
   * One long-lived bidirectional stream per host.
   */
  connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_coxswain_v1_AgentMessage, _coxswain_v1_ControlMessage__Output>;
  connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_coxswain_v1_AgentMessage, _coxswain_v1_ControlMessage__Output>;
  
  /**
   * Admits a host: the join token in exchange for a short-lived client certificate.
   */
  Join(argument: _coxswain_v1_JoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_CertificateResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _coxswain_v1_JoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_CertificateResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _coxswain_v1_JoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_CertificateResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _coxswain_v1_JoinRequest, callback: grpc.requestCallback<_coxswain_v1_CertificateResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Admits a host: the join token in exchange for a short-lived client certificate.
   */
  join(argument: _coxswain_v1_JoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_CertificateResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _coxswain_v1_JoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_CertificateResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _coxswain_v1_JoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_CertificateResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _coxswain_v1_JoinRequest, callback: grpc.requestCallback<_coxswain_v1_CertificateResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * One call per log or exec session the control plane opened with OpenSession on Connect: the
   * agent's first message names the session, then output flows up and stdin down. A session's
   * data never queues in front of Connect's heartbeats, and each session has HTTP/2 flow
   * control of its own, so a slow reader holds up only its own session.
   */
  Relay(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_coxswain_v1_RelayUp, _coxswain_v1_RelayDown__Output>;
  Relay(options?: grpc.CallOptions): grpc.ClientDuplexStream<_coxswain_v1_RelayUp, _coxswain_v1_RelayDown__Output>;
  /**
   * One call per log or exec session the control plane opened with OpenSession on Connect: the
   * agent's first message names the session, then output flows up and stdin down. A session's
   * data never queues in front of Connect's heartbeats, and each session has HTTP/2 flow
   * control of its own, so a slow reader holds up only its own session.
   */
  relay(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_coxswain_v1_RelayUp, _coxswain_v1_RelayDown__Output>;
  relay(options?: grpc.CallOptions): grpc.ClientDuplexStream<_coxswain_v1_RelayUp, _coxswain_v1_RelayDown__Output>;
  
  /**
   * A fresh certificate for the calling node, before its current one expires.
   */
  Renew(argument: _coxswain_v1_RenewRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_CertificateResponse__Output>): grpc.ClientUnaryCall;
  Renew(argument: _coxswain_v1_RenewRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_CertificateResponse__Output>): grpc.ClientUnaryCall;
  Renew(argument: _coxswain_v1_RenewRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_CertificateResponse__Output>): grpc.ClientUnaryCall;
  Renew(argument: _coxswain_v1_RenewRequest, callback: grpc.requestCallback<_coxswain_v1_CertificateResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A fresh certificate for the calling node, before its current one expires.
   */
  renew(argument: _coxswain_v1_RenewRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_CertificateResponse__Output>): grpc.ClientUnaryCall;
  renew(argument: _coxswain_v1_RenewRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_coxswain_v1_CertificateResponse__Output>): grpc.ClientUnaryCall;
  renew(argument: _coxswain_v1_RenewRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_coxswain_v1_CertificateResponse__Output>): grpc.ClientUnaryCall;
  renew(argument: _coxswain_v1_RenewRequest, callback: grpc.requestCallback<_coxswain_v1_CertificateResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * The agents' side. Join needs TLS but no client certificate; Renew and Connect need the
 * client certificate that Join (or an earlier Renew) issued, for the node they name.
 */
export interface AgentGatewayHandlers extends grpc.UntypedServiceImplementation {
  /**
   * One long-lived bidirectional stream per host.
   */
  Connect: grpc.handleBidiStreamingCall<_coxswain_v1_AgentMessage__Output, _coxswain_v1_ControlMessage>;
  
  /**
   * Admits a host: the join token in exchange for a short-lived client certificate.
   */
  Join: grpc.handleUnaryCall<_coxswain_v1_JoinRequest__Output, _coxswain_v1_CertificateResponse>;
  
  /**
   * One call per log or exec session the control plane opened with OpenSession on Connect: the
   * agent's first message names the session, then output flows up and stdin down. A session's
   * data never queues in front of Connect's heartbeats, and each session has HTTP/2 flow
   * control of its own, so a slow reader holds up only its own session.
   */
  Relay: grpc.handleBidiStreamingCall<_coxswain_v1_RelayUp__Output, _coxswain_v1_RelayDown>;
  
  /**
   * A fresh certificate for the calling node, before its current one expires.
   */
  Renew: grpc.handleUnaryCall<_coxswain_v1_RenewRequest__Output, _coxswain_v1_CertificateResponse>;
  
}

export interface AgentGatewayDefinition extends grpc.ServiceDefinition {
  Connect: MethodDefinition<_coxswain_v1_AgentMessage, _coxswain_v1_ControlMessage, _coxswain_v1_AgentMessage__Output, _coxswain_v1_ControlMessage__Output>
  Join: MethodDefinition<_coxswain_v1_JoinRequest, _coxswain_v1_CertificateResponse, _coxswain_v1_JoinRequest__Output, _coxswain_v1_CertificateResponse__Output>
  Relay: MethodDefinition<_coxswain_v1_RelayUp, _coxswain_v1_RelayDown, _coxswain_v1_RelayUp__Output, _coxswain_v1_RelayDown__Output>
  Renew: MethodDefinition<_coxswain_v1_RenewRequest, _coxswain_v1_CertificateResponse, _coxswain_v1_RenewRequest__Output, _coxswain_v1_CertificateResponse__Output>
}
