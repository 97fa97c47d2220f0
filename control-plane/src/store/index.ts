export { Store, podTemplateChanged } from './store';
export { openDb, type Db } from './db';
