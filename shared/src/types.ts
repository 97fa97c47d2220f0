// The API's messages as @grpc/proto-loader decodes them with LOADER_OPTIONS (camelCase, int64 as
// number, enums as names, defaults filled), derived from the types generated from proto/ (see
// decoded.ts for what the derivation adds). A field added to the proto appears here by running
// `pnpm --filter @coxswain/shared run gen:proto`; nothing is mirrored by hand.
import type { Decoded, OneOf } from './decoded';
import type { AgentMessage__Output } from './generated/coxswain/v1/AgentMessage';
import type { CertificateResponse__Output } from './generated/coxswain/v1/CertificateResponse';
import type { CommandAck__Output } from './generated/coxswain/v1/CommandAck';
import type { ContainerInfo__Output } from './generated/coxswain/v1/ContainerInfo';
import type { ContainerReport__Output } from './generated/coxswain/v1/ContainerReport';
import type { ControlMessage__Output } from './generated/coxswain/v1/ControlMessage';
import type { AllocatedPort__Output } from './generated/coxswain/v1/AllocatedPort';
import type { Endpoint__Output } from './generated/coxswain/v1/Endpoint';
import type { EndpointSet__Output } from './generated/coxswain/v1/EndpointSet';
import type { HealthCheck__Output } from './generated/coxswain/v1/HealthCheck';
import type { Mount__Output } from './generated/coxswain/v1/Mount';
import type { MeshEndpoint__Output } from './generated/coxswain/v1/MeshEndpoint';
import type { MeshPortProblem__Output } from './generated/coxswain/v1/MeshPortProblem';
import type { MeshService__Output } from './generated/coxswain/v1/MeshService';
import type { MeshStatus__Output } from './generated/coxswain/v1/MeshStatus';
import type { MeshTable__Output } from './generated/coxswain/v1/MeshTable';
import type { PortSpec__Output } from './generated/coxswain/v1/PortSpec';
import type { UpdatePolicy__Output } from './generated/coxswain/v1/UpdatePolicy';
import type { RolloutStatus__Output } from './generated/coxswain/v1/RolloutStatus';
import type { Generation__Output } from './generated/coxswain/v1/Generation';
import type { Event__Output } from './generated/coxswain/v1/Event';
import type { ExecOutput__Output } from './generated/coxswain/v1/ExecOutput';
import type { ExecRequest__Output } from './generated/coxswain/v1/ExecRequest';
import type { Heartbeat__Output } from './generated/coxswain/v1/Heartbeat';
import type { HeartbeatAck__Output } from './generated/coxswain/v1/HeartbeatAck';
import type { LogLine__Output } from './generated/coxswain/v1/LogLine';
import type { JoinRequest__Output } from './generated/coxswain/v1/JoinRequest';
import type { LogBatch__Output } from './generated/coxswain/v1/LogBatch';
import type { Node__Output } from './generated/coxswain/v1/Node';
import type { NodeState__Output } from './generated/coxswain/v1/NodeState';
import type { NodeCondition__Output } from './generated/coxswain/v1/NodeCondition';
import type { NodeUsage__Output } from './generated/coxswain/v1/NodeUsage';
import type { OpenSession__Output } from './generated/coxswain/v1/OpenSession';
import type { Register__Output } from './generated/coxswain/v1/Register';
import type { Registered__Output } from './generated/coxswain/v1/Registered';
import type { RelayDown__Output } from './generated/coxswain/v1/RelayDown';
import type { RelayError__Output } from './generated/coxswain/v1/RelayError';
import type { RelayHello__Output } from './generated/coxswain/v1/RelayHello';
import type { RelayUp__Output } from './generated/coxswain/v1/RelayUp';
import type { RenewRequest__Output } from './generated/coxswain/v1/RenewRequest';
import type { ServicePort__Output } from './generated/coxswain/v1/ServicePort';
import type { ReplicaState__Output } from './generated/coxswain/v1/ReplicaState';
import type { ReplicaStatus__Output } from './generated/coxswain/v1/ReplicaStatus';
import type { Resources__Output } from './generated/coxswain/v1/Resources';
import type { StartReplica__Output } from './generated/coxswain/v1/StartReplica';
import type { StreamLogsRequest__Output } from './generated/coxswain/v1/StreamLogsRequest';
import type { StopContainer__Output } from './generated/coxswain/v1/StopContainer';
import type { TerminalSize__Output } from './generated/coxswain/v1/TerminalSize';
import type { Workload__Output } from './generated/coxswain/v1/Workload';
import type { WorkloadSpec__Output } from './generated/coxswain/v1/WorkloadSpec';
import type { WorkloadStatus__Output } from './generated/coxswain/v1/WorkloadStatus';

// Strings whose values the proto states only in a comment (the API carries them as strings; an
// enum would change the wire format), so the generator types them as `string`.
export type RestartPolicy = 'always' | 'on-failure' | 'never';
export type DisconnectPolicy = 'keep' | 'stop';
export type NetworkMode = 'bridge' | 'host' | 'none';
export type MountType = 'volume' | 'bind' | 'tmpfs';
export type SessionKind = 'logs' | 'exec';

/**
 * The refinements applied wherever these messages occur (e.g. WorkloadSpec inside Workload).
 * A type alias, not an interface: only an alias satisfies the index signature of `Refinements`.
 */
