// Host ports as a per-node dimension of the resource vector. Unlike CPU and memory they are not an
// amount but a set: a fixed port fits where that number is free, a dynamic one wherever the node's
// range has a number left. The free count of each range sits in a typed array (what the hot loop
// reads); the taken numbers are kept only for nodes that hold any, so a cluster without ports
// pays nothing.

/** The range a node hands out when its agent said nothing else (as the agent's default). */
export const DEFAULT_DYNAMIC_PORTS = { low: 20000, high: 29999 } as const;

/** What a replica asks of its node's ports. */
export interface PortNeed {
  /** Fixed host ports. */
  hostPorts?: readonly number[];
  /** How many ports it takes from the node's dynamic range. */
  dynamicPorts?: number;
}

export function needsPorts(need: PortNeed): boolean {
  return (need.hostPorts?.length ?? 0) > 0 || (need.dynamicPorts ?? 0) > 0;
}

export class HostPorts {
  private readonly low: Int32Array;
  private readonly high: Int32Array;
  /** Numbers of the dynamic range not taken (by a dynamic or a fixed port). */
  private readonly dynamicFree: Int32Array;
  private readonly taken = new Map<number, Set<number>>();

  constructor(readonly n: number) {
    this.low = new Int32Array(n);
    this.high = new Int32Array(n);
    this.dynamicFree = new Int32Array(n);
  }

  /**
   * Sets a node's dynamic range and the ports already held there: `used` by number (allocated
   * ones, fixed ones) and `unallocated` dynamic ports of replicas placed but not yet given one.
   */
  setNode(node: number, range: { low: number; high: number }, used: readonly number[], unallocated = 0): void {
    this.low[node] = range.low;
    this.high[node] = range.high;
    this.dynamicFree[node] = range.high - range.low + 1 - unallocated;
    this.taken.delete(node);
    for (const p of used) this.take(node, p);
  }

  fits(node: number, need: PortNeed): boolean {
    const fixed = need.hostPorts;
    if (fixed) {
      const taken = this.taken.get(node);
      let inRange = 0;
      for (let i = 0; i < fixed.length; i++) {
        if (taken?.has(fixed[i])) return false;
        if (this.inRange(node, fixed[i])) inRange++;
      }
      return (need.dynamicPorts ?? 0) + inRange <= this.dynamicFree[node];
    }
    return (need.dynamicPorts ?? 0) <= this.dynamicFree[node];
  }

  /** The first fixed port of `need` already taken on the node, if any. */
  firstTaken(node: number, need: PortNeed): number | undefined {
    const taken = this.taken.get(node);
    return need.hostPorts?.find((p) => taken?.has(p));
  }

  /** Free numbers left in the node's dynamic range. */
  dynamicLeft(node: number): number {
    return this.dynamicFree[node];
  }

  place(node: number, need: PortNeed): void {
    for (const p of need.hostPorts ?? []) this.take(node, p);
    this.dynamicFree[node] -= need.dynamicPorts ?? 0;
  }

  unplace(node: number, need: PortNeed): void {
    const taken = this.taken.get(node);
    for (const p of need.hostPorts ?? []) {
      if (taken?.delete(p) && this.inRange(node, p)) this.dynamicFree[node]++;
    }
    this.dynamicFree[node] += need.dynamicPorts ?? 0;
  }

  private take(node: number, port: number): void {
    let taken = this.taken.get(node);
    if (!taken) this.taken.set(node, (taken = new Set()));
    if (taken.has(port)) return;
    taken.add(port);
    if (this.inRange(node, port)) this.dynamicFree[node]--;
  }

  private inRange(node: number, port: number): boolean {
    return port >= this.low[node] && port <= this.high[node];
  }
}

/**
 * Picks `count` numbers of the range that `taken` does not hold, lowest first (stable and easy to
 * read in a listing); fewer when the range runs out.
 */
export function allocateDynamic(
  range: { low: number; high: number },
  taken: ReadonlySet<number>,
  count: number,
): number[] {
  const out: number[] = [];
  for (let p = range.low; p <= range.high && out.length < count; p++) if (!taken.has(p)) out.push(p);
  return out;
}
