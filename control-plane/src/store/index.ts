export type { ClusterStore, ClusterReads, ClusterWrites, EventLog, Liveness } from './cluster-store';
export { SqliteStore } from './store';
export { openDb, type Db } from './db';
export { StoreUnavailableError, unwritable } from './unwritable';
