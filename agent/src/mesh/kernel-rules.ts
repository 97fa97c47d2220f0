// The mesh's kernel path as data: which published ports the kernel hands straight to a replica on
// this host (netfilter DNAT, no userspace hop), and the iptables-restore script that says so.
// Pure: the shell that runs iptables is kernel-path.ts.
import net from 'node:net';
import type { MeshService } from '@coxswain/shared';

/** The chain holding one rule per local endpoint; jumped to from PREROUTING and OUTPUT. */
export const MESH_CHAIN = 'COXSWAIN-MESH';

/** The jumps into the chain: iptables arguments after `-t nat -A|-C|-D <chain>`. */
export const MESH_JUMPS: readonly { chain: 'PREROUTING' | 'OUTPUT'; args: readonly string[] }[] = [
  // Only connections addressed to this host: traffic routed through it, or this host's own
  // connections to another host's published port, must not be caught.
  { chain: 'PREROUTING', args: ['-m', 'addrtype', '--dst-type', 'LOCAL', '-j', MESH_CHAIN] },
  { chain: 'OUTPUT', args: ['-m', 'addrtype', '--dst-type', 'LOCAL', '-j', MESH_CHAIN] },
];

export interface KernelForward {
  publish: number;
  /** This host's ready endpoints of the port, in the table's order. */
  targets: { address: string; port: number }[];
}

/**
 * The ports whose connections the kernel forwards: those that this host listens on (so no other
 * process's port is taken over) and that have a ready endpoint on this host. The others stay with
 * the userspace proxy, which chooses among every host's endpoints and retries.
 */
export function localForwards(
  services: readonly MeshService[],
  node: string,
  listening: (port: number) => boolean,
): KernelForward[] {
  const out: KernelForward[] = [];
  for (const s of services) {
    if (!(s.publish > 0) || !listening(s.publish)) continue;
    const targets = s.endpoints
      // iptables, not ip6tables: an IPv6 endpoint stays with the userspace proxy.
      .filter((e) => e.node === node && net.isIPv4(e.address) && e.port > 0 && e.port < 65536)
      .map((e) => ({ address: e.address, port: e.port }));
    if (targets.length > 0) out.push({ publish: s.publish, targets });
  }
  return out.sort((a, b) => a.publish - b.publish);
}

/**
 * An iptables-restore script (for `--noflush`) that replaces the chain's rules in one commit.
 * Several targets share a port's connections evenly: rule i of n takes 1/(n-i) of what reaches it.
 */
export function restoreScript(forwards: readonly KernelForward[]): string {
  const lines = ['*nat', `:${MESH_CHAIN} - [0:0]`, `-F ${MESH_CHAIN}`];
  for (const f of forwards) {
    const n = f.targets.length;
    f.targets.forEach((t, i) => {
      const share = i < n - 1 ? ['-m', 'statistic', '--mode', 'random', '--probability', (1 / (n - i)).toFixed(5)] : [];
      lines.push(
        [
          '-A',
          MESH_CHAIN,
          '-p',
          'tcp',
          '--dport',
          String(f.publish),
          ...share,
          '-j',
          'DNAT',
          '--to-destination',
          `${t.address}:${t.port}`,
        ].join(' '),
      );
    });
  }
  lines.push('COMMIT', '');
  return lines.join('\n');
}

/**
 * Connections the chain's rules have forwarded, per published port, from `iptables-save -c -t nat`.
 * A nat rule sees only the first packet of a connection, so its packet count is a connection count.
 */
export function forwardedConnections(save: string): Map<number, number> {
  const out = new Map<number, number>();
  const rule = new RegExp(`^\\[(\\d+):\\d+\\] -A ${MESH_CHAIN} .*--dport (\\d+) `);
  for (const line of save.split('\n')) {
    const m = rule.exec(line);
    if (!m) continue;
    const port = Number(m[2]);
    out.set(port, (out.get(port) ?? 0) + Number(m[1]));
  }
  return out;
}
