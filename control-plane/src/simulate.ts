#!/usr/bin/env node
// Capacity-planning simulator: places workloads from a CSV onto nodes from a CSV with the
// production scheduler and reports how many fit and how many hosts they need.

import { FlagError, parseFlags, usage, type FlagSpec } from '@coxswain/shared';
import { schedule } from './scheduler';
import { CsvError, loadNodesCsv, loadWorkloadsCsv } from './simulate/csv';

const PROGRAM = 'coxswain simulate';

const FLAGS: FlagSpec[] = [
  { name: 'nodes', help: 'CSV of nodes: name (or sn),cpu_milli,memory_mib', required: true },
  { name: 'workloads', help: 'CSV of one-replica workloads: name,cpu_milli,memory_mib', required: true },
  { name: 'json', help: 'print a JSON summary as the last line', boolean: true },
  { name: 'batch', help: 'plan all workloads together instead of one at a time in file order', boolean: true },
];

function fail(message: string): never {
  process.stderr.write(`${PROGRAM}: ${message}\n`);
  process.exit(2);
}

function main(): void {
  let flags;
  try {
    flags = parseFlags(FLAGS);
  } catch (err) {
    if (err instanceof FlagError) fail(`${err.message}\n\n${usage(PROGRAM, FLAGS)}`);
    throw err;
  }
  if (flags.help) {
    process.stdout.write(usage(PROGRAM, FLAGS) + '\n');
    return;
  }
  let nodes, workloads;
  try {
    nodes = loadNodesCsv(String(flags.nodes));
    workloads = loadWorkloadsCsv(String(flags.workloads));
  } catch (err) {
    if (err instanceof CsvError) fail(err.message);
    throw err;
  }
  if (nodes.length === 0) fail(`${flags.nodes}: no nodes`);

  const mode = flags.batch ? 'batch' : 'online';
  const t0 = process.hrtime.bigint();
  const plan = schedule(nodes, workloads, { mode });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;

  const nodesUsed = new Set(plan.placements.map((p) => p.node)).size;
  const summary = {
    mode,
    nodes: nodes.length,
    workloads: workloads.length,
    placed: plan.placements.length,
    unplaced: plan.unplaced.length,
    nodesUsed,
    seconds,
    placementsPerSecond: seconds > 0 ? Math.round(workloads.length / seconds) : null,
  };
  const lines = [
    `${summary.placed}/${summary.workloads} workloads placed on ${nodesUsed}/${nodes.length} nodes (${mode}), ` +
      `${seconds.toFixed(3)} s`,
  ];
  for (const u of plan.unplaced.slice(0, 5)) lines.push(`  unplaced ${u.id}: ${u.reason}`);
  if (plan.unplaced.length > 5) lines.push(`  ... and ${plan.unplaced.length - 5} more unplaced`);
  if (flags.json) lines.push(JSON.stringify(summary));
  process.stdout.write(lines.join('\n') + '\n');
}

main();
