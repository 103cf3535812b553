import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { FIXTURES, ROOT } from './helpers.js';

const temp = mkdtempSync(join(tmpdir(), 'synack-startup-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Runs bin/run.js and returns the ES modules it imported, as paths relative to the repository. */
function importsOf(args: readonly string[]): Promise<{ code: number; modules: string[] }> {
  const build = inject('cliBuild');
  expect(build.ok, build.message).toBe(true);
  const out = join(temp, `imports-${args[0]}.txt`);
  const env: Record<string, string | undefined> = { ...process.env, SYNACK_RECORD_IMPORTS: out, NODE_ENV: undefined };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', `${FIXTURES}record-imports.mjs`, `${ROOT}bin/run.js`, ...args], { cwd: ROOT, env, timeout: 20_000 }, (error) => {
      const modules = readFileSync(out, 'utf8')
        .split('\n')
        .filter((url) => url.startsWith(`file://${ROOT}`))
        .map((url) => url.slice(`file://${ROOT}`.length))
        .filter((path) => !path.startsWith('test/'));
      resolve({ code: error ? Number(error.code) : 0, modules: [...new Set(modules)] });
    });
  });
}

/** The chunk of one command's runner (dist/cli/lint.js and what only it imports → dist/bundle/lint-HASH.js). */
const RUNNER_CHUNK = /^dist\/bundle\/(lint|trace|matrix|diff|fetch|check)-[A-Z0-9]+\.js$/;

describe('CLI start-up', () => {
  // Loading oclif's ≈110 CommonJS files and synack's ≈150 modules one by one cost ≈150 ms of every run.
  it('runs the esbuild bundle: oclif and synack come from a handful of chunks, not from dist/ module by module', async () => {
    const { code, modules } = await importsOf(['lint', `${ROOT}examples/three-tier`]);
    expect(code).toBe(0);
    expect(modules).toContain('dist/bundle/main.js');
    expect(modules).toContain('dist/bundle/commands.js');
    expect(modules.filter((m) => !m.startsWith('dist/bundle/') && m !== 'bin/run.js')).toEqual([]);
    expect(modules.length).toBeLessThan(25);
    expect(modules.filter((m) => RUNNER_CHUNK.test(m))).toEqual([expect.stringMatching(/^dist\/bundle\/lint-/)]);
  });

  it('loads a command’s runner only for that command', async () => {
    const { modules } = await importsOf(['--version']);
    expect(modules.filter((m) => RUNNER_CHUNK.test(m))).toEqual([]);
  });
});
