import os from 'node:os';
import si from 'systeminformation';
import type { NodeUsage, Resources } from '@coxswain/shared';

export interface CapacityOverrides {
  cpuMillis?: number;
  memoryBytes?: number;
}

/** What the node offers for placement: the measured totals unless the operator overrides them. */
export async function measureCapacity(overrides: CapacityOverrides = {}): Promise<Resources> {
  const needCpu = overrides.cpuMillis === undefined;
  const needMem = overrides.memoryBytes === undefined;
  const [cpu, mem] = await Promise.all([needCpu ? si.cpu() : undefined, needMem ? si.mem() : undefined]);
  // systeminformation may report 0 cores in odd containers; os.cpus() is the fallback.
  const logical = cpu ? cpu.cores || os.cpus().length : 0;
  return {
    cpuMillis: overrides.cpuMillis ?? logical * 1000,
    memoryBytes: overrides.memoryBytes ?? mem?.total ?? os.totalmem(),
  };
}

/** Current usage for heartbeats: CPU busy % and "active" memory (excludes reclaimable caches). */
export async function measureUsage(): Promise<NodeUsage> {
  const [load, mem] = await Promise.all([si.currentLoad(), si.mem()]);
  const cpuPercent = Number.isFinite(load.currentLoad) ? Math.round(load.currentLoad * 100) / 100 : 0;
  return { cpuPercent, memoryUsedBytes: mem.active };
}

/** Non-internal IPv4 and IPv6 addresses of the host's interfaces, IPv4 first. */
export function hostAddresses(interfaces = os.networkInterfaces()): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      (a.family === 'IPv4' ? v4 : v6).push(a.address);
    }
  }
  return [...new Set([...v4, ...v6])];
}
export { localAddressTowards } from './local-address';
