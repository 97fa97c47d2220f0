// Heartbeat liveness and usage, held in memory and persisted in batches.
//
// They change with every heartbeat. One fsync per heartbeat is what a durable write costs, so they
// reach the file in one transaction now and then instead: after a restart every READY node gets
// a full lease anyway (refreshLeases), so nothing depends on them being durable.
import type { NodeUsage } from '@coxswain/shared';
import type { NodeRecord } from '../model';
import type { Mirror } from './mirror';

export class LivenessCache {
  private readonly dirty = new Set<string>();

  /**
   * @param mirror where reads see liveness at once
   * @param persist writes the given nodes' liveness and usage in one transaction
   */
  constructor(
    private readonly mirror: Mirror,
    private readonly persist: (nodes: NodeRecord[]) => void,
  ) {}

  touch(name: string, now: number, usage?: NodeUsage): void {
    const n = this.mirror.getNode(name);
    if (!n) return;
    this.mirror.setLiveness(
      usage
        ? { ...n, lastSeen: now, usageCpuPercent: usage.cpuPercent, usageMemoryBytes: usage.memoryUsedBytes }
        : { ...n, lastSeen: now },
    );
    this.dirty.add(name);
  }

  /**
   * Persists what changed since the last flush that worked. A failed persist (a full disk) keeps
   * every node dirty, so the next flush writes the newest liveness of all of them.
   */
  flush(): void {
    if (this.dirty.size === 0) return;
    const nodes: NodeRecord[] = [];
    for (const name of this.dirty) {
      const n = this.mirror.getNode(name);
      if (n) nodes.push(n);
    }
    this.persist(nodes);
    this.dirty.clear();
  }

  /**
   * A node re-read from the file after a write: keeps the liveness that only memory holds when
   * it is newer than the file's.
   */
  merge(fromFile: NodeRecord): NodeRecord {
    const mem = this.mirror.getNode(fromFile.name);
    if (!mem || mem.lastSeen <= fromFile.lastSeen) return fromFile;
    return {
      ...fromFile,
      lastSeen: mem.lastSeen,
      usageCpuPercent: mem.usageCpuPercent,
      usageMemoryBytes: mem.usageMemoryBytes,
    };
  }
}
