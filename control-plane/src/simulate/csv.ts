// Loads the simulator's CSV inputs (nodes and one-replica workloads) into scheduler types.

import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { SchedNode, SchedRequest } from '../scheduler';

const MIB = 1024 * 1024;

export class CsvError extends Error {}

type Row = Record<string, string>;

function readRows(path: string): Row[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CsvError(`cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Row[];
  } catch (err) {
    throw new CsvError(`${path}: ${(err as Error).message}`);
  }
}

function column(rows: Row[], path: string, names: string[]): string {
  const header = rows.length > 0 ? Object.keys(rows[0]) : [];
  const found = names.find((n) => header.includes(n));
  if (!found) throw new CsvError(`${path}: missing column ${names.join(' or ')}`);
  return found;
}

function quantity(row: Row, col: string, path: string, line: number): number {
  const raw = row[col];
  const v = Number(raw);
  if (raw === '' || !Number.isFinite(v) || v < 0) {
    throw new CsvError(`${path}:${line}: ${col} must be a non-negative number, got "${raw}"`);
  }
  return v;
}

/** Parses `name,cpu_milli,memory_mib` rows (the name column may be `sn`, as in the Alibaba trace). */
function readSized(path: string): { name: string; cpuMillis: number; memoryBytes: number }[] {
  const rows = readRows(path);
  if (rows.length === 0) return [];
  const nameCol = column(rows, path, ['name', 'sn']);
  const cpuCol = column(rows, path, ['cpu_milli']);
  const memCol = column(rows, path, ['memory_mib']);
  return rows.map((row, i) => {
    // Line numbers count the header as line 1.
    const line = i + 2;
    const name = row[nameCol];
    if (!name) throw new CsvError(`${path}:${line}: empty ${nameCol}`);
    return {
      name,
      cpuMillis: quantity(row, cpuCol, path, line),
      memoryBytes: quantity(row, memCol, path, line) * MIB,
    };
  });
}

export function loadNodesCsv(path: string): SchedNode[] {
  const seen = new Set<string>();
  return readSized(path).map((r) => {
    if (seen.has(r.name)) throw new CsvError(`${path}: duplicate node name "${r.name}"`);
    seen.add(r.name);
    return {
      name: r.name,
      labels: {},
      capacity: { cpuMillis: r.cpuMillis, memoryBytes: r.memoryBytes },
      allocated: { cpuMillis: 0, memoryBytes: 0 },
      schedulable: true,
    };
  });
}

/** Each row is a one-replica workload whose group is its name. */
export function loadWorkloadsCsv(path: string): SchedRequest[] {
  return readSized(path).map((r, i) => ({
    id: `${r.name}#${i}`,
    group: r.name,
    cpuMillis: r.cpuMillis,
    memoryBytes: r.memoryBytes,
    constraints: [],
  }));
}
