// The bookkeeping of relayed sessions, without any I/O: which are waiting for their agent's
// Relay call, which are open, on which node, and how many a node has.
import type { SessionKind } from '@coxswain/shared';

export interface SessionEntry<T> {
  id: string;
  node: string;
  kind: SessionKind;
  state: 'pending' | 'open';
  /** The caller's own state for the session (its waiter, its pumps). */
  data: T;
}

/** Why a Relay call cannot take a session. */
export type ClaimRefusal = 'unknown' | 'other-node' | 'taken';

export class TableFull extends Error {}

export class SessionTable<T> {
  private readonly byId = new Map<string, SessionEntry<T>>();
  private readonly perNode = new Map<string, number>();

  constructor(private readonly maxPerNode: number) {}

  /** A new pending session on `node`; TableFull when the node has its most already. */
  reserve(id: string, node: string, kind: SessionKind, data: T): SessionEntry<T> {
    const count = this.countOn(node);
    if (count >= this.maxPerNode)
      throw new TableFull(
        `node ${node} already has ${count} log and exec sessions open (at most ${this.maxPerNode} per node)`,
      );
    if (this.byId.has(id)) throw new Error(`session ${id} exists already`);
    const entry: SessionEntry<T> = { id, node, kind, state: 'pending', data };
    this.byId.set(id, entry);
    this.perNode.set(node, count + 1);
    return entry;
  }

  /**
   * The pending session `id`, now open, for the agent of `node`; a session is claimed once, and
   * only by the node it was opened on.
   */
  claim(id: string, node: string | undefined): SessionEntry<T> | ClaimRefusal {
    const entry = this.byId.get(id);
    if (!entry) return 'unknown';
    if (node !== undefined && entry.node !== node) return 'other-node';
    if (entry.state !== 'pending') return 'taken';
    entry.state = 'open';
    return entry;
  }

  get(id: string): SessionEntry<T> | undefined {
    return this.byId.get(id);
  }

  /** Forgets the session; returns it if it was there. */
  release(id: string): SessionEntry<T> | undefined {
    const entry = this.byId.get(id);
    if (!entry) return undefined;
    this.byId.delete(id);
    const left = this.countOn(entry.node) - 1;
    if (left > 0) this.perNode.set(entry.node, left);
    else this.perNode.delete(entry.node);
    return entry;
  }

  countOn(node: string): number {
    return this.perNode.get(node) ?? 0;
  }

  get size(): number {
    return this.byId.size;
  }

  entries(): SessionEntry<T>[] {
    return [...this.byId.values()];
  }
}
