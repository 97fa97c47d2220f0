// What the agent's session asks of the rest of the agent: the effects behind each message.
import type {
  NodeUsage,
  MeshTable,
  OpenSession,
  Register,
  Registered,
  StartReplica,
  StopContainer,
} from '@coxswain/shared';

export interface SessionHandlers {
  register: () => Promise<Register>;
  usage: () => Promise<NodeUsage>;
  /** Send a full report now (through the reporter, which calls `send`). */
  fullReport: () => Promise<void>;
  start: (cmd: StartReplica) => Promise<string>;
  /** Resolves with the ack's detail when how it was done is news (e.g. killed through its cgroup). */
  stop: (cmd: StopContainer) => Promise<string | void>;
  /**
   * Why the engine did not answer its last ping ('' when it did), for every heartbeat. Read, not
   * awaited: a frozen engine must not hold heartbeats back.
   */
  engineError?: () => string;
  /**
   * The control plane confirmed a message this agent sent at `sentAtMs` (its own clock): the
   * registration, or a heartbeat. Commands confirm nothing: they prove the control plane talks,
   * not that it still hears this node.
   */
  heard: (sentAtMs: number) => void;
  /** The stream is usable (registered) or gone. */
  connectedChanged?: (up: boolean) => void;
  registered: (reply: Registered) => void;
  /** The control plane asks for a log or exec session, to be answered with a Relay call. */
  openSession?: (msg: OpenSession) => void;
  /** The whole routing table, after registration and on every change; answered by `meshStatus`. */
  mesh?: (table: MeshTable) => void;
}
