import { describe, expect, it } from 'vitest';
import { KeyedLock } from './keyed-lock';

describe('KeyedLock', () => {
  it('serialises tasks of one key, not of different keys, and survives failures', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const task =
      (name: string, ms: number, fail = false) =>
      async () => {
        order.push(`${name}+`);
        await new Promise((r) => setTimeout(r, ms));
        order.push(`${name}-`);
        if (fail) throw new Error(name);
        return name;
      };
    const a1 = lock.run('a', task('a1', 30, true));
    const a2 = lock.run('a', task('a2', 5));
    const b1 = lock.run('b', task('b1', 5));
    await expect(a1).rejects.toThrow('a1');
    await expect(a2).resolves.toBe('a2');
    await expect(b1).resolves.toBe('b1');
    expect(order.indexOf('a2+')).toBeGreaterThan(order.indexOf('a1-'));
    expect(order.indexOf('b1+')).toBeLessThan(order.indexOf('a1-'));
    await new Promise((r) => setTimeout(r, 0));
    expect(lock.size).toBe(0);
  });
});
