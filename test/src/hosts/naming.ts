import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every kernel object a run creates carries its run id in its name, so a later run can find and
 * remove what a crashed one left behind without touching anything else on the machine.
 * Run ids are 4 hex digits: link names must fit in 15 bytes and 'h' can then separate fields.
 */
export const RUN_ID_PATTERN = '[0-9a-f]{4}';

/** Each run owns one /24 out of this /16; the slot number picks the third octet. */
export const SUBNET_PREFIX = '10.213';
export const MAX_SLOTS = 200;
export const MAX_HOSTS_PER_RUN = 200;

export function namespaceName(run: string, host: number): string {
  return `cox-${run}-h${host}`;
}

export function bridgeName(run: string): string {
  return `coxbr-${run}`;
}

/** Root-namespace end of a host's veth pair; cut/heal toggle this one. */
export function vethName(run: string, host: number): string {
  return `coxv${run}h${host}`;
}

/** Temporary name of the inner end before it moves into the namespace and becomes eth0. */
export function vethPeerName(run: string, host: number): string {
  return `coxp${run}h${host}`;
}

/** Docker's --cgroup-parent: relative, so it lands under the starting process's own cgroup. */
export function cgroupParentName(run: string, host: number): string {
  return `cox-${run}-h${host}`;
}

export function bridgeAddress(slot: number): string {
  return `${SUBNET_PREFIX}.${slot}.1`;
}

/** A second root-namespace address on the bridge, below the hosts' (which start at .11). */
export function secondBridgeAddress(slot: number): string {
  return `${SUBNET_PREFIX}.${slot}.2`;
}

export function hostAddress(slot: number, host: number): string {
  return `${SUBNET_PREFIX}.${slot}.${10 + host}`;
}

/** Folder holding every run's engines; under the temp folder so nothing persists across boots. */
export function hostsRoot(): string {
  return join(tmpdir(), 'coxswain-hosts');
}

export function runDir(run: string): string {
  return join(hostsRoot(), run);
}

/** Extracts the run id from any name this module produces, or undefined for foreign names. */
export function runIdOf(name: string): string | undefined {
  const patterns = [
    new RegExp(`^cox-(${RUN_ID_PATTERN})-h\\d+$`),
    new RegExp(`^coxbr-(${RUN_ID_PATTERN})$`),
    new RegExp(`^cox[vp](${RUN_ID_PATTERN})h\\d+$`),
  ];
  for (const p of patterns) {
    const m = p.exec(name);
    if (m) return m[1];
  }
  return undefined;
}
