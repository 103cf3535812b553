import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// The tests on third-party inputs read ../shared/realdata, beside the repository in CI and the workplace. A
// clone without it skips them (and says so); in CI (`CI` set) they always run, so missing data fails there.
const realdata = existsSync(new URL('../shared/realdata/', import.meta.url)) || Boolean(process.env.CI);
if (!realdata) console.warn('synack tests: ../shared/realdata is absent, so the tests on third-party inputs (test/sources/*realdata*.test.ts) are skipped');

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(realdata ? [] : ['test/sources/*realdata*.test.ts'])],
    testTimeout: 30_000,
    pool: 'forks',
    // Builds dist/ when src/ changed, for the tests that run bin/run.js (test/commands/build-cli.global.ts).
    globalSetup: ['test/commands/build-cli.global.ts'],
  },
});
