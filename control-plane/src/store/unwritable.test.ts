// The store on a real full file system: a small tmpfs this test mounts (root only; skipped
// otherwise), filled by a filler file until ENOSPC, then emptied again. The read-only case opens
// real files on a tmpfs remounted read-only. Only an I/O error (EIO) cannot be made here without
// a faulty block device, so its classification is checked on an error built the way
// better-sqlite3 builds it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SmallDisk } from '@coxswain/shared/small-disk';
import { workloadSpec } from '@coxswain/shared/spec-builder';
import type { Register, WorkloadSpec } from '@coxswain/shared';
import { applyWorkload, registered } from '../model';
import { SqliteStore } from './store';
import { StoreUnavailableError, unwritable } from './unwritable';

let disk: SmallDisk;
let dir: string;
let file: string;
let logLines: { msg: string; level: number }[];

const spec = (name: string): WorkloadSpec => workloadSpec(name, { env: { PAD: 'x'.repeat(2000) } });

const reg: Register = { name: 'h1', capacity: { cpuMillis: 1000, memoryBytes: 1 << 30 } } as Register;

function openStore(): SqliteStore {
  logLines = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => logLines.push(JSON.parse(line)) });
  return new SqliteStore(file, { log });
}

beforeEach(() => {
  disk = new SmallDisk('coxswain-full-');
  dir = disk.dir;
  file = path.join(dir, 'coxswain.db');
});
afterEach(() => {
  // Lazy: a store a failed test left open still holds its files.
  disk.remove();
});

describe.skipIf(!SmallDisk.possible)('a store whose disk fills up', () => {
  it('refuses writes with the reason, changes nothing, keeps liveness and writes again once space returns', () => {
    disk.mount('1m');
    const s = openStore();
    s.registerNode(reg, '10.0.0.1', 1000, registered(undefined, 'h1', '10.0.0.1'));
    applyWorkload(s, spec('before'));
    const published: string[] = [];
    s.subscribe((e) => published.push(e.type));
    const filler = disk.fill();

    // Applies until one is refused: a WAL reset after a checkpoint can leave a little room.
    const acked = ['before'];
    let refused: unknown;
    for (let i = 0; i < 50 && !refused; i++) {
      try {
        applyWorkload(s, spec(`w-${i}`));
        acked.push(`w-${i}`);
      } catch (err) {
        refused = err;
      }
    }
    expect(refused).toBeInstanceOf(StoreUnavailableError);
    expect((refused as Error).message).toBe(`the database cannot be written: disk full (SQLITE_FULL) at ${file}`);
    const eventsAtRefusal = published.length;
    // Reads answer, and show exactly what was committed.
    expect(s.listWorkloads().map((w) => w.name)).toEqual([...acked].sort());
    expect(s.getWorkload(`w-${acked.length - 1}`)).toBeUndefined();

    // Every kind of write is refused the same way; heartbeats and flushes are not errors.
    expect(() => s.deleteWorkload('before')).toThrow(StoreUnavailableError);
    expect(() => s.setNodeFlags('h1', { cordoned: true, draining: false }, { type: 'node.cordoned' })).toThrow(
      StoreUnavailableError,
    );
    for (let t = 2000; t <= 6000; t += 1000) {
      s.touchNode('h1', t, { cpuPercent: 50, memoryUsedBytes: 1 << 20 });
      expect(() => s.flushLiveness()).not.toThrow();
      // A pass with nothing to commit writes nothing: it neither fails nor ends the outage.
      s.applyChanges({});
    }
    expect(s.getNode('h1')).toMatchObject({ lastSeen: 6000, cordoned: false, state: 'READY' });
    expect(s.getWorkload('before')).toBeDefined();
    expect(published.length).toBe(eventsAtRefusal);
    // One line for the outage, not one per failed write.
    expect(logLines.filter((l) => /cannot be written/.test(l.msg))).toHaveLength(1);
    expect(logLines.filter((l) => /writes work again/.test(l.msg))).toHaveLength(0);
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');

    fs.unlinkSync(filler);
    applyWorkload(s, spec('after'));
    acked.push('after');
    expect(logLines.filter((l) => /writes work again/.test(l.msg))).toHaveLength(1);
    // The liveness kept in memory reached the file with the first flush that worked.
    s.touchNode('h1', 7000);
    s.flushLiveness();
    s.close();

    const again = new SqliteStore(file);
    expect(again.listWorkloads().map((w) => w.name)).toEqual([...acked].sort());
    expect(again.getNode('h1')?.lastSeen).toBe(7000);
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');
    again.close();
  });

  it('keeps the leases of READY nodes in memory when a restart finds the disk full', () => {
    disk.mount('1m');
    const s = openStore();
    s.registerNode(reg, '10.0.0.1', 1000, registered(undefined, 'h1', '10.0.0.1'));
    const filler = disk.fill();
    expect(() => s.refreshLeases(5000)).not.toThrow();
    expect(s.getNode('h1')?.lastSeen).toBe(5000);
    fs.unlinkSync(filler);
    s.close();
    const again = new SqliteStore(file);
    expect(again.getNode('h1')?.lastSeen).toBe(5000);
    again.close();
  });
});

