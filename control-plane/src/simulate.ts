#!/usr/bin/env node
// Capacity-planning simulator: places workloads from a CSV onto nodes from a CSV with the
// production scheduler and reports how many fit and how many hosts they need.

import { FlagError, parseFlags, usage, type FlagSpec } from '@coxswain/shared';
import { schedule } from './scheduler';
import { CsvError, loadNodesCsv, loadWorkloadReplicas } from './simulate/index';

const PROGRAM = 'coxswain simulate';

const FLAGS: FlagSpec[] = [
  {
    name: 'nodes',
    help:
      'CSV of nodes: name (or sn),cpu_milli,memory_mib; optional labels like "zone=a;disk=ssd". ' +
      'Ties between equal nodes go to the first by name, as in the control plane',
    required: true,
  },
  {
    name: 'workloads',
    help:
      'CSV of workloads, placed in file order: name,cpu_milli,memory_mib (per replica); optional replicas ' +
      '(default 1) and constraints like "node.labels.zone == a;node.labels.disk != hdd"',
    required: true,
  },
  { name: 'json', help: 'print a JSON summary as the last line', boolean: true },
  {
    name: 'plan',
    help: 'with the JSON summary, list every replica: placements [{workload, replica, node}], pending [{workload, replica, reason}] and moved [{workload, replica, from, to}]',
    boolean: true,
  },
  { name: 'batch', help: 'plan all workloads together instead of one at a time in file order', boolean: true },
  {
    name: 'make-room',
    help:
      'on: before a replica opens an empty node, move one placed replica to another used node if that makes it fit ' +
      '(as the control plane does); off: never move',
    default: 'on',
  },
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
  let nodes, input;
  try {
    nodes = loadNodesCsv(String(flags.nodes));
    input = loadWorkloadReplicas(String(flags.workloads));
  } catch (err) {
    if (err instanceof CsvError) fail(err.message);
    throw err;
  }
  if (nodes.length === 0) fail(`${flags.nodes}: no nodes`);
  // The control plane hands the scheduler its nodes by name; equal nodes then tie the same way.
  nodes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const { requests, refs } = input;

  const makeRoom = String(flags['make-room']);
  if (makeRoom !== 'on' && makeRoom !== 'off') fail(`--make-room: want on or off, got "${makeRoom}"`);
  const mode = flags.batch ? 'batch' : 'online';
  const t0 = process.hrtime.bigint();
  const plan = schedule(nodes, requests, { mode, makeRoom: makeRoom === 'on' });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;

  const nodesUsed = new Set(plan.placements.map((p) => p.node)).size;
  const summary: Record<string, unknown> = {
    mode,
    nodes: nodes.length,
    workloads: new Set(refs.map((r) => r.workload)).size,
    replicas: requests.length,
    placed: plan.placements.length,
    unplaced: plan.unplaced.length,
    nodesUsed,
    moves: plan.moves.length,
    seconds,
    placementsPerSecond: seconds > 0 ? Math.round(requests.length / seconds) : null,
  };
  const byId = new Map(requests.map((q, i) => [q.id, refs[i]]));
  const refOf = (id: string) => {
    const r = byId.get(id);
    if (!r) throw new Error(`the plan names request ${id}, which was not asked for`);
    return r;
  };
  if (flags.plan) {
    summary.placements = plan.placements.map((p) => ({ ...refOf(p.id), node: p.node }));
    summary.pending = plan.unplaced.map((u) => ({ ...refOf(u.id), reason: u.reason }));
    summary.moved = plan.moves.map((m) => ({ ...refOf(m.id), from: m.from, to: m.to }));
  }
  const lines = [
    `${summary.placed}/${requests.length} replicas placed on ${nodesUsed}/${nodes.length} nodes (${mode}), ` +
      (mode === 'online' ? `${plan.moves.length} moved to make room, ` : '') +
      `${seconds.toFixed(3)} s`,
  ];
  for (const u of plan.unplaced.slice(0, 5))
    lines.push(`  unplaced ${refOf(u.id).workload}/${refOf(u.id).replica}: ${u.reason}`);
  if (plan.unplaced.length > 5) lines.push(`  ... and ${plan.unplaced.length - 5} more unplaced`);
  if (flags.json || flags.plan) lines.push(JSON.stringify(summary));
  process.stdout.write(lines.join('\n') + '\n');
}

main();
