export * from './validate';
export * from './session-requests';
