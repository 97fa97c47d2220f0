export * from './backoff';
export * from './reporter';
export * from './session';
export * from './channel-options';
export * from './session-handlers';
