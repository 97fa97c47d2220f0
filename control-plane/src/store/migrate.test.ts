// Upgrading a database file written before a replica's move times and its wait for room had
// columns of their own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from './db';
import { replicaFromRow } from './rows';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A file at schema version 2: the replicas table with the one moved_at column. */
function versionTwoFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-migrate-'));
  dirs.push(dir);
  const file = path.join(dir, 'state.db');
  const db = new Database(file);
  db.exec(`CREATE TABLE replicas (
    workload TEXT NOT NULL, id INTEGER NOT NULL, node TEXT, epoch INTEGER NOT NULL DEFAULT 0,
    generation INTEGER NOT NULL, desired TEXT NOT NULL DEFAULT 'run', reason TEXT NOT NULL DEFAULT '',
    restarts INTEGER NOT NULL DEFAULT 0, handled_exit_at INTEGER NOT NULL DEFAULT 0,
    last_start_at INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0,
    failed_at INTEGER NOT NULL DEFAULT 0, fail_reason TEXT NOT NULL DEFAULT '',
    replaces INTEGER, moved_at INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (workload, id))`);
  db.exec('CREATE TABLE containers (node TEXT NOT NULL, container_id TEXT NOT NULL, PRIMARY KEY (node, container_id))');
  db.exec('CREATE TABLE nodes (name TEXT PRIMARY KEY)');
  db.exec("INSERT INTO nodes VALUES ('a')");
  db.exec("INSERT INTO containers VALUES ('a', 'c1')");
  db.exec(`CREATE TABLE workloads (name TEXT PRIMARY KEY, spec TEXT NOT NULL, generation INTEGER NOT NULL,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`);
  db.exec(`INSERT INTO workloads VALUES ('web', '{"name":"web","replicas":2}', 4, 100, 900)`);
  const insert = db.prepare(
    'INSERT INTO replicas (workload, id, node, generation, reason, replaces, moved_at) VALUES (?, ?, ?, 1, ?, ?, ?)',
  );
  insert.run('web', 0, 'a', '', null, 500);
  insert.run('web', 1, 'b', '', 0, 700);
  insert.run('fresh', 0, 'a', 'waiting for room: replica web/0 moves to b', null, 0);
  db.pragma('user_version = 2');
  db.close();
  return file;
}

describe('replica columns migration', () => {
  it('splits moved_at by what it meant and reads the wait for room off the reason', () => {
    const db = openDb(versionTwoFile());
    const rows = db.prepare('SELECT * FROM replicas ORDER BY workload, id').all().map(replicaFromRow);
    const container = db.prepare('SELECT * FROM containers').get();
    const node = db.prepare('SELECT * FROM nodes').get();
    const generations = db.prepare('SELECT * FROM generations').all();
    db.close();
    // Version 5: the history starts with each workload's current generation.
    expect(generations).toEqual([
      { workload: 'web', generation: 4, spec: '{"name":"web","replicas":2}', created_at: 900, cause: 'apply' },
    ]);
    // Version 7: a node registered before it reported networks and ports hands out the default range.
    expect(node).toMatchObject({
      networks: '[]',
      advertise_address: '',
      dynamic_port_low: 20000,
      dynamic_port_high: 29999,
    });
    expect(rows.every((r) => r.ports === undefined)).toBe(true);
    // Version 8: a node READY before readySince was kept counts as steady (unknown since when).
    expect(node).toMatchObject({ ready_since: 0 });
    // Version 4: the health columns, empty for containers reported before checks existed.
    expect(container).toMatchObject({ health: '', health_failures: 0, health_message: '' });
    expect(rows).toMatchObject([
      { workload: 'fresh', id: 0, waitingForRoom: true, moveStartedAt: 0, replaceFailedAt: 0 },
      { workload: 'web', id: 0, waitingForRoom: false, moveStartedAt: 0, replaceFailedAt: 500 },
      { workload: 'web', id: 1, waitingForRoom: false, moveStartedAt: 700, replaceFailedAt: 0 },
    ]);
  });
});
