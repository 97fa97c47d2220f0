export { Controller, type CommandSink, type ControllerDeps, type ControllerOptions } from './controller';
export { PassRequests, type ChangeSource } from './pass-requests';
