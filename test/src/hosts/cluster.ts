import { bridgeAddress, runDir } from './naming';
import { addSecondBridgeAddress, createBridge, createHostNetwork } from './network';
import { TestHost } from './host';
import { reapRun } from './reaper';
import { claimRun, releaseRun, type RunClaim } from './registry';

export interface StartHostsOptions {
  count: number;
  /** Start each host's dockerd (default true); false gives bare namespaces. */
  docker?: boolean;
  /** Hosts (1-based) whose engine has Docker's bridge network; default none. */
  bridgeOn?: number[];
}

/** The hosts of one run plus the bridge that joins them to the root namespace. */
export class Cluster {
  readonly run: string;
  /** Third octet of the run's /24. */
  readonly slot: number;
  /** The root namespace's address on the bridge: where a control plane on 0.0.0.0 is reached. */
  readonly bridgeAddress: string;
  /** Folder with every host's engine data and logs. */
  readonly dir: string;
  readonly hosts: TestHost[] = [];
  private tornDown = false;

  constructor(private readonly claim: RunClaim) {
    this.run = claim.run;
    this.slot = claim.slot;
    this.bridgeAddress = bridgeAddress(claim.slot);
    this.dir = runDir(claim.run);
  }

  host(nameOrIndex: string | number): TestHost {
    const host = this.hosts.find((h) => h.name === nameOrIndex || h.index === nameOrIndex);
    if (!host) throw new Error(`no host ${nameOrIndex} in run ${this.run}`);
    return host;
  }

  /**
   * A second root-namespace address on the bridge, for a client whose connections must not share
   * source address and port with another client's (netfilter tracks them as one flow).
   */
  addSecondBridgeAddress(): Promise<string> {
    return addSecondBridgeAddress(this.run, this.slot);
  }

  /** Removes everything the run made; safe to call twice and after a failed start. */
  async teardown(): Promise<void> {
    if (this.tornDown) return;
    this.tornDown = true;
    // A frozen engine would hang whatever waits on it, here and in later runs' cleanup.
    for (const h of this.hosts) h.thawEngine();
    try {
      await reapRun(this.run);
    } finally {
      await releaseRun(this.claim);
    }
  }
}

export async function startHosts(opts: StartHostsOptions): Promise<Cluster> {
  if (!Number.isInteger(opts.count) || opts.count < 1) throw new Error(`startHosts: bad count ${opts.count}`);
  const cluster = new Cluster(await claimRun());
  try {
    await createBridge(cluster.run, cluster.slot);
    for (let i = 1; i <= opts.count; i++) {
      await createHostNetwork(cluster.run, cluster.slot, i);
      cluster.hosts.push(new TestHost(cluster.run, cluster.slot, i));
    }
    if (opts.docker !== false)
      await Promise.all(cluster.hosts.map((h) => h.startDocker({ bridge: opts.bridgeOn?.includes(h.index) ?? false })));
    return cluster;
  } catch (err) {
    await cluster.teardown().catch((cleanupErr: Error) => {
      (err as Error).message += `\n(and cleanup failed: ${cleanupErr.message})`;
    });
    throw err;
  }
}
