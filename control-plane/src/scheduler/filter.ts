// The feasibility contract: one filter per reason a node can turn a request down (not
// schedulable, a constraint, too little of a resource). Each says whether a node passes and, when
// it does not, why; the pending reason is assembled from those explanations, and the placement
// path's fast checks (constraint classes, the node index, the resource columns) agree with them.
// A new kind of feasibility (host ports are next) is one more filter in `feasibilityFilters`.

import type { SchedRequest } from './types';

export interface NodeFilter {
  /** Prepares the filter for one request; false when it cannot reject any node for it (skip it). */
  setRequest(req: SchedRequest): boolean;
  /** Whether the node passes, for the request last set. */
  check(node: number): boolean;
  /**
   * Why the node fails (after `check` returned false): one or more reasons, each counted once per
   * node, e.g. "insufficient cpu" and "insufficient memory" for a node short of both.
   */
  explain(node: number): readonly string[];
  /**
   * After every rejected node was explained: what the nodes rejected for `reason` had in common,
   * e.g. "need 2000m cpu, most free 1000m", or undefined when the reason says it all.
   */
  detail(reason: string): string | undefined;
}
