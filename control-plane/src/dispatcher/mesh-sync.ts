// Keeps every connected agent's routing mesh on the current table, and knows since when all of
// them serve it: a replica that leaves on purpose is stopped only once every mesh has let go of
// it. The table is computed once per change and the same message goes to every stream (there
// may be thousands); a change is looked for on every committed store event and on a short poll,
// since a node falling late with its heartbeat makes no event.
import type { ControlMessage, Logger, MeshService, MeshStatus } from '@coxswain/shared';

export interface MeshSyncOptions {
  /** The table as the store's facts give it now. */
  table: () => MeshService[];
  /** Calls fn after every committed store change; returns the unsubscribe. */
  subscribe?: (fn: () => void) => () => void;
  /** Asked when every connected mesh has caught up with a newer table: held stops may go out. */
  onSynced?: () => void;
  log: Logger;
  pollMs?: number;
  /** An agent that has not acknowledged a table for this long is warned about once per table. */
  ackWarnMs?: number;
  clock?: () => number;
}

interface Peer {
  write: (m: ControlMessage) => void;
  acked: number;
  warned: number;
}

export class MeshSync {
  private readonly peers = new Map<string, Peer>();
  private key = '';
  private services: MeshService[] = [];
  private revision: number;
  private sentAt = 0;
  private synced: number;
  private scheduled = false;
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private readonly clock: () => number;

  constructor(private readonly opts: MeshSyncOptions) {
    this.clock = opts.clock ?? Date.now;
    // From the clock, so that a restarted control plane's revisions never repeat an old one.
    this.revision = this.clock();
    this.synced = this.clock();
    this.unsubscribe = opts.subscribe?.(() => this.schedule()) ?? (() => undefined);
    this.timer = setInterval(() => this.check(), opts.pollMs ?? 200);
    this.timer.unref();
    this.check();
  }

  /**
   * The latest moment at which every connected agent served the table the store's facts gave at
   * that moment. A replica retired before it is out of every mesh.
   */
  syncedAt(): number {
    return this.synced;
  }

  /** The table's revision now (for tests and logs). */
  currentRevision(): number {
    return this.revision;
  }

  /** A newly registered stream gets the current table at once. */
  attach(node: string, write: (m: ControlMessage) => void): void {
    this.check();
    const peer: Peer = { write, acked: 0, warned: 0 };
    this.peers.set(node, peer);
    this.send(peer);
  }

  detach(node: string, write?: (m: ControlMessage) => void): void {
    const peer = this.peers.get(node);
    if (peer && (write === undefined || peer.write === write)) this.peers.delete(node);
    this.schedule();
  }

  /** The agent's answer: the revision it now serves from. */
  acknowledge(node: string, status: MeshStatus): void {
    const peer = this.peers.get(node);
    if (!peer) return;
    peer.acked = Number(status.revision) || 0;
    this.schedule();
  }

  close(): void {
    clearInterval(this.timer);
    this.unsubscribe();
    this.peers.clear();
  }

  /** Acks and events come in bursts: one look per turn of the event loop is enough. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.check();
    });
  }

  private check(): void {
    let services: MeshService[];
    try {
      services = this.opts.table();
    } catch (err) {
      this.opts.log.warn({ err: (err as Error).message }, 'mesh table not computed');
      return;
    }
    const now = this.clock();
    const key = JSON.stringify(services);
    if (key !== this.key) {
      this.key = key;
      this.services = services;
      this.revision = Math.max(this.revision + 1, now);
      this.sentAt = now;
      this.opts.log.debug(
        {
          revision: this.revision,
          services: services.length,
          endpoints: services.reduce((n, s) => n + s.endpoints.length, 0),
        },
        'mesh table changed',
      );
      for (const peer of this.peers.values()) this.send(peer);
      return;
    }
    const ackWarnMs = this.opts.ackWarnMs ?? 5000;
    let all = true;
    for (const [node, peer] of this.peers) {
      if (peer.acked === this.revision) continue;
      all = false;
      if (now - this.sentAt > ackWarnMs && peer.warned !== this.revision) {
        peer.warned = this.revision;
        this.opts.log.warn({ node, revision: this.revision, acked: peer.acked }, 'mesh table not acknowledged');
      }
    }
    if (!all) return;
    const before = this.synced;
    this.synced = now;
    // Only a catch-up is news to the reconciler; a quiet table confirmed again is not.
    if (before < this.sentAt) this.opts.onSynced?.();
  }

  private send(peer: Peer): void {
    try {
      peer.write({ msg: 'mesh', mesh: { revision: this.revision, services: this.services } });
    } catch (err) {
      // A stream that ended between its close event and our write: its detach follows.
      this.opts.log.debug({ err: (err as Error).message }, 'mesh table not written');
    }
  }
}
