// The scheduler: pure placement of requests onto nodes. No I/O.

export * from './types';
export { schedule } from './schedule';
export { holdsAny } from './cluster';
export { parseConstraint, formatConstraint, constraintMatches } from './constraints';
