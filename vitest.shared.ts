// What every package's vitest config shares.

/**
 * The environment of the test workers: NODE_OPTIONS with --throw-deprecation added to whatever
 * it already holds, so that a deprecation warning fails the suite instead of scrolling by.
 * Vitest passes `test.env` to the worker processes it forks (Node reads NODE_OPTIONS as they
 * start) and puts it into their process.env, so every program a test spawns with that
 * environment (control plane, agent, CLI) throws on a deprecation too.
 */
export function failOnDeprecation(nodeOptions = process.env.NODE_OPTIONS ?? ''): { NODE_OPTIONS: string } {
  const has = nodeOptions.split(/\s+/).includes('--throw-deprecation');
  return { NODE_OPTIONS: has ? nodeOptions : `${nodeOptions} --throw-deprecation`.trim() };
}
