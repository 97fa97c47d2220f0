export * from './validate';
export * from './session-requests';
export * from './service-fields';
export * from './publish';
