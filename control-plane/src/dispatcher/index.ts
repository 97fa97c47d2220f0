export { Dispatcher, peerAddress, type DispatcherOptions } from './dispatcher';
export * from './mesh-sync';
