export * from './vector';
export * from './columns';
export * from './host-ports';
