export { AgentRelay, type AgentRelayOptions, type RelayCall } from './relay';
