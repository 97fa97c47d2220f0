// Original file: ../proto/coxswain/v1/coxswain.proto

export const NodeState = {
  NODE_STATE_UNSPECIFIED: 'NODE_STATE_UNSPECIFIED',
  READY: 'READY',
  DOWN: 'DOWN',
} as const;

export type NodeState =
  | 'NODE_STATE_UNSPECIFIED'
  | 0
  | 'READY'
  | 1
  | 'DOWN'
  | 2

export type NodeState__Output = typeof NodeState[keyof typeof NodeState]
