// The order in which a new connection tries a port's endpoints. Pure: the caller supplies the
// active-connection counts, the hold-outs and the round-robin cursor.
import type { MeshEndpoint } from '@coxswain/shared';

export function endpointKey(e: Pick<MeshEndpoint, 'address' | 'port'>): string {
  return `${e.address}:${e.port}`;
}

export interface ChoiceInput {
  endpoints: readonly MeshEndpoint[];
  active: (key: string) => number;
  heldOut: (key: string) => boolean;
  /** Grows by one per connection: among equally loaded endpoints it picks a different one each time. */
  cursor: number;
  /** This agent's node: its endpoints win ties (no extra hop). */
  node?: string;
  /** At most this many endpoints in the result. */
  limit: number;
}

/**
 * Healthy endpoints first, by fewest active connections, then local, then round robin from the
 * cursor; held-out ones follow in the same order, so that when every endpoint is held out they
 * are still tried rather than the client refused.
 */
export function chooseOrder(input: ChoiceInput): MeshEndpoint[] {
  const n = input.endpoints.length;
  if (n === 0) return [];
  const start = ((input.cursor % n) + n) % n;
  const ranked = input.endpoints.map((e, i) => {
    const key = endpointKey(e);
    return {
      e,
      held: input.heldOut(key) ? 1 : 0,
      active: input.active(key),
      remote: input.node && e.node === input.node ? 0 : 1,
      turn: (i - start + n) % n,
    };
  });
  ranked.sort((a, b) => a.held - b.held || a.active - b.active || a.remote - b.remote || a.turn - b.turn);
  return ranked.slice(0, input.limit).map((r) => r.e);
}
