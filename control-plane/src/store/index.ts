export type {
  ClusterStore,
  ClusterReads,
  ClusterWrites,
  EventBounds,
  EventLog,
  Liveness,
  PassState,
  StoreChanges,
} from './cluster-store';
export type { NodeTotals } from './mirror';
export { SqliteStore } from './store';
export { openDb, type Db } from './db';
export { StoreUnavailableError, unwritable } from './unwritable';
