// The workspace's import graph, checked by the test command (`pnpm lint`). Folders form layers:
// each folder lists the folders it may import; anything else, a cycle, a deep import into another
// folder or a compiled file fails the check. The same lists are in each folder's README.
/** control-plane/src: folder -> folders it may import. Root files (server, main, the CLIs) sit on top. */
const controlPlane = {
  resources: [],
  model: [],
  scheduler: [],
  simulate: ['scheduler'],
  cli: [],
  validation: ['scheduler'],
  replica: ['model', 'scheduler'],
  rebalancer: ['model', 'replica', 'scheduler'],
  reconciler: ['model', 'replica', 'scheduler', 'rebalancer'],
  store: ['model'],
  security: ['validation'],
  dispatcher: ['model', 'validation', 'reconciler', 'store'],
  metrics: ['model', 'replica', 'store'],
  controller: ['model', 'replica', 'reconciler', 'rebalancer', 'store', 'dispatcher'],
  api: ['model', 'validation', 'replica', 'scheduler', 'store', 'controller', 'dispatcher', 'security'],
};
/** agent/src. */
const agent = {
  docker: [],
  resources: [],
  join: [],
  lease: ['docker'],
  session: ['docker', 'lease'],
  testing: ['docker', 'session'],
};

/** Folders every folder of the package may import: the resource vector is below everything. */
const base = { 'control-plane': ['resources'] };

function layerRules(pkg, layers) {
  return Object.entries(layers).map(([folder, allowed]) => ({
    name: `${pkg}-${folder}-layer`,
    comment: `${pkg}/src/${folder} may import only: ${allowed.join(', ') || 'nothing else of its package'}`,
    severity: 'error',
    // Tests may also reach the package's test doubles and its top-level wiring.
    from: { path: `^${pkg}/src/${folder}/`, pathNot: '[.]test[.]ts$' },
    to: {
      path: `^${pkg}/src/`,
      pathNot: [`^${pkg}/src/(${[folder, ...allowed, ...(base[pkg] ?? [])].join('|')})/`],
    },
  }));
}

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'no-deep-import',
      comment: 'Another folder is reached through its index.ts only.',
      severity: 'error',
      from: { path: '^(control-plane|agent)/src/([^/]+)/' },
      to: { path: '^(control-plane|agent)/src/[^/]+/', pathNot: ['^$1/src/$2/', '/index[.]ts$'] },
    },
    {
      name: 'no-deep-import-from-root',
      comment: 'Another folder is reached through its index.ts only.',
      severity: 'error',
      from: { path: '^(control-plane|agent)/src/[^/]+[.]ts$' },
      to: { path: '^(control-plane|agent)/src/[^/]+/', pathNot: '/index[.]ts$' },
    },
    {
      name: 'no-dist-import',
      comment: 'Packages are imported by name (their exports map), never as compiled files.',
      severity: 'error',
      from: { path: '/src/' },
      to: { path: '(^|/)dist/' },
    },
    {
      name: 'no-cross-package-relative',
      comment: 'A package reaches another package by its name, not by a relative path.',
      severity: 'error',
      from: { path: '^(shared|control-plane|agent|test|bench)/' },
      to: { path: '^(shared|control-plane|agent|test|bench)/src/', pathNot: '^$1/' },
    },
    ...layerRules('control-plane', controlPlane),
    ...layerRules('agent', agent),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    combinedDependencies: false,
  },
};
