// This host's replicas that the agent has seen stop or fail their check, before the control plane
// has taken them out of the mesh table. The kernel path has no retry: until the next table, a
// connection it forwards to a crashed local replica would be refused. So such replicas leave the
// kernel's forwards at once (the userspace proxy then serves the port, with its retries).
import type { ContainerInfo } from '@coxswain/shared';

const key = (workload: string, replica: number) => `${workload}/${replica}`;

export class LocalDown {
  private readonly byContainer = new Map<string, string>();
  private readonly down = new Set<string>();

  /**
   * What the agent learnt of one of its containers (undefined: it is gone). True when the set
   * changed. A replica comes back once seen running with a passing or no check.
   */
  observe(containerId: string, info: ContainerInfo | undefined): boolean {
    if (!info) {
      const k = this.byContainer.get(containerId);
      this.byContainer.delete(containerId);
      return k !== undefined && this.mark(k, true);
    }
    const k = key(info.workload, info.replica);
    this.byContainer.set(containerId, k);
    if (info.state !== 'running' || info.health === 'unhealthy') return this.mark(k, true);
    if (info.health === '' || info.health === 'healthy') return this.mark(k, false);
    return false;
  }

  isDown(workload: string, replica: number): boolean {
    return this.down.has(key(workload, replica));
  }

  /** The table caught up: a replica it no longer lists needs no hold-out of its own. */
  retain(listed: (workload: string, replica: number) => boolean): void {
    for (const k of this.down) {
      const slash = k.lastIndexOf('/');
      if (!listed(k.slice(0, slash), Number(k.slice(slash + 1)))) this.down.delete(k);
    }
  }

  private mark(k: string, down: boolean): boolean {
    if (this.down.has(k) === down) return false;
    if (down) this.down.add(k);
    else this.down.delete(k);
    return true;
  }
}
