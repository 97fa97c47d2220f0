export type {
  ClusterStore,
  ClusterReads,
  ClusterWrites,
  EventBounds,
  EventLog,
  Liveness,
  NodeTotals,
  PassState,
  StoreChanges,
} from './cluster-store';
export { SqliteStore } from './store';
export { openDb, type Db } from './db';
export { StoreUnavailableError, unwritable } from './unwritable';
