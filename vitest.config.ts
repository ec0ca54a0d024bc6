import { defineConfig } from 'vitest/config';

/**
 * Three projects mirroring `test/`: unit (pure, no IO), integration (real Redis, real server on
 * port 0, real socket.io clients) and e2e (real Chromium). The JSON report feeds `.ci/run`'s
 * one-line summary.
 */
export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // The pages are built by vite first, so `npm test` works on a clean clone.
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One browser at a time: the CI machine has two cores.
          fileParallelism: false,
          // A page waits for a load, a socket and a render; on a busy two-core machine that can take
          // seconds, so polls wait up to 10 s (they return as soon as the value is there).
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
