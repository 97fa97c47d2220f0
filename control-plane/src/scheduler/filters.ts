// The scheduler's filters, in the order a node is judged: the first that rejects it accounts for it.

import { amount, DIMENSIONS, formatAmount, needsPorts, type Dimension } from '../resources';
import type { Cluster } from './cluster';
import { firstViolated, formatConstraint } from './constraints';
import type { NodeFilter } from './filter';
import type { SchedRequest } from './types';

const NOT_SCHEDULABLE = 'not schedulable';

/** Nodes that are down, cordoned or draining receive nothing new. */
export class SchedulableFilter implements NodeFilter {
  /** Why rejected nodes were unschedulable, when their callers said: "cordoned" -> count. */
  private readonly why = new Map<string, number>();

  constructor(private readonly cluster: Cluster) {}

  setRequest(): boolean {
    this.why.clear();
    return true;
  }

  check(node: number): boolean {
    return this.cluster.schedulable[node] === 1;
  }

  explain(node: number): readonly string[] {
    const why = this.cluster.nodes[node].unschedulableReason;
    if (why) this.why.set(why, (this.why.get(why) ?? 0) + 1);
    return [NOT_SCHEDULABLE];
  }

  /** E.g. "2 cordoned, 1 draining"; nodes without a known reason are only counted in the total. */
  detail(reason: string): string | undefined {
    if (reason !== NOT_SCHEDULABLE || this.why.size === 0) return undefined;
    return [...this.why.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([why, n]) => `${n} ${why}`)
      .join(', ');
  }
}

/** `node.labels.zone == a` and friends: a node is rejected for the first constraint it violates. */
export class ConstraintFilter implements NodeFilter {
  private req: SchedRequest | null = null;

  constructor(private readonly cluster: Cluster) {}

  setRequest(req: SchedRequest): boolean {
    this.req = req;
    return req.constraints.length > 0;
  }

  check(node: number): boolean {
    return firstViolated(this.cluster.nodes[node], this.request().constraints) === undefined;
  }

  explain(node: number): readonly string[] {
    const violated = firstViolated(this.cluster.nodes[node], this.request().constraints);
    if (!violated) throw new Error(`constraint filter: node ${this.cluster.nodes[node].name} violates no constraint`);
    return [`constraint ${formatConstraint(violated)}`];
  }

  detail(): string | undefined {
    return undefined;
  }

  private request(): SchedRequest {
    if (!this.req) throw new Error('constraint filter: used before setRequest');
    return this.req;
  }
}

/** Free amounts, per dimension of the resource vector: a node short in two counts under both. */
export class ResourceFilter implements NodeFilter {
  private req: SchedRequest | null = null;
  /** Per short dimension, the most any rejected node had free of it. */
  private readonly mostFree = new Map<Dimension, number>();

  constructor(private readonly cluster: Cluster) {}

  setRequest(req: SchedRequest): boolean {
    this.req = req;
    this.mostFree.clear();
    return true;
  }

  check(node: number): boolean {
    // Amounts only: ports are the port filter's to explain.
    return this.cluster.amounts.fits(node, this.request());
  }

  explain(node: number): readonly string[] {
    const { amounts } = this.cluster;
    const short = amounts.shortfalls(node, this.request());
    for (const d of short) {
      const free = amounts.free(node, d);
      const most = this.mostFree.get(d);
      this.mostFree.set(d, most === undefined ? free : Math.max(most, free));
    }
    return short.map((d) => `insufficient ${d}`);
  }

  /** E.g. "need 512Mi memory, most free 256Mi". */
  detail(reason: string): string | undefined {
    const d = DIMENSIONS.find((x) => reason === `insufficient ${x}`);
    const most = d === undefined ? undefined : this.mostFree.get(d);
    if (d === undefined || most === undefined) return undefined;
    return `need ${formatAmount(d, amount(this.request(), d))} ${d}, most free ${formatAmount(d, most)}`;
  }

  private request(): SchedRequest {
    if (!this.req) throw new Error('resource filter: used before setRequest');
    return this.req;
  }
}

/** A replica goes only where its network exists; a node that reported no networks is not judged. */
export class NetworkFilter implements NodeFilter {
  private network = '';

  constructor(private readonly cluster: Cluster) {}

  setRequest(req: SchedRequest): boolean {
    this.network = req.network ?? '';
    return this.network !== '';
  }

  check(node: number): boolean {
    const networks = this.cluster.nodes[node].networks;
    return !networks || networks.length === 0 || networks.includes(this.network);
  }

  explain(): readonly string[] {
    return [`no ${this.network} network`];
  }

  detail(): string | undefined {
    return undefined;
  }
}

/** Host ports: a node where a fixed port is taken, or whose dynamic range is used up, is rejected. */
export class PortFilter implements NodeFilter {
  private req: SchedRequest | null = null;

  constructor(private readonly cluster: Cluster) {}

  setRequest(req: SchedRequest): boolean {
    this.req = req;
    return needsPorts(req);
  }

  check(node: number): boolean {
    return this.cluster.ports.fits(node, this.request());
  }

  /** E.g. "port 8080 in use" (the first of the request's fixed ports taken there). */
  explain(node: number): readonly string[] {
    const taken = this.cluster.ports.firstTaken(node, this.request());
    return [taken !== undefined ? `port ${taken} in use` : 'no free dynamic port'];
  }

  detail(): string | undefined {
    return undefined;
  }

  private request(): SchedRequest {
    if (!this.req) throw new Error('port filter: used before setRequest');
    return this.req;
  }
}

/** Every filter, in judging order. */
export function feasibilityFilters(cluster: Cluster): NodeFilter[] {
  return [
    new SchedulableFilter(cluster),
    new ConstraintFilter(cluster),
    new NetworkFilter(cluster),
    new ResourceFilter(cluster),
    new PortFilter(cluster),
  ];
}
