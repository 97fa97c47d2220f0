import { defineConfig } from 'vitest/config';
import { failOnDeprecation } from '../vitest.shared';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: failOnDeprecation(),
  },
});
