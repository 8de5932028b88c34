import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      // Pure Node: no globalSetup, and nothing here runs Python, Chromium or a server (eslint forbids child_process).
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/fixtures/setup.ts'],
          testTimeout: 30_000,
          // Stopping a test data centre (RGW, PostgreSQL, Slurm) takes over 10 s when the cores are busy.
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/fixtures/setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // A scan opens in a fresh reader worker (h5wasm loads in seconds on a busy 2-core machine).
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
