import { defineConfig } from 'vitest/config';

// End-to-end tests: real Chromium (and Firefox) with the built extension. Run after `wxt build`.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
