// Test doubles shared by the agent's tests: a private Docker engine and a scripted gateway.
export * from './engine';
export * from './fake-gateway';
export * from './cgroups';
export { freeLoopbackPort } from './ports';
