// Seeded inputs shared by the benchmarks, so every run builds the same cluster.

import { prng } from '@coxswain/shared';

export { prng };

const GIB = 1024 ** 3;

export const ZONES = ['a', 'b', 'c'];

export interface HostShape {
  name: string;
  zone: string;
  cpuMillis: number;
  memoryBytes: number;
}

/** Hosts of 8 to 128 cores with 4 to 8 GiB per core, spread over three zones. */
export function hostShapes(count: number, rnd: () => number): HostShape[] {
  const hosts: HostShape[] = [];
  for (let i = 0; i < count; i++) {
    const cores = 8 + Math.floor(rnd() * 121);
    const gibPerCore = 4 + Math.floor(rnd() * 5);
    hosts.push({
      name: `node-${i}`,
      zone: ZONES[i % 3],
      cpuMillis: cores * 1000,
      memoryBytes: cores * gibPerCore * GIB,
    });
  }
  return hosts;
}

const SIZES = [100, 250, 500, 1000, 2000, 4000, 8000, 16000];
const WEIGHTS = [20, 25, 20, 15, 10, 6, 3, 1];
const TOTAL_WEIGHT = WEIGHTS.reduce((a, b) => a + b, 0);

/** CPU request in millis: mostly small with a long tail, as in real clusters. */
export function skewedCpu(rnd: () => number): number {
  let x = rnd() * TOTAL_WEIGHT;
  for (let k = 0; k < SIZES.length; k++) if ((x -= WEIGHTS[k]) < 0) return SIZES[k];
  return SIZES[SIZES.length - 1];
}

/** Memory for a CPU request, at `minGib` to `minGib + spanGib` GiB per core. */
export function memoryFor(cpuMillis: number, rnd: () => number, minGib: number, spanGib: number): number {
  return Math.round(cpuMillis * (minGib + rnd() * spanGib) * (GIB / 1000));
}
