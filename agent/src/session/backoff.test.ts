import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';

describe('Backoff', () => {
  it('doubles from the initial delay up to the cap, with jitter in the upper half', () => {
    const low = new Backoff(200, 5000, () => 0);
    expect([1, 2, 3, 4, 5, 6, 7].map(() => low.next())).toEqual([100, 200, 400, 800, 1600, 2500, 2500]);
    const high = new Backoff(200, 5000, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7].map(() => high.next())).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
    high.reset();
    expect(high.next()).toBe(200);
  });
});
