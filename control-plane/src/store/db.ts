import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Each entry moves the schema one version forward; applied in order inside a transaction and
 * recorded in `user_version`, so an older database file is upgraded in place on start.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE nodes (
    name TEXT PRIMARY KEY,
    address TEXT NOT NULL DEFAULT '',
    labels TEXT NOT NULL DEFAULT '{}',
    cpu_millis INTEGER NOT NULL DEFAULT 0,
    memory_bytes INTEGER NOT NULL DEFAULT 0,
    usage_cpu_percent REAL NOT NULL DEFAULT 0,
    usage_memory_bytes INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'READY',
    last_seen INTEGER NOT NULL DEFAULT 0,
    cordoned INTEGER NOT NULL DEFAULT 0,
    draining INTEGER NOT NULL DEFAULT 0,
    agent_version TEXT NOT NULL DEFAULT '',
    registered_at INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE workloads (
    name TEXT PRIMARY KEY,
    spec TEXT NOT NULL,
    generation INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  -- Desired state: one row per replica slot. A row outlives its workload while it still has a
  -- container to stop (desired = 'stop').
  CREATE TABLE replicas (
    workload TEXT NOT NULL,
    id INTEGER NOT NULL,
    node TEXT,
    epoch INTEGER NOT NULL DEFAULT 0,
    generation INTEGER NOT NULL,
    desired TEXT NOT NULL DEFAULT 'run',
    reason TEXT NOT NULL DEFAULT '',
    restarts INTEGER NOT NULL DEFAULT 0,
    handled_exit_at INTEGER NOT NULL DEFAULT 0,
    last_start_at INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    failed_at INTEGER NOT NULL DEFAULT 0,
    fail_reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (workload, id)
  );
  CREATE INDEX replicas_node ON replicas(node);
  -- Observed state: the containers each agent last reported.
  CREATE TABLE containers (
    node TEXT NOT NULL,
    container_id TEXT NOT NULL,
    workload TEXT NOT NULL,
    replica INTEGER NOT NULL,
    epoch INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    state TEXT NOT NULL,
    exit_code INTEGER NOT NULL DEFAULT 0,
    started_at INTEGER NOT NULL DEFAULT 0,
    finished_at INTEGER NOT NULL DEFAULT 0,
    changed_at INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (node, container_id)
  );
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    time INTEGER NOT NULL,
    type TEXT NOT NULL,
    node TEXT NOT NULL DEFAULT '',
    workload TEXT NOT NULL DEFAULT '',
    replica INTEGER NOT NULL DEFAULT -1,
    epoch INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT ''
  );
  CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
  INSERT INTO meta (key, value) VALUES ('next_epoch', 1);
  `,
  `
  ALTER TABLE replicas ADD COLUMN replaces INTEGER;
  ALTER TABLE replicas ADD COLUMN moved_at INTEGER NOT NULL DEFAULT 0;
  `,
  // moved_at meant two things: on a copy, when its move started; on the replica a copy was to
  // replace, when that copy was given up. Each gets its own column (a copy is a row that
  // replaces another; a finished copy's start lands in replace_failed_at, which delays its next
  // move exactly as before); moved_at stays, unused, for older builds reading the file. Whether a
  // replica waits for room was read off the start of its reason text; now it is a column.
  `
  ALTER TABLE replicas ADD COLUMN move_started_at INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE replicas ADD COLUMN replace_failed_at INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE replicas ADD COLUMN waiting_for_room INTEGER NOT NULL DEFAULT 0;
  UPDATE replicas SET move_started_at = moved_at WHERE replaces IS NOT NULL;
  UPDATE replicas SET replace_failed_at = moved_at WHERE replaces IS NULL;
  UPDATE replicas SET waiting_for_room = 1 WHERE substr(reason, 1, 18) = 'waiting for room: ';
  `,
  // The agent's health check result, as its reports carry it.
  `
  ALTER TABLE containers ADD COLUMN health TEXT NOT NULL DEFAULT '';
  ALTER TABLE containers ADD COLUMN health_failures INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE containers ADD COLUMN health_message TEXT NOT NULL DEFAULT '';
  `,
  // A workload's recent generations, each with the spec it was made from and why: what a
  // rollback returns to. Seeded with the current generation of every stored workload.
  `
  CREATE TABLE generations (
    workload TEXT NOT NULL,
    generation INTEGER NOT NULL,
    spec TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    cause TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (workload, generation)
  );
  INSERT INTO generations (workload, generation, spec, created_at, cause)
    SELECT name, generation, spec, updated_at, 'apply' FROM workloads;
  `,
  // When a replica retired on purpose left the endpoint set: its stop waits for the drain delay.
  `
  ALTER TABLE replicas ADD COLUMN drain_started_at INTEGER NOT NULL DEFAULT 0;
  `,
  // What the agent says of its host for networks and ports, and the host ports each replica holds.
  `
  ALTER TABLE nodes ADD COLUMN networks TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE nodes ADD COLUMN advertise_address TEXT NOT NULL DEFAULT '';
  ALTER TABLE nodes ADD COLUMN dynamic_port_low INTEGER NOT NULL DEFAULT 20000;
  ALTER TABLE nodes ADD COLUMN dynamic_port_high INTEGER NOT NULL DEFAULT 29999;
  ALTER TABLE replicas ADD COLUMN ports TEXT NOT NULL DEFAULT '[]';
  `,
  // Since when a node has been READY: a node back from DOWN receives no voluntary move until it
  // has been steady a while. 0: unknown (a node READY before this column), counted as steady.
  `
  ALTER TABLE nodes ADD COLUMN ready_since INTEGER NOT NULL DEFAULT 0;
  `,
  // A node's conditions (ENGINE_DOWN with its message and since), as JSON: they survive a restart
  // of the control plane, so a node timeout that already ran is not started over.
  `
  ALTER TABLE nodes ADD COLUMN conditions TEXT NOT NULL DEFAULT '[]';
  `,
];

/**
 * Opens (creating folder and file as needed) the database in WAL mode. synchronous=FULL makes
 * every committed transaction durable before the API answers: an acknowledged write survives
 * a crash of the process or the machine.
 */
export function openDb(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this build supports (${MIGRATIONS.length})`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
