import { describe, expect, it } from 'vitest';
import type { MeshEndpoint } from '@coxswain/shared';
import { chooseOrder, endpointKey } from './choose';
import { PassiveHealth } from './passive-health';

const ep = (port: number, node = 'n2'): MeshEndpoint => ({ replica: port, node, address: '10.0.0.1', port });
const order = (eps: MeshEndpoint[], opts: Partial<Parameters<typeof chooseOrder>[0]> = {}) =>
  chooseOrder({ endpoints: eps, active: () => 0, heldOut: () => false, cursor: 0, limit: 5, ...opts }).map(
    (e) => e.port,
  );

describe('chooseOrder', () => {
  const eps = [ep(1), ep(2), ep(3)];
  it.each([
    { name: 'round robin from the cursor', cursor: 1, want: [2, 3, 1] },
    { name: 'the cursor wraps', cursor: 5, want: [3, 1, 2] },
  ])('$name', ({ cursor, want }) => expect(order(eps, { cursor })).toEqual(want));

  it('puts the least loaded first', () => {
    const active = (k: string) => ({ [endpointKey(ep(1))]: 3, [endpointKey(ep(2))]: 1 })[k] ?? 2;
    expect(order(eps, { active })).toEqual([2, 3, 1]);
  });

  it('puts held-out endpoints last but keeps them', () => {
    expect(order(eps, { heldOut: (k) => k === endpointKey(ep(1)) })).toEqual([2, 3, 1]);
    expect(order(eps, { heldOut: () => true, cursor: 2 })).toEqual([3, 1, 2]);
  });

  it('prefers this node among equals', () => {
    expect(order([ep(1), ep(2, 'me'), ep(3)], { node: 'me' })).toEqual([2, 1, 3]);
  });

  it('is bounded and handles no endpoints', () => {
    expect(order(eps, { limit: 2 })).toHaveLength(2);
    expect(order([])).toEqual([]);
  });
});

describe('PassiveHealth', () => {
  it('holds out after a failure, doubling up to the cap, and clears on success', () => {
    let now = 1000;
    const h = new PassiveHealth(() => now, { firstMs: 2000, maxMs: 5000 });
    h.failed('a');
    expect(h.isHeldOut('a')).toBe(true);
    now += 2001;
    expect(h.isHeldOut('a')).toBe(false);
    h.failed('a'); // second failure: 4 s
    now += 3000;
    expect(h.isHeldOut('a')).toBe(true);
    now += 1001;
    expect(h.isHeldOut('a')).toBe(false);
    h.failed('a'); // third: 8 s capped at 5 s
    now += 5001;
    expect(h.isHeldOut('a')).toBe(false);
    h.failed('a');
    h.succeeded('a');
    expect(h.isHeldOut('a')).toBe(false);
    h.failed('b');
    h.retain(new Set(['a']));
    expect(h.isHeldOut('b')).toBe(false);
  });
});
