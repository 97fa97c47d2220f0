// The resource vector in flat form, for the scheduler's hot loops: per node, capacity and free
// amounts in one typed array per dimension, so a placement touches numbers, not objects. Every
// comparison and sum of amounts of a node lives here or in ./vector; a new dimension is a new
// pair of arrays and one more term in each method below.
import type { Dimension, ResourceVector } from './vector';

/** One vector per node (e.g. the largest movable replica of each node), one array per dimension. */
export class NodeVectors {
  readonly cpu: Float64Array;
  readonly memory: Float64Array;

  constructor(readonly n: number) {
    this.cpu = new Float64Array(n);
    this.memory = new Float64Array(n);
  }

  add(node: number, v: ResourceVector): void {
    this.cpu[node] += v.cpuMillis;
    this.memory[node] += v.memoryBytes;
  }

  /** Raises the node's vector to v wherever v is larger. */
  raise(node: number, v: ResourceVector): void {
    if (v.cpuMillis > this.cpu[node]) this.cpu[node] = v.cpuMillis;
    if (v.memoryBytes > this.memory[node]) this.memory[node] = v.memoryBytes;
  }
}

/**
 * Capacity and free amounts of n nodes. The node index buckets nodes by their free amount in a
 * key dimension (cpu) and bounds another (memory) in a max-tree: those two are prefilters, and
 * `fits` is always the final check, so a dimension added here is honoured by the index unchanged.
 */
export class ResourceColumns {
  private readonly capCpu: Float64Array;
  private readonly capMem: Float64Array;
  private readonly freeCpu: Float64Array;
  private readonly freeMem: Float64Array;

  constructor(readonly n: number) {
    this.capCpu = new Float64Array(n);
    this.capMem = new Float64Array(n);
    this.freeCpu = new Float64Array(n);
    this.freeMem = new Float64Array(n);
  }

  /** Sets a node's capacity and what is already allocated on it. */
  setNode(node: number, capacity: ResourceVector, allocated: ResourceVector): void {
    this.capCpu[node] = capacity.cpuMillis;
    this.capMem[node] = capacity.memoryBytes;
    this.freeCpu[node] = capacity.cpuMillis - allocated.cpuMillis;
    this.freeMem[node] = capacity.memoryBytes - allocated.memoryBytes;
  }

  /** A copy with the same capacities and free amounts (a search that starts over from a base). */
  clone(): ResourceColumns {
    const c = new ResourceColumns(this.n);
    c.capCpu.set(this.capCpu);
    c.capMem.set(this.capMem);
    c.copyFreeFrom(this);
    return c;
  }

  /** Resets the free amounts to another set's (same nodes). */
  copyFreeFrom(other: ResourceColumns): void {
    this.freeCpu.set(other.freeCpu);
    this.freeMem.set(other.freeMem);
  }

  free(node: number, d: Dimension): number {
    return d === 'cpu' ? this.freeCpu[node] : this.freeMem[node];
  }

  capacity(node: number): ResourceVector {
    return { cpuMillis: this.capCpu[node], memoryBytes: this.capMem[node] };
  }

  /** `need` fits into the node's free amounts in every dimension. */
  fits(node: number, need: ResourceVector): boolean {
    return this.freeCpu[node] >= need.cpuMillis && this.freeMem[node] >= need.memoryBytes;
  }

  /** `need` would fit once `freed` leaves the node. */
  fitsFreeing(node: number, freed: ResourceVector, need: ResourceVector): boolean {
    return (
      this.freeCpu[node] + freed.cpuMillis >= need.cpuMillis &&
      this.freeMem[node] + freed.memoryBytes >= need.memoryBytes
    );
  }

  /** `need` would fit once the node's own vector in `freed` leaves it. */
  fitsFreeingAt(node: number, freed: NodeVectors, need: ResourceVector): boolean {
    return (
      this.freeCpu[node] + freed.cpu[node] >= need.cpuMillis &&
      this.freeMem[node] + freed.memory[node] >= need.memoryBytes
    );
  }

  /** `need` fits without the node's vector in `held` (room promised to replicas still leaving). */
  fitsHolding(node: number, held: NodeVectors, need: ResourceVector): boolean {
    return (
      this.freeCpu[node] - held.cpu[node] >= need.cpuMillis &&
      this.freeMem[node] - held.memory[node] >= need.memoryBytes
    );
  }

  /**
   * Even with `freed` gone the node lacks `need` in the key dimension. Nodes visited by free key
   * amount, most first, are all short after the first one that is.
   */
  keyShort(node: number, freed: ResourceVector, need: ResourceVector): boolean {
    return this.freeCpu[node] + freed.cpuMillis < need.cpuMillis;
  }

