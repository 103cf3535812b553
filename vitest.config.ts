import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // Builds dist/ when src/ changed, for the tests that run bin/run.js (test/commands/build-cli.global.ts).
    globalSetup: ['test/commands/build-cli.global.ts'],
  },
});
