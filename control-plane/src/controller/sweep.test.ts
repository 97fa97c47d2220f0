import { describe, expect, it } from 'vitest';
import { Sweep } from './sweep';

const names = (n: number) => Array.from({ length: n }, (_, i) => `w${String(i).padStart(3, '0')}`);

describe('the sweep', () => {
  it('looks at every name once per interval, in slices that follow the time passed', () => {
    const all = names(100);
    const sweep = new Sweep(1000, 0);
    const seen: string[] = [];
    for (let t = 250; t <= 1000; t += 250) {
      const slice = sweep.next(all, t);
      expect(slice.length).toBe(25);
      seen.push(...slice);
    }
    expect(seen).toEqual(all);
    // The next round starts from the first name again.
    expect(sweep.next(all, 1010)).toEqual(['w000']);
  });

  it('takes at least one name when any time passed, at most all of them, and none when none passed', () => {
    const all = names(10);
    const sweep = new Sweep(60_000, 0);
    expect(sweep.next(all, 0)).toEqual([]);
    expect(sweep.next(all, 1)).toEqual(['w000']);
    expect(sweep.next(all, 1_000_000)).toHaveLength(10);
  });

  it('goes on after the last name it looked at when names come and go', () => {
    const sweep = new Sweep(1000, 0);
    expect(sweep.next(['a', 'c', 'e', 'g'], 500)).toEqual(['a', 'c']);
    // 'c' was deleted and 'd' added: the slice starts after 'c' all the same.
    expect(sweep.next(['a', 'b', 'd', 'e', 'g'], 900)).toEqual(['d', 'e']);
    sweep.restart(900);
    expect(sweep.next(['a', 'b'], 1400)).toEqual(['a']);
  });
});
