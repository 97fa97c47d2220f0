// Benchmark data: where it lives and how its files parse.

import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The data sits beside the repository, in ../shared/bench-data; COXSWAIN_BENCH_DATA overrides. */
export function benchDataDir(): string {
  const fromEnv = process.env.COXSWAIN_BENCH_DATA;
  if (fromEnv) return path.resolve(fromEnv);
  const repoRoot = path.resolve(__dirname, '..', '..');
  return path.resolve(repoRoot, '..', 'shared', 'bench-data');
}

export interface BinPackingInstance {
  name: string;
  capacity: number;
  items: number[];
  optimum: number;
}

/** Parses an OR-Library binpack file; the t* sets have one decimal, so they are scaled x10. */
export function loadOrLib(file: string, optima: Map<string, number>): BinPackingInstance[] {
  const tokens = readFileSync(file, 'utf8')
    .split(/\s+/)
    .filter((t) => t !== '');
  let at = 0;
  const count = Number(tokens[at++]);
  const out: BinPackingInstance[] = [];
  for (let p = 0; p < count; p++) {
    const name = tokens[at++];
    const rawCap = tokens[at++];
    const n = Number(tokens[at++]);
    at++; // the header's best-known count, superseded by optima.csv
    const raw = tokens.slice(at, at + n);
    at += n;
    const scale = rawCap.includes('.') || raw.some((t) => t.includes('.')) ? 10 : 1;
    const optimum = optima.get(name);
    if (optimum === undefined) throw new Error(`no optimum for ${name}`);
    out.push({
      name,
      capacity: Math.round(Number(rawCap) * scale),
      items: raw.map((t) => Math.round(Number(t) * scale)),
      optimum,
    });
  }
  return out;
}

export function loadOptima(file: string): Map<string, number> {
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const nameAt = header.indexOf('instance');
  const optAt = header.indexOf('optimum');
  const out = new Map<string, number>();
  for (const line of lines.slice(1)) {
    const cols = line.split(',');
    out.set(cols[nameAt], Number(cols[optAt]));
  }
  return out;
}
