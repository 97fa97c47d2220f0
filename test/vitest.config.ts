import { defineConfig } from 'vitest/config';
import { failOnDeprecation } from '../vitest.shared';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // End-to-end files start engines, namespaces and servers on one shared machine: one at a time.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
    env: failOnDeprecation(),
  },
});