describe.skipIf(!SmallDisk.possible)('a store started on a full disk', () => {
  it('refuses to open with the reason, and opens once space returns', () => {
    disk.mount('1m');
    const s = new SqliteStore(file);
    applyWorkload(s, spec('kept'));
    s.close();
    const filler = disk.fill();
    expect(() => new SqliteStore(file)).toThrow(
      new StoreUnavailableError('no room for its shared-memory file (disk full?)', 'SQLITE_IOERR_SHMSIZE', file),
    );
    fs.unlinkSync(filler);
    const again = new SqliteStore(file);
    expect(again.listWorkloads().map((w) => w.name)).toEqual(['kept']);
    again.close();
  });
});

describe.skipIf(!SmallDisk.possible)('what SQLite throws on a read-only file system', () => {
  // A mounted file system cannot become read-only while the store holds its files open for
  // writing (the kernel answers EBUSY), so these open the files after the remount.
  it('classifies a WAL database that cannot open its shared memory, and a read-only rollback journal', () => {
    disk.mount('1m');
    const wal = path.join(dir, 'wal.db');
    const journal = path.join(dir, 'journal.db');
    for (const [f, mode] of [
      [wal, 'WAL'],
      [journal, 'DELETE'],
    ]) {
      const db = new Database(f);
      db.pragma(`journal_mode = ${mode}`);
      db.exec('CREATE TABLE t (x INTEGER)');
      db.close();
    }
    execFileSync('mount', ['-o', 'remount,ro', dir]);

    let walErr: unknown;
    try {
      new Database(wal).prepare('SELECT * FROM t').all();
    } catch (err) {
      walErr = err;
    }
    expect(unwritable(walErr, wal)?.message).toBe(
      `the database cannot be written: cannot open the file (read-only or removed?) (SQLITE_CANTOPEN) at ${wal}`,
    );

    const db = new Database(journal);
    let roErr: unknown;
    try {
      db.prepare('INSERT INTO t VALUES (1)').run();
    } catch (err) {
      roErr = err;
    }
    db.close();
    expect(unwritable(roErr, journal)?.message).toBe(
      `the database cannot be written: read-only file system or file (SQLITE_READONLY) at ${journal}`,
    );
  });
});

describe('unwritable', () => {
  it('classifies I/O errors (simulated: EIO needs a faulty device) and leaves other errors alone', () => {
    const eio = new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE');
    expect(unwritable(eio, '/db')?.reason).toBe('I/O error');
    expect(
      unwritable(new Database.SqliteError('UNIQUE constraint failed', 'SQLITE_CONSTRAINT_PRIMARYKEY'), '/db'),
    ).toBeUndefined();
    expect(unwritable(new Error('plain'), '/db')).toBeUndefined();
    expect(unwritable(new Database.SqliteError('database is locked', 'SQLITE_BUSY'), '/db')).toBeUndefined();
  });
});
