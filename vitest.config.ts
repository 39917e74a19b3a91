import { defineConfig } from 'vitest/config';

// MYCEL_TEST_REPORT=path makes the run also write a JSON summary, which .ci/run reads
// to print its closing "N passed, N failed" line.
const reportPath = process.env.MYCEL_TEST_REPORT;

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    // Builds the bundle the CLI and grid children run from (docs/decisions/0013).
    globalSetup: ['scripts/test-bundle-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: reportPath ? ['default', ['json', { outputFile: reportPath }]] : ['default'],
  },
});
