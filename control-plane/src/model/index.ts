export * from './records';
export * from './changes';
export * from './events';
