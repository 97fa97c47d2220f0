// Falkenauer one-dimensional instances: hosts used / optimum, per set, per policy.

import path from 'node:path';
import { schedule, type SchedNode, type SchedRequest } from '@coxswain/control-plane/scheduler';
import { loadOptima, loadOrLib, type BinPackingInstance } from './data';
import { nodesUsed, placeWithScorer, referenceScorers } from './reference-scorers';
import { fmt, table, type Ledger } from './report';

const SETS = ['u120', 'u250', 'u500', 'u1000', 't60', 't120', 't249', 't501'];
/** Memory is not part of these instances: nodes get plenty and requests none. */
const AMPLE_MEMORY = 2 ** 50;

export function binPackingInput(inst: BinPackingInstance): { nodes: SchedNode[]; requests: SchedRequest[] } {
  // One bin per item is always enough.
  const nodes: SchedNode[] = inst.items.map((_, i) => ({
    name: `bin-${String(i).padStart(4, '0')}`,
    labels: {},
    capacity: { cpuMillis: inst.capacity, memoryBytes: AMPLE_MEMORY },
    allocated: { cpuMillis: 0, memoryBytes: 0 },
    schedulable: true,
  }));
  const requests: SchedRequest[] = inst.items.map((size, i) => ({
    id: `item-${i}`,
    group: `item-${i}`,
    cpuMillis: size,
    memoryBytes: 0,
    constraints: [],
  }));
  return { nodes, requests };
}

export function runFalkenauer(dataDir: string, ledger: Ledger): void {
  const orlib = path.join(dataDir, 'orlib');
  const optima = loadOptima(path.join(orlib, 'optima.csv'));
  const policies = ['Coxswain online', 'Coxswain batch', 'online, no moves', ...Object.keys(referenceScorers)];
  const ratios: Record<string, number[]> = {};
  const movesPer100: Record<string, number> = {};
  let batchSeconds = 0;
  for (let f = 1; f <= 8; f++) {
    const instances = loadOrLib(path.join(orlib, `binpack${f}.txt`), optima);
    const set = SETS[f - 1];
    const sums = new Array(policies.length).fill(0);
    let moves = 0;
    let items = 0;
    for (const inst of instances) {
      const { nodes, requests } = binPackingInput(inst);
      const online = schedule(nodes, requests, { mode: 'online' });
      sums[0] += nodesUsed(online) / inst.optimum;
      moves += online.moves.length;
      items += requests.length;
      const t0 = process.hrtime.bigint();
      sums[1] += nodesUsed(schedule(nodes, requests, { mode: 'batch' })) / inst.optimum;
      batchSeconds += Number(process.hrtime.bigint() - t0) / 1e9;
      sums[2] += nodesUsed(schedule(nodes, requests, { mode: 'online', makeRoom: false })) / inst.optimum;
      Object.values(referenceScorers).forEach((scorer, k) => {
        sums[3 + k] += nodesUsed(placeWithScorer(nodes, requests, scorer)) / inst.optimum;
      });
    }
    ratios[set] = sums.map((s) => s / instances.length);
    movesPer100[set] = (100 * moves) / items;
  }
  console.log('\nFalkenauer (OR-Library): hosts used / optimum, mean over 20 instances per set');
  console.log(
    table(
      ['set', ...policies, 'online moves per 100'],
      SETS.map((s) => [s, ...ratios[s].map((r) => fmt(r)), fmt(movesPer100[s], 1)]),
    ),
  );
  console.log(`(Coxswain batch: ${fmt(batchSeconds, 1)} s for all 160 instances)`);
  console.log('(The t* files list each optimal triplet consecutively, so file order is already optimal for best fit.)');
  console.log('(Online places each item on arrival; before opening a host it may move one placed item to another used');
  console.log(' host to make room, as the control plane does with start-before-stop. "no moves" is plain best fit.)\n');
  for (const set of SETS) {
    const [online, batch, , ...refs] = ratios[set];
    const bestRef = Math.min(...refs);
    ledger.check(
      `Falkenauer ${set} online <= best reference scorer`,
      online <= bestRef + 1e-12,
      `${fmt(online)} vs ${fmt(bestRef)}`,
    );
    const uniform = set.startsWith('u');
    if (uniform) ledger.check(`Falkenauer ${set} online <= 1.04`, online <= 1.04, fmt(online));
    const limit = uniform ? 1.01 : 1.03;
    ledger.check(`Falkenauer ${set} batch <= ${limit}`, batch <= limit, fmt(batch));
  }
}
