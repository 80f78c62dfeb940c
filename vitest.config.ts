import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { corpusPlugin } from './lib/corpus/vite-plugin';

export default defineConfig({
  plugins: [WxtVitest(), corpusPlugin()],
  test: {
    include: ['lib/**/*.test.ts', 'components/**/*.test.{ts,tsx}', 'test/**/*.test.ts', 'entrypoints/**/*.test.ts'],
    setupFiles: ['./test/setup.ts'],
    testTimeout: 60_000,
  },
});
