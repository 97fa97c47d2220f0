export { Dispatcher, peerAddress, type DispatcherOptions } from './dispatcher';