type ApiRefinements = {
  '.coxswain.v1.WorkloadSpec': {
    restartPolicy: RestartPolicy | '';
    disconnect: DisconnectPolicy | '';
    network: NetworkMode | '';
    // No check is a meaning of its own (ready once running), not a message to fill in.
    health: HealthCheckSpec | null;
  };
  '.coxswain.v1.StartReplica': {
    disconnect: DisconnectPolicy | '';
    network: NetworkMode | '';
    health: HealthCheckSpec | null;
  };
  '.coxswain.v1.OpenSession': { kind: SessionKind };
  '.coxswain.v1.Mount': { type: MountType | '' };
};

/** A decoded API message. */
type Api<T> = Decoded<T, ApiRefinements>;

/** True when every field of `R` exists in the generated message `T` and is narrower there. */
type Fits<T, R> = keyof R extends keyof T ? (R extends Pick<T, keyof R & keyof T> ? true : false) : false;

/** Compiles only when every element is `true`. */
type AllTrue<T extends true[]> = T;

// Compiles only while every refinement fits its message, so renaming or retyping a refined proto
// field cannot leave a stale refinement behind.
type _RefinementsFit = AllTrue<
  [
    // `health` keeps the null the loader gives for an absent message (see Decoded).
    Fits<WorkloadSpec__Output, Omit<ApiRefinements['.coxswain.v1.WorkloadSpec'], 'health'>>,
    Fits<StartReplica__Output, Omit<ApiRefinements['.coxswain.v1.StartReplica'], 'health'>>,
    Fits<OpenSession__Output, ApiRefinements['.coxswain.v1.OpenSession']>,
    Fits<Mount__Output, ApiRefinements['.coxswain.v1.Mount']>,
  ]
>;

export type NodeState = NodeState__Output;
export type ReplicaState = ReplicaState__Output;

export type Resources = Api<Resources__Output>;
export type WorkloadSpec = Api<WorkloadSpec__Output>;
export type PortSpec = Api<PortSpec__Output>;
/** The decoded HealthCheck (named apart from the message, which the refinements mention). */
export type HealthCheckSpec = Api<HealthCheck__Output>;
export type UpdatePolicy = Api<UpdatePolicy__Output>;
export type MountSpec = Api<Mount__Output>;
export type AllocatedPort = Api<AllocatedPort__Output>;
export type EndpointMsg = Api<Endpoint__Output>;
export type EndpointSet = Api<EndpointSet__Output>;
export type RolloutStatus = Api<RolloutStatus__Output>;
export type GenerationMsg = Api<Generation__Output>;
export type NodeUsage = Api<NodeUsage__Output>;
export type NodeMsg = Api<Node__Output>;
export type NodeConditionMsg = Api<NodeCondition__Output>;
export type ReplicaStatus = Api<ReplicaStatus__Output>;
export type WorkloadStatus = Api<WorkloadStatus__Output>;
export type WorkloadMsg = Api<Workload__Output>;
export type EventMsg = Api<Event__Output>;
export type StreamLogsRequest = Api<StreamLogsRequest__Output>;
export type LogLine = Api<LogLine__Output>;
export type ExecRequest = Api<ExecRequest__Output>;
export type ExecOutput = OneOf<ExecOutput__Output, ApiRefinements>;

// ---- agent stream ----

export type Register = Api<Register__Output>;
export type Heartbeat = Api<Heartbeat__Output>;
export type ContainerInfo = Api<ContainerInfo__Output>;
export type ContainerReport = Api<ContainerReport__Output>;
export type CommandAck = Api<CommandAck__Output>;
export type AgentMessage = OneOf<AgentMessage__Output, ApiRefinements>;

export type Registered = Api<Registered__Output>;
export type StartReplica = Api<StartReplica__Output>;
export type StopContainer = Api<StopContainer__Output>;
export type HeartbeatAck = Api<HeartbeatAck__Output>;
export type OpenSession = Api<OpenSession__Output>;
export type ControlMessage = OneOf<ControlMessage__Output, ApiRefinements>;

// ---- the routing mesh (on the agent stream) ----

export type MeshEndpoint = Api<MeshEndpoint__Output>;
export type MeshService = Api<MeshService__Output>;
export type MeshTable = Api<MeshTable__Output>;
export type MeshPortProblem = Api<MeshPortProblem__Output>;
export type MeshStatus = Api<MeshStatus__Output>;
export type ServicePort = Api<ServicePort__Output>;

// ---- a relayed log or exec session (AgentGateway.Relay) ----

export type RelayHello = Api<RelayHello__Output>;
export type LogBatch = Api<LogBatch__Output>;
export type RelayError = Api<RelayError__Output>;
export type TerminalSize = Api<TerminalSize__Output>;
/** Agent to control plane: the hello, then output, then an exit code or an error. */
export type RelayUp = OneOf<RelayUp__Output, ApiRefinements>;
/** Control plane to agent: stdin, its end, terminal sizes. */
export type RelayDown = OneOf<RelayDown__Output, ApiRefinements>;

/** AgentGateway.Join: the join token and a CSR in exchange for a client certificate. */
export type JoinRequest = Api<JoinRequest__Output>;
export type RenewRequest = Api<RenewRequest__Output>;
export type CertificateResponse = Api<CertificateResponse__Output>;
