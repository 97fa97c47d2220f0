// Benchmark entry point.

import { runSchedulerBench } from './scheduler';

runSchedulerBench();
