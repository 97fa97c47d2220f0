import { describe, expect, it } from 'vitest';
import { NodeVectors, ResourceColumns } from './columns';

const v = (cpuMillis: number, memoryBytes: number) => ({ cpuMillis, memoryBytes });

function twoNodes(): ResourceColumns {
  const c = new ResourceColumns(2);
  c.setNode(0, v(1000, 100), v(400, 20));
  c.setNode(1, v(2000, 400), v(0, 0));
  return c;
}

describe('ResourceColumns', () => {
  it('fits in every dimension, and place / unplace move the free amounts', () => {
    const c = twoNodes();
    expect(c.fits(0, v(600, 80))).toBe(true);
    expect(c.fits(0, v(601, 80))).toBe(false);
    expect(c.fits(0, v(600, 81))).toBe(false);
    expect(c.shortfalls(0, v(700, 90))).toEqual(['cpu', 'memory']);
    c.place(1, v(1500, 100));
    expect([c.free(1, 'cpu'), c.free(1, 'memory')]).toEqual([500, 300]);
    c.unplace(1, v(1500, 100));
    expect(c.fits(1, v(2000, 400))).toBe(true);
  });

  it('checks fits with room freed or held back', () => {
    const c = twoNodes();
    expect(c.fitsFreeing(0, v(100, 0), v(700, 80))).toBe(true);
    expect(c.fitsFreeing(0, v(100, 0), v(700, 81))).toBe(false);
    const held = new NodeVectors(2);
    held.add(1, v(500, 0));
    expect(c.fitsHolding(1, held, v(1500, 400))).toBe(true);
    expect(c.fitsHolding(1, held, v(1501, 400))).toBe(false);
    const most = new NodeVectors(2);
    most.raise(0, v(100, 5));
    most.raise(0, v(50, 10));
    expect(c.fitsFreeingAt(0, most, v(700, 90))).toBe(true);
    expect(c.keyShort(0, v(100, 0), v(701, 0))).toBe(true);
  });

  it('scores best fit by leftover shares and fullness by the fuller dimension or the sum', () => {
    const c = twoNodes();
    expect(c.leftover(0, v(300, 40))).toBeCloseTo(0.3 + 0.4);
    expect(c.leftoverFreeing(0, v(100, 10), v(300, 40))).toBeCloseTo(0.4 + 0.5);
    expect(c.fill(0)).toBeCloseTo(0.4);
    expect(c.fillSum(0)).toBeCloseTo(0.6);
    expect(c.weight(1, v(500, 100))).toBeCloseTo(0.5);
  });

  it('orders by capacity and finds the largest nodes', () => {
    const c = twoNodes();
    expect(c.compareCapacityDescending(0, 1)).toBeGreaterThan(0);
    const largest = c.largestCapacity(() => true);
    expect(largest).toEqual(v(2000, 400));
    expect(c.isLargestInSome(1, largest)).toBe(true);
    expect(c.isLargestInSome(0, largest)).toBe(false);
    const copy = c.clone();
    copy.place(0, v(600, 80));
    expect(c.fits(0, v(600, 80))).toBe(true);
    copy.copyFreeFrom(c);
    expect(copy.fits(0, v(600, 80))).toBe(true);
  });
});
