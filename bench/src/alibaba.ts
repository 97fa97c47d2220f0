// Alibaba GPU cluster trace (CPU and memory only): hosts used against a lower bound.

import path from 'node:path';
import { schedule, type Plan, type SchedNode, type SchedRequest } from '@coxswain/control-plane/scheduler';
import { loadNodesCsv, loadWorkloadsCsv } from '@coxswain/control-plane/simulate';
import { nodesUsed, placeWithScorer, referenceScorers } from './reference-scorers';
import { fmt, table, type Ledger } from './report';

/**
 * No set of k hosts holds more CPU than the k largest by CPU, nor more memory than the k largest
 * by memory, so the requests need at least the larger of the two k that first cover the sums.
 */
export function hostLowerBound(nodes: SchedNode[], requests: SchedRequest[]): number {
  const need = (caps: number[], total: number) => {
    caps.sort((a, b) => b - a);
    let sum = 0;
    for (let k = 0; k < caps.length; k++) {
      if (sum >= total) return k;
      sum += caps[k];
    }
    return sum >= total ? caps.length : Infinity;
  };
  const cpu = requests.reduce((s, q) => s + q.cpuMillis, 0);
  const mem = requests.reduce((s, q) => s + q.memoryBytes, 0);
  return Math.max(
    need(
      nodes.map((x) => x.capacity.cpuMillis),
      cpu,
    ),
    need(
      nodes.map((x) => x.capacity.memoryBytes),
      mem,
    ),
  );
}

export function runAlibaba(dataDir: string, ledger: Ledger): void {
  const dir = path.join(dataDir, 'trace', 'alibaba-gpu-v2023');
  const nodes = loadNodesCsv(path.join(dir, 'openb_node_list_all_node.csv'));
  const requests = loadWorkloadsCsv(path.join(dir, 'openb_pod_list_default.csv'));
  const bound = hostLowerBound(nodes, requests);
  const rows: (string | number)[][] = [];
  const run = (label: string, f: () => Plan) => {
    const t0 = process.hrtime.bigint();
    const plan = f();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const used = nodesUsed(plan);
    rows.push([label, used, plan.unplaced.length, fmt(used / bound), fmt(s, 2)]);
    return { used, unplaced: plan.unplaced.length };
  };
  const online = run('Coxswain online', () => schedule(nodes, requests, { mode: 'online' }));
  const batch = run('Coxswain batch', () => schedule(nodes, requests, { mode: 'batch' }));
  for (const [name, scorer] of Object.entries(referenceScorers))
    run(name, () => placeWithScorer(nodes, requests, scorer));
  console.log(
    `\nAlibaba cluster-trace-gpu-v2023: ${nodes.length} nodes, ${requests.length} pods in file order, lower bound ${bound} hosts`,
  );
  console.log(table(['policy', 'hosts', 'unplaced', 'hosts/bound', 'seconds'], rows));
  console.log('');
  ledger.check('Alibaba online: 0 unplaced', online.unplaced === 0, `${online.unplaced} unplaced`);
  ledger.check(
    'Alibaba online <= 1.03 x lower bound',
    online.used <= 1.03 * bound,
    `${online.used}/${bound} = ${fmt(online.used / bound)}`,
  );
  ledger.check('Alibaba batch: 0 unplaced', batch.unplaced === 0, `${batch.unplaced} unplaced`);
}
