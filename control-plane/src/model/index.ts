export * from './records';
export * from './changes';
