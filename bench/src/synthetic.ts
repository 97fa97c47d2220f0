// Synthetic scale run: thousands of heterogeneous nodes, a hundred thousand skewed replicas.

import { schedule, type SchedNode, type SchedRequest } from '@coxswain/control-plane/dist/scheduler';
import { fmt, table, type Ledger } from './report';

const GIB = 1024 ** 3;

/** mulberry32: small, seeded, good enough to make the same cluster every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = ['a', 'b', 'c'];

export function syntheticCluster(nodeCount: number, replicaCount: number, seed = 42) {
  const rnd = prng(seed);
  const nodes: SchedNode[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const cores = 8 + Math.floor(rnd() * 121);
    const gibPerCore = 4 + Math.floor(rnd() * 5);
    nodes.push({
      name: `node-${i}`,
      labels: { zone: ZONES[i % 3] },
      capacity: { cpuMillis: cores * 1000, memoryBytes: cores * gibPerCore * GIB },
      allocated: { cpuMillis: 0, memoryBytes: 0 },
      schedulable: true,
    });
  }
  // Mostly small requests with a long tail, as in real clusters.
  const sizes = [100, 250, 500, 1000, 2000, 4000, 8000, 16000];
  const weights = [20, 25, 20, 15, 10, 6, 3, 1];
  const total = weights.reduce((a, b) => a + b, 0);
  const pick = () => {
    let x = rnd() * total;
    for (let k = 0; k < sizes.length; k++) if ((x -= weights[k]) < 0) return sizes[k];
    return sizes[sizes.length - 1];
  };
  const requests: SchedRequest[] = [];
  // A few large groups (some zone-constrained) spread by anti-affinity; the rest single replicas.
  const bigGroups = 10;
  const perGroup = 1000;
  for (let g = 0; g < bigGroups; g++) {
    const cpu = pick();
    const mem = Math.round(cpu * (1 + rnd() * 3) * (GIB / 1000));
    const constraints = g % 2 === 0 ? [{ attribute: 'labels.zone', op: '==' as const, value: ZONES[g % 3] }] : [];
    for (let r = 0; r < perGroup; r++) requests.push({ id: `g${g}/${r}`, group: `g${g}`, cpuMillis: cpu, memoryBytes: mem, constraints });
  }
  for (let i = requests.length; i < replicaCount; i++) {
    const cpu = pick();
    const mem = Math.round(cpu * (0.5 + rnd() * 5.5) * (GIB / 1000));
    requests.push({ id: `w${i}`, group: `w${i}`, cpuMillis: cpu, memoryBytes: mem, constraints: [] });
  }
  // Interleave the groups with the singles, deterministically.
  for (let i = requests.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [requests[i], requests[j]] = [requests[j], requests[i]];
  }
  return { nodes, requests };
}

export function runSynthetic(ledger: Ledger): void {
  // Warm the JIT on a smaller cluster so the timing below is steady-state throughput.
  const warm = syntheticCluster(500, 20_000, 7);
  schedule(warm.nodes, warm.requests, { mode: 'online' });
  const { nodes, requests } = syntheticCluster(5000, 100_000);
  const rows: (string | number)[][] = [];
  const rates: Record<string, number> = {};
  for (const mode of ['online', 'batch'] as const) {
    const t0 = process.hrtime.bigint();
    const plan = schedule(nodes, requests, { mode });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const heap = process.memoryUsage().heapUsed;
    const rate = requests.length / s;
    rates[mode] = rate;
    const used = new Set(plan.placements.map((p) => p.node)).size;
    rows.push([mode, plan.placements.length, plan.unplaced.length, used, fmt(s, 3), Math.round(rate).toLocaleString('en-US'), Math.round(heap / 2 ** 20)]);
  }
  const peakRss = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`\nSynthetic: ${nodes.length} nodes (8-128 cores), ${requests.length.toLocaleString('en-US')} replicas (10 groups x 1000, half zone-constrained; rest single)`);
  console.log(table(['mode', 'placed', 'unplaced', 'hosts', 'seconds', 'placements/s', 'heapUsed MiB'], rows));
  console.log(`peak RSS of the bench process so far: ${peakRss} MiB\n`);
  ledger.check('Synthetic online >= 200,000 placements/s', rates.online >= 200_000, `${Math.round(rates.online).toLocaleString('en-US')}/s`);
}
