// Plain TypeScript mirrors of proto/coxswain/v1, as @grpc/proto-loader decodes them with
// LOADER_OPTIONS (camelCase, int64 as number, enums as names, defaults filled).

export interface Resources {
  cpuMillis: number;
  memoryBytes: number;
}

export type RestartPolicy = 'always' | 'on-failure' | 'never';
export type DisconnectPolicy = 'keep' | 'stop';

export interface WorkloadSpec {
  name: string;
  image: string;
  command: string[];
  env: Record<string, string>;
  replicas: number;
  resources: Resources;
  labels: Record<string, string>;
  constraints: string[];
  restartPolicy: RestartPolicy | '';
  disconnect: DisconnectPolicy | '';
}

export type NodeState = 'NODE_STATE_UNSPECIFIED' | 'READY' | 'DOWN';

export interface NodeUsage {
  cpuPercent: number;
  memoryUsedBytes: number;
}

export interface NodeMsg {
  name: string;
  address: string;
  state: NodeState;
  capacity: Resources;
  allocated: Resources;
  usage: NodeUsage;
  labels: Record<string, string>;
  /** RFC 3339, empty when never seen. */
  lastHeartbeat: string;
  cordoned: boolean;
  draining: boolean;
  replicas: number;
  agentVersion: string;
}

export type ReplicaState =
  'REPLICA_STATE_UNSPECIFIED' | 'PENDING' | 'STARTING' | 'RUNNING' | 'EXITED' | 'FAILED' | 'STOPPING' | 'COMPLETED';

export interface ReplicaStatus {
  id: number;
  node: string;
  state: ReplicaState;
  reason: string;
  epoch: number;
  generation: number;
  containerId: string;
  exitCode: number;
  restarts: number;
}

export interface WorkloadStatus {
  desired: number;
  running: number;
  pending: number;
  replicas: ReplicaStatus[];
}

export interface WorkloadMsg {
  spec: WorkloadSpec;
  generation: number;
  status: WorkloadStatus;
  createdAt: string;
  updatedAt: string;
}

export interface EventMsg {
  seq: number;
  time: string;
  type: string;
  node: string;
  workload: string;
  replica: number;
  message: string;
  epoch: number;
}

// ---- agent stream ----

export interface Register {
  name: string;
  labels: Record<string, string>;
  capacity: Resources;
  agentVersion: string;
  addresses: string[];
}

export interface Heartbeat {
  usage: NodeUsage;
  /** The agent's clock when it sent the heartbeat (ms); echoed back in HeartbeatAck. */
  sentAtMs: number;
}

export interface ContainerInfo {
  containerId: string;
  workload: string;
  replica: number;
  epoch: number;
  generation: number;
  state: string;
  exitCode: number;
  startedAt: number;
  finishedAt: number;
}

export interface ContainerReport {
  full: boolean;
  containers: ContainerInfo[];
  removed: string[];
}

export interface CommandAck {
  commandId: string;
  ok: boolean;
  error: string;
  containerId: string;
}

export type AgentMessage =
  | { msg: 'register'; register: Register }
  | { msg: 'heartbeat'; heartbeat: Heartbeat }
  | { msg: 'report'; report: ContainerReport }
  | { msg: 'ack'; ack: CommandAck };

export interface Registered {
  heartbeatIntervalMs: number;
  leaseMs: number;
}

export interface StartReplica {
  commandId: string;
  workload: string;
  replica: number;
  epoch: number;
  generation: number;
  image: string;
  command: string[];
  env: Record<string, string>;
  resources: Resources;
  labels: Record<string, string>;
  disconnect: DisconnectPolicy | '';
}

export interface StopContainer {
  commandId: string;
  containerId: string;
  reason: string;
}

export type ControlMessage =
  | { msg: 'registered'; registered: Registered }
  | { msg: 'start'; start: StartReplica }
  | { msg: 'stop'; stop: StopContainer }
  | { msg: 'heartbeatAck'; heartbeatAck: HeartbeatAck };

/** The control plane received the heartbeat sent at `sentAtMs` (agent clock): the lease renews from then. */
export interface HeartbeatAck {
  sentAtMs: number;
}

/** AgentGateway.Join: the join token and a CSR in exchange for a client certificate. */
export interface JoinRequest {
  token: string;
  name: string;
  csrPem: string;
}

export interface RenewRequest {
  csrPem: string;
}

export interface CertificateResponse {
  certPem: string;
  caPem: string;
  /** RFC 3339. */
  notAfter: string;
}
