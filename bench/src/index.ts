// Benchmark entry point.

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { runSchedulerBench } from './scheduler';

runSchedulerBench();
// Its own process, so the peak memory it reports is the store path's and not the scheduler bench's.
execFileSync(process.execPath, [path.join(__dirname, 'store-path.js')], { stdio: 'inherit' });
