// Which of this host's replicas the kernel path may forward to: those the agent itself has seen
// running in the host's network with a passing check (or none). The control plane's table says
// which replicas are endpoints; this says which of the local ones a DNAT rule can reach safely.
// - The kernel path has no retry: a replica the agent saw stop or fail its check leaves the
//   rules at once, not when the control plane's next table says so.
// - A bridge-mode replica is reached at its host port through Docker's own port mapping, which a
//   DNAT rule of ours, first in PREROUTING, would bypass: it stays with the userspace proxy.
// - Until the agent has seen a replica (after its own restart), it is not forwarded either.
import type { ContainerInfo } from '@coxswain/shared';

const key = (workload: string, replica: number) => `${workload}/${replica}`;

export class LocalReplicas {
  /** workload/replica -> the container seen fit for the kernel path. */
  private readonly fit = new Map<string, string>();

  /**
   * What the agent learnt of one of its containers (undefined: it is gone), and its network
   * mode. True when the set changed.
   */
  observe(containerId: string, info: ContainerInfo | undefined, network?: string): boolean {
    if (!info) {
      for (const [k, id] of this.fit) if (id === containerId) return this.fit.delete(k);
      return false;
    }
    const k = key(info.workload, info.replica);
    const ok = info.state === 'running' && network === 'host' && (info.health === '' || info.health === 'healthy');
    if (ok) {
      if (this.fit.get(k) === containerId) return false;
      this.fit.set(k, containerId);
      return true;
    }
    // Only the container that was fit loses the place: an old copy's exit says nothing of its successor.
    return this.fit.get(k) === containerId && this.fit.delete(k);
  }

  forwardable(workload: string, replica: number): boolean {
    return this.fit.has(key(workload, replica));
  }
}
