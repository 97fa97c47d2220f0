// Original file: ../proto/coxswain/v1/coxswain.proto

export const NodeState = {
  NODE_STATE_UNSPECIFIED: 'NODE_STATE_UNSPECIFIED',
  READY: 'READY',
  DOWN: 'DOWN',
  /**
   * The agent is heard from, but a blocking condition (see Node.conditions, e.g. ENGINE_DOWN)
   * keeps new work off the node; past --node-timeout its replicas are re-placed.
   */
  NOT_READY: 'NOT_READY',
} as const;

export type NodeState =
  | 'NODE_STATE_UNSPECIFIED'
  | 0
  | 'READY'
  | 1
  | 'DOWN'
  | 2
  /**
   * The agent is heard from, but a blocking condition (see Node.conditions, e.g. ENGINE_DOWN)
   * keeps new work off the node; past --node-timeout its replicas are re-placed.
   */
  | 'NOT_READY'
  | 3

export type NodeState__Output = typeof NodeState[keyof typeof NodeState]
