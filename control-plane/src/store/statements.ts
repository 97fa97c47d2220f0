import type Database from 'better-sqlite3';
import type { Db } from './db';

/** Every SQL statement of the store by name. */
const SQL = {
  getNode: 'SELECT * FROM nodes WHERE name = ?',
  listNodes: 'SELECT * FROM nodes ORDER BY name',
  // A registration makes the node READY; one that was not READY is READY from now on. A node
  // new to the cluster is not a returning one: nothing about it is to be settled (ready_since 0).
  upsertNode: `INSERT INTO nodes (name, address, labels, cpu_millis, memory_bytes, state, last_seen, agent_version,
        registered_at, networks, advertise_address, dynamic_port_low, dynamic_port_high, ready_since)
      VALUES (@name, @address, @labels, @cpu_millis, @memory_bytes, 'READY', @now, @agent_version, @now,
        @networks, @advertise_address, @dynamic_port_low, @dynamic_port_high, 0)
      ON CONFLICT(name) DO UPDATE SET address = excluded.address, labels = excluded.labels,
        ready_since = CASE WHEN nodes.state = 'READY' THEN nodes.ready_since ELSE excluded.last_seen END,
        cpu_millis = excluded.cpu_millis, memory_bytes = excluded.memory_bytes, state = 'READY',
        last_seen = excluded.last_seen, agent_version = excluded.agent_version, networks = excluded.networks,
        advertise_address = excluded.advertise_address, dynamic_port_low = excluded.dynamic_port_low,
        dynamic_port_high = excluded.dynamic_port_high`,
  nodeUsage: 'UPDATE nodes SET usage_cpu_percent = ?, usage_memory_bytes = ?, last_seen = ? WHERE name = ?',
  nodeState: 'UPDATE nodes SET state = ?, ready_since = ? WHERE name = ?',
  nodeFlags: 'UPDATE nodes SET cordoned = ?, draining = ? WHERE name = ?',
  nodeConditions: 'UPDATE nodes SET conditions = ? WHERE name = ?',
  getWorkload: 'SELECT * FROM workloads WHERE name = ?',
  listWorkloads: 'SELECT * FROM workloads ORDER BY name',
  insertWorkload: `INSERT INTO workloads (name, spec, generation, created_at, updated_at)
      VALUES (@name, @spec, @generation, @now, @now)`,
  updateWorkload: 'UPDATE workloads SET spec = @spec, generation = @generation, updated_at = @now WHERE name = @name',
  deleteWorkload: 'DELETE FROM workloads WHERE name = ?',
  insertGeneration: `INSERT INTO generations (workload, generation, spec, created_at, cause)
      VALUES (@name, @generation, @spec, @now, @cause) ON CONFLICT(workload, generation) DO NOTHING`,
  trimGenerations: 'DELETE FROM generations WHERE workload = ? AND generation <= ?',
  deleteGenerations: 'DELETE FROM generations WHERE workload = ?',
  generationsOf: 'SELECT * FROM generations WHERE workload = ? ORDER BY generation DESC',
  adoptGeneration: `UPDATE replicas SET generation = ? WHERE workload = ? AND generation = ? AND desired = 'run'`,
  listReplicas: 'SELECT * FROM replicas ORDER BY workload, id',
  replicasOf: 'SELECT * FROM replicas WHERE workload = ? ORDER BY id',
  stopReplicasOf: "UPDATE replicas SET desired = 'stop' WHERE workload = ?",
  upsertReplica: `INSERT INTO replicas (workload, id, node, epoch, generation, desired, reason, restarts,
        handled_exit_at, last_start_at, failures, failed_at, fail_reason, replaces, move_started_at,
        replace_failed_at, waiting_for_room, drain_started_at, ports)
      VALUES (@workload, @id, @node, @epoch, @generation, @desired, @reason, @restarts,
        @handled_exit_at, @last_start_at, @failures, @failed_at, @fail_reason, @replaces, @move_started_at,
        @replace_failed_at, @waiting_for_room, @drain_started_at, @ports)
      ON CONFLICT(workload, id) DO UPDATE SET node = excluded.node, epoch = excluded.epoch,
        generation = excluded.generation, desired = excluded.desired, reason = excluded.reason,
        restarts = excluded.restarts, handled_exit_at = excluded.handled_exit_at,
        last_start_at = excluded.last_start_at, failures = excluded.failures, failed_at = excluded.failed_at,
        fail_reason = excluded.fail_reason, replaces = excluded.replaces,
        move_started_at = excluded.move_started_at, replace_failed_at = excluded.replace_failed_at,
        waiting_for_room = excluded.waiting_for_room, drain_started_at = excluded.drain_started_at,
        ports = excluded.ports`,
  deleteReplica: 'DELETE FROM replicas WHERE workload = ? AND id = ?',
  replicaFailure: `UPDATE replicas SET failures = failures + 1, failed_at = ?, fail_reason = ?
      WHERE workload = ? AND id = ? AND epoch = ?`,
  replicaStarted: `UPDATE replicas SET failures = 0, fail_reason = ''
      WHERE workload = ? AND id = ? AND epoch = ? AND failures > 0`,
  listContainers: 'SELECT * FROM containers ORDER BY node, container_id',
  deleteContainersOfNode: 'DELETE FROM containers WHERE node = ?',
  deleteContainer: 'DELETE FROM containers WHERE node = ? AND container_id = ?',
  upsertContainer: `INSERT INTO containers (node, container_id, workload, replica, epoch, generation, state,
        exit_code, started_at, finished_at, changed_at, health, health_failures, health_message)
      VALUES (@node, @container_id, @workload, @replica, @epoch, @generation, @state, @exit_code, @started_at,
        @finished_at, @now, @health, @health_failures, @health_message)
      ON CONFLICT(node, container_id) DO UPDATE SET state = excluded.state, exit_code = excluded.exit_code,
        started_at = excluded.started_at, finished_at = excluded.finished_at, health = excluded.health,
        health_failures = excluded.health_failures, health_message = excluded.health_message,
        changed_at = CASE WHEN containers.state = excluded.state AND containers.finished_at = excluded.finished_at
          THEN containers.changed_at ELSE excluded.changed_at END`,
  insertEvent: `INSERT INTO events (time, type, node, workload, replica, epoch, message)
      VALUES (@time, @type, @node, @workload, @replica, @epoch, @message)`,
  eventsSince: 'SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
  recentEvents: `SELECT * FROM (SELECT * FROM events
      WHERE (@workload = '' OR workload = @workload) AND (@node = '' OR node = @node)
      ORDER BY seq DESC LIMIT @limit) ORDER BY seq`,
  trimEvents: 'DELETE FROM events WHERE seq <= (SELECT MAX(seq) FROM events) - ?',
  // AUTOINCREMENT keeps the highest seq ever handed out in sqlite_sequence, even once pruned.
  eventBounds: `SELECT (SELECT MIN(seq) FROM events) AS oldest,
      MAX(COALESCE((SELECT MAX(seq) FROM events), 0),
        COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)) AS issued`,
  getMeta: 'SELECT value FROM meta WHERE key = ?',
  setMeta: 'UPDATE meta SET value = ? WHERE key = ?',
  deleteNode: 'DELETE FROM nodes WHERE name = ?',
  totalChanges: 'SELECT total_changes() AS n',
} as const;

export type Statements = { -readonly [K in keyof typeof SQL]: Database.Statement };

/** Prepares every statement once, when the database is opened. */
export function prepareStatements(db: Db): Statements {
  const out = {} as Statements;
  for (const name of Object.keys(SQL) as (keyof typeof SQL)[]) out[name] = db.prepare(SQL[name]);
  return out;
}
