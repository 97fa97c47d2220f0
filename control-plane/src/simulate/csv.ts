// Loads the simulator's CSV inputs (nodes and workloads) into scheduler types.

import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { parseConstraint, type Constraint, type SchedNode, type SchedRequest } from '../scheduler';

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

interface SizedRow {
  name: string;
  cpuMillis: number;
  memoryBytes: number;
  /** The raw row and its line number, for the optional columns. */
  row: Row;
  line: number;
}

/** Parses `name,cpu_milli,memory_mib` rows (the name column may be `sn`, as in the Alibaba trace). */
function readSized(path: string): SizedRow[] {
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
      row,
      line,
    };
  });
}

/** `zone=a;disk=ssd`, as agents advertise labels; empty or absent: none. */
function labels(r: SizedRow, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (r.row.labels ?? '').split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    if (eq <= 0 || key === '') throw new CsvError(`${path}:${r.line}: label "${part.trim()}" is not KEY=VALUE`);
    out[key] = part.slice(eq + 1).trim();
  }
  return out;
}

/** `node.labels.zone == a;node.name != h1`: constraints as the API takes them, joined by `;`. */
function constraints(r: SizedRow, path: string): Constraint[] {
  const out: Constraint[] = [];
  for (const part of (r.row.constraints ?? '').split(';')) {
    if (part.trim() === '') continue;
    try {
      out.push(parseConstraint(part));
    } catch (err) {
      throw new CsvError(`${path}:${r.line}: ${(err as Error).message}`);
    }
  }
  return out;
}

/**
 * `8080;0`: host ports, fixed ones by number and `0` for each dynamic one (from the node's range,
 * the agent's default in the simulator); empty or absent: none.
 */
function ports(r: SizedRow, path: string): { hostPorts?: number[]; dynamicPorts?: number } {
  const hostPorts: number[] = [];
  let dynamicPorts = 0;
  for (const part of (r.row.ports ?? '').split(';')) {
    const text = part.trim();
    if (text === '') continue;
    const port = Number(text);
    if (!/^\d+$/.test(text) || port > 65535)
      throw new CsvError(`${path}:${r.line}: port "${text}" is not 0 (dynamic) or a port from 1 to 65535`);
    if (port === 0) dynamicPorts++;
    else if (hostPorts.includes(port)) throw new CsvError(`${path}:${r.line}: port ${port} is given twice`);
    else hostPorts.push(port);
  }
  return { ...(hostPorts.length > 0 ? { hostPorts } : {}), ...(dynamicPorts > 0 ? { dynamicPorts } : {}) };
}

function replicaCount(r: SizedRow, path: string): number {
  const raw = r.row.replicas;
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new CsvError(`${path}:${r.line}: replicas must be a non-negative integer, got "${raw}"`);
  return n;
}

export function loadNodesCsv(path: string): SchedNode[] {
  const seen = new Set<string>();
  return readSized(path).map((r) => {
    if (seen.has(r.name)) throw new CsvError(`${path}: duplicate node name "${r.name}"`);
    seen.add(r.name);
    return {
      name: r.name,
      labels: labels(r, path),
      capacity: { cpuMillis: r.cpuMillis, memoryBytes: r.memoryBytes },
      allocated: { cpuMillis: 0, memoryBytes: 0 },
      schedulable: true,
    };
  });
}

/** One replica of a workload row, in the order the scheduler sees them. */
export interface ReplicaRef {
  workload: string;
  replica: number;
}

/**
 * Each row is a workload whose group is its name (so its replicas spread), with `replicas`
 * replicas (default 1), numbered from 0 like the control plane numbers them.
 */
export function loadWorkloadsCsv(path: string): SchedRequest[] {
  return loadWorkloadReplicas(path).requests;
}

export function loadWorkloadReplicas(path: string): { requests: SchedRequest[]; refs: ReplicaRef[] } {
  const requests: SchedRequest[] = [];
  const refs: ReplicaRef[] = [];
  readSized(path).forEach((r, i) => {
    const cs = constraints(r, path);
    const need = ports(r, path);
    const n = replicaCount(r, path);
    for (let k = 0; k < n; k++) {
      requests.push({
        id: `${r.name}#${i}/${k}`,
        group: r.name,
        cpuMillis: r.cpuMillis,
        memoryBytes: r.memoryBytes,
        constraints: cs,
        ...need,
      });
      refs.push({ workload: r.name, replica: k });
    }
  });
  return { requests, refs };
}
