export { Relay, RelayError, type RelayDeps, type RelayOptions, type RelayTarget } from './relay';
export type { AgentRelayCall } from './link';
export type { UserExecCall } from './exec-pump';
export type { UserLogCall } from './log-pump';
