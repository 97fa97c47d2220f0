// Scheduler benchmark: packing quality against optima and other schedulers' policies, and speed.

import { benchDataDir } from './data';
import { runAlibaba } from './alibaba';
import { runFalkenauer } from './falkenauer';
import { Ledger } from './report';
import { runSynthetic } from './synthetic';

export function runSchedulerBench(): void {
  const dataDir = benchDataDir();
  const ledger = new Ledger();
  const t0 = Date.now();
  console.log(`Scheduler benchmark (data: ${dataDir})`);
  runSynthetic(ledger);
  runFalkenauer(dataDir, ledger);
  runAlibaba(dataDir, ledger);
  console.log(`\nSummary: ${ledger.summary()} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

if (require.main === module) runSchedulerBench();
