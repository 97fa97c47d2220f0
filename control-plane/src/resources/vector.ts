// The resource vector: every amount a replica asks for and a node offers, and the only place
// where amounts are compared. A new dimension (host ports are next) is added here and in the
// scheduler's columns, and every fit, fullness and explanation picks it up.
import type { Resources } from '@coxswain/shared';

/** CPU in millicores, memory in bytes: what a replica requests, a node offers or holds. */
export type ResourceVector = Resources;

export type Dimension = 'cpu' | 'memory';

export const DIMENSIONS: readonly Dimension[] = ['cpu', 'memory'];

export function zero(): ResourceVector {
  return { cpuMillis: 0, memoryBytes: 0 };
}

export function amount(v: ResourceVector, d: Dimension): number {
  return d === 'cpu' ? v.cpuMillis : v.memoryBytes;
}

export function add(a: ResourceVector, b: ResourceVector): ResourceVector {
  return { cpuMillis: a.cpuMillis + b.cpuMillis, memoryBytes: a.memoryBytes + b.memoryBytes };
}

export function subtract(a: ResourceVector, b: ResourceVector): ResourceVector {
  return { cpuMillis: a.cpuMillis - b.cpuMillis, memoryBytes: a.memoryBytes - b.memoryBytes };
}

/** Adds b into target (accumulating a node's allocation without a new object per replica). */
export function addInto(target: ResourceVector, b: ResourceVector): void {
  target.cpuMillis += b.cpuMillis;
  target.memoryBytes += b.memoryBytes;
}

/** Takes b out of target, in place. */
export function subtractInto(target: ResourceVector, b: ResourceVector): void {
  target.cpuMillis -= b.cpuMillis;
  target.memoryBytes -= b.memoryBytes;
}

export function isZero(v: ResourceVector): boolean {
  return v.cpuMillis === 0 && v.memoryBytes === 0;
}

/** The vector with x in every dimension. */
export function uniform(x: number): ResourceVector {
  return { cpuMillis: x, memoryBytes: x };
}

/** Some dimension holds a positive amount (a node with such an allocation is in use). */
export function anyPositive(v: ResourceVector): boolean {
  return v.cpuMillis > 0 || v.memoryBytes > 0;
}

/** Sets every dimension of target to 0 (reusing one accumulator in a hot loop). */
export function clearInto(target: ResourceVector): void {
  target.cpuMillis = 0;
  target.memoryBytes = 0;
}

/** Raises target to b wherever b is larger (a running per-dimension maximum). */
export function raiseInto(target: ResourceVector, b: ResourceVector): void {
  if (b.cpuMillis > target.cpuMillis) target.cpuMillis = b.cpuMillis;
  if (b.memoryBytes > target.memoryBytes) target.memoryBytes = b.memoryBytes;
}

/** Larger first, dimension by dimension (cpu, then memory): the order to repack items in. */
export function compareDescending(a: ResourceVector, b: ResourceVector): number {
  return b.cpuMillis - a.cpuMillis || b.memoryBytes - a.memoryBytes;
}

/** The sum over dimensions of v's share of `scale` (a size measure that counts every dimension). */
export function shareSum(v: ResourceVector, scale: ResourceVector): number {
  return v.cpuMillis / scale.cpuMillis + v.memoryBytes / scale.memoryBytes;
}

/** The largest over dimensions of v's share of `scale`. */
export function shareMax(v: ResourceVector, scale: ResourceVector): number {
  return Math.max(v.cpuMillis / scale.cpuMillis, v.memoryBytes / scale.memoryBytes);
}

/** `need` fits into `free` in every dimension. */
export function fits(need: ResourceVector, free: ResourceVector): boolean {
  return need.cpuMillis <= free.cpuMillis && need.memoryBytes <= free.memoryBytes;
}

/** What is left of `capacity` once `allocated` is taken (negative where overcommitted). */
export function free(capacity: ResourceVector, allocated: ResourceVector): ResourceVector {
  return subtract(capacity, allocated);
}

/** The dimensions in which `need` does not fit into `free`. */
export function shortfalls(need: ResourceVector, free: ResourceVector): Dimension[] {
  return DIMENSIONS.filter((d) => amount(need, d) > amount(free, d));
}

/**
 * How full a node is: the share of its capacity in use in its fuller dimension (1 when a
 * dimension has no capacity at all, so such a node never looks empty).
 */
export function fullness(allocated: ResourceVector, capacity: ResourceVector): number {
  let most = 0;
  for (const d of DIMENSIONS) {
    const cap = amount(capacity, d);
    const share = cap > 0 ? amount(allocated, d) / cap : 1;
    if (share > most) most = share;
  }
  return most;
}

/** Kubernetes' notation: "500m" of CPU, "256Mi" of memory. */
export function formatAmount(d: Dimension, x: number): string {
  if (d === 'cpu') return `${Math.round(x)}m`;
  const units = ['', 'Ki', 'Mi', 'Gi', 'Ti'];
  let v = x;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1 && Number.isInteger(v / 1024)) {
    v /= 1024;
    u++;
  }
  if (u === 0 && Math.abs(x) >= 1024 * 1024) return `${(x / 1024 / 1024).toFixed(1)}Mi`;
  return `${v}${units[u]}`;
}
