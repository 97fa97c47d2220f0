// Reports that arrive in one turn are written in one transaction, all or nothing; a batch that
// fails is written report by report; a node's second report waits for its first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registered } from '../model';
import { SqliteStore } from '../store';
import { ReportBatch, type ReportWrite } from './report-batch';

let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-report-batch-'));
  store = new SqliteStore(path.join(dir, 'coxswain.db'));
  for (const name of ['a', 'b', 'c'])
    store.registerNode(
      { name, labels: {}, capacity: { cpuMillis: 1000, memoryBytes: 1 << 30 }, agentVersion: 't', addresses: [] },
      '10.0.0.1',
      1,
      registered(undefined, name, '10.0.0.1'),
    );
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const running = (id: string) => ({
  containerId: id,
  workload: 'web',
  replica: 0,
  epoch: 1,
  generation: 1,
  state: 'running',
  exitCode: 0,
  startedAt: 1,
  finishedAt: 0,
});
const report =
  (node: string, id: string): ReportWrite =>
  () =>
    void store.applyReport(node, false, [running(id)], [], 10, (changed) =>
      changed.map((c) => ({ type: 'replica.started', node, workload: c.workload, replica: c.replica })),
    );
const ids = () => store.listContainers().map((c) => `${c.node}/${c.containerId}`);
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SqliteStore.batch', () => {
  it('writes every report in one transaction, and their events reach subscribers after it', () => {
    const seen: string[] = [];
    store.subscribe((e) => seen.push(`${e.node}:${e.type}`));
    store.batch([report('a', 'c1'), report('b', 'c2')]);
    expect(ids()).toEqual(['a/c1', 'b/c2']);
    expect(seen).toEqual(['a:replica.started', 'b:replica.started']);
  });

  it('leaves the file, the mirror and subscribers untouched when one write fails', () => {
    const seen: string[] = [];
    store.subscribe((e) => seen.push(e.type));
    const broken: ReportWrite = () => {
      throw new Error('a bad report');
    };
    expect(() => store.batch([report('a', 'c1'), broken])).toThrow(/bad report/);
    expect(ids()).toEqual([]);
    expect(seen).toEqual([]);
    store.close();
    store = new SqliteStore(path.join(dir, 'coxswain.db'));
    expect(ids()).toEqual([]);
  });
});

describe('ReportBatch', () => {
  function batcher() {
    const log: string[] = [];
    const batch = new ReportBatch({
      batch: (writes) => {
        log.push(`batch of ${writes.length}`);
        store.batch(writes);
      },
      single: (node, write) => {
        log.push(`single ${node}`);
        try {
          write();
        } catch {
          log.push(`lost ${node}`);
        }
      },
      written: () => log.push('written'),
      failed: () => log.push('failed'),
    });
    return { batch, log };
  }

  it('writes the reports of one turn together, and a node’s second report after its first', async () => {
    const { batch, log } = batcher();
    batch.add('a', report('a', 'c1'));
    batch.add('b', report('b', 'c2'));
    expect(batch.holds('a')).toBe(true);
    expect(ids()).toEqual([]);
    batch.add('a', report('a', 'c3'));
    expect(ids()).toEqual(['a/c1', 'b/c2']);
    await turn();
    expect(ids()).toEqual(['a/c1', 'a/c3', 'b/c2']);
    expect(log).toEqual(['batch of 2', 'written', 'batch of 1', 'written']);
    expect(batch.holds('a')).toBe(false);
  });

  it('writes a failed batch report by report, so only the bad one is lost', async () => {
    const { batch, log } = batcher();
    batch.add('a', report('a', 'c1'));
    batch.add('b', () => {
      throw new Error('a bad report');
    });
    batch.add('c', report('c', 'c3'));
    await turn();
    expect(ids()).toEqual(['a/c1', 'c/c3']);
    expect(log).toEqual(['batch of 3', 'failed', 'single a', 'single b', 'lost b', 'single c', 'written']);
  });
});
