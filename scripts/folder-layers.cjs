// The intended layers of the control plane and the agent: each folder and the folders it may
// import. The dependency check (.dependency-cruiser.cjs) enforces them, and
// scripts/check-folders.mjs holds each folder's README to the same lists.
/** control-plane/src: folder -> folders it may import. Root files (server, main, the CLIs) sit on top. */
const controlPlane = {
  resources: [],
  model: [],
  scheduler: [],
  simulate: ['scheduler'],
  cli: [],
  validation: ['model', 'scheduler'],
  replica: ['model', 'scheduler'],
  rebalancer: ['model', 'replica', 'scheduler'],
  reconciler: ['model', 'replica', 'scheduler', 'rebalancer'],
  store: ['model'],
  security: ['validation'],
  dispatcher: ['model', 'validation', 'reconciler', 'store', 'endpoints'],
  metrics: ['model', 'replica', 'store'],
  controller: ['model', 'replica', 'reconciler', 'rebalancer', 'store'],
  relay: [],
  endpoints: ['model', 'replica'],
  api: [
    'model',
    'validation',
    'replica',
    'scheduler',
    'store',
    'controller',
    'dispatcher',
    'security',
    'relay',
    'endpoints',
  ],
};
/** agent/src. */
const agent = {
  docker: [],
  resources: [],
  join: [],
  lease: ['docker'],
  session: ['docker', 'lease'],
  relay: ['docker'],
  health: [],
  mesh: [],
  testing: ['docker', 'session'],
};

/** Folders every folder of the package may import: the resource vector is below everything. */
const base = { 'control-plane': ['resources'] };

module.exports = { controlPlane, agent, base };
