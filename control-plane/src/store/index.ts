export { Store, podTemplateChanged, type ClusterState, type StateChanges } from './store';
export { openDb, type Db } from './db';