  place(node: number, v: ResourceVector): void {
    this.freeCpu[node] -= v.cpuMillis;
    this.freeMem[node] -= v.memoryBytes;
  }

  unplace(node: number, v: ResourceVector): void {
    this.freeCpu[node] += v.cpuMillis;
    this.freeMem[node] += v.memoryBytes;
  }

  /**
   * The best-fit score: what is left of the node once `need` lands, as shares of its capacity
   * summed over dimensions (among equally tight CPU, the tighter memory). Lower is tighter.
   */
  leftover(node: number, need: ResourceVector): number {
    const cpuShare = this.capCpu[node] > 0 ? (this.freeCpu[node] - need.cpuMillis) / this.capCpu[node] : 0;
    return cpuShare + (this.capMem[node] > 0 ? (this.freeMem[node] - need.memoryBytes) / this.capMem[node] : 0);
  }

  /** `leftover` once `freed` has left the node and `need` has landed. */
  leftoverFreeing(node: number, freed: ResourceVector, need: ResourceVector): number {
    const c = this.capCpu[node];
    const m = this.capMem[node];
    const cpuShare = c > 0 ? (this.freeCpu[node] - (need.cpuMillis - freed.cpuMillis)) / c : 0;
    return cpuShare + (m > 0 ? (this.freeMem[node] - (need.memoryBytes - freed.memoryBytes)) / m : 0);
  }

  /** Share of the node in use in its fuller dimension: which bins are worth emptying. */
  fill(node: number): number {
    const c = this.capCpu[node] > 0 ? 1 - this.freeCpu[node] / this.capCpu[node] : 0;
    const m = this.capMem[node] > 0 ? 1 - this.freeMem[node] / this.capMem[node] : 0;
    return c > m ? c : m;
  }

  /** Shares of the node in use summed over dimensions: how full batch improvement sees a host. */
  fillSum(node: number): number {
    const c = this.capCpu[node] > 0 ? 1 - this.freeCpu[node] / this.capCpu[node] : 0;
    const m = this.capMem[node] > 0 ? 1 - this.freeMem[node] / this.capMem[node] : 0;
    return c + m;
  }

  /** v's shares of the node's capacity summed over dimensions: what v adds to `fillSum`. */
  weight(node: number, v: ResourceVector): number {
    return (
      (this.capCpu[node] > 0 ? v.cpuMillis / this.capCpu[node] : 0) +
      (this.capMem[node] > 0 ? v.memoryBytes / this.capMem[node] : 0)
    );
  }

  /** Larger capacity first, dimension by dimension: the order to open empty nodes in. */
  compareCapacityDescending(a: number, b: number): number {
    return this.capCpu[b] - this.capCpu[a] || this.capMem[b] - this.capMem[a];
  }

  /** Per dimension, the largest capacity among the included nodes (0 when none is included). */
  largestCapacity(include: (node: number) => boolean): ResourceVector {
    let cpu = 0;
    let mem = 0;
    for (let i = 0; i < this.n; i++) {
      if (!include(i)) continue;
      if (this.capCpu[i] > cpu) cpu = this.capCpu[i];
      if (this.capMem[i] > mem) mem = this.capMem[i];
    }
    return { cpuMillis: cpu, memoryBytes: mem };
  }

  /** The node's capacity equals `largest` in some dimension: only it can take the largest requests. */
  isLargestInSome(node: number, largest: ResourceVector): boolean {
    return this.capCpu[node] === largest.cpuMillis || this.capMem[node] === largest.memoryBytes;
  }

  /** The node's free amount in the key dimension the node index buckets by. */
  freeKey(node: number): number {
    return this.freeCpu[node];
  }

  /** The node's capacity in the key dimension (sizes the index's buckets). */
  capacityKey(node: number): number {
    return this.capCpu[node];
  }

  /** The node's free amount in the dimension the node index keeps maxima of. */
  freeBound(node: number): number {
    return this.freeMem[node];
  }

  /** `need` in the key dimension. */
  needKey(need: ResourceVector): number {
    return need.cpuMillis;
  }

  /** `need` in the bound dimension. */
  needBound(need: ResourceVector): number {
    return need.memoryBytes;
  }

  /** The dimensions in which `need` does not fit into the node's free amounts. */
  shortfalls(node: number, need: ResourceVector): Dimension[] {
    const out: Dimension[] = [];
    if (this.freeCpu[node] < need.cpuMillis) out.push('cpu');
    if (this.freeMem[node] < need.memoryBytes) out.push('memory');
    return out;
  }
}
