import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * vitest globalSetup: makes sure dist/ and its CLI bundle (what bin/run.js runs) are built from the current
 * sources, for the tests that run the CLI as a child process. It only builds when a file under src/ (or
 * package.json) is newer than the bundle, and it builds in place (no `rm -rf dist`), so other test runs
 * sharing the work tree never see dist/ missing. A failed build does not fail the whole test run: the CLI
 * tests read the outcome through `inject('cliBuild')` and fail with the compiler's message.
 */
const root = new URL('../../', import.meta.url).pathname;

declare module 'vitest' {
  export interface ProvidedContext {
    cliBuild: { ok: boolean; message: string };
  }
}

export default function setup(project: TestProject): void {
  project.provide('cliBuild', build());
}

function build(): { ok: boolean; message: string } {
  const target = join(root, 'dist/bundle/commands.js');
  if (existsSync(target) && newestMtime(join(root, 'src'), statSync(join(root, 'package.json')).mtimeMs) <= statSync(target).mtimeMs) {
    return { ok: true, message: 'dist/ is up to date' };
  }
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'pipe' });
  } catch (err) {
    const output = String((err as { stdout?: Buffer }).stdout ?? '') + String((err as { stderr?: Buffer }).stderr ?? '');
    // tsc still emits JavaScript when there are type errors; the CLI may run, but say why it is suspect.
    const bundled = bundle();
    return { ok: bundled.ok && existsSync(target), message: `tsc -p tsconfig.build.json failed:\n${output}${bundled.ok ? '' : `\n${bundled.message}`}` };
  }
  return bundle();
}

function bundle(): { ok: boolean; message: string } {
  try {
    execFileSync(process.execPath, [join(root, 'scripts/bundle-cli.js')], { cwd: root, stdio: 'pipe' });
    return { ok: true, message: 'built' };
  } catch (err) {
    const output = String((err as { stdout?: Buffer }).stdout ?? '') + String((err as { stderr?: Buffer }).stderr ?? '');
    return { ok: false, message: `scripts/bundle-cli.js failed:\n${output}` };
  }
}

function newestMtime(dir: string, floor: number): number {
  let newest = floor;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path, newest) : statSync(path).mtimeMs);
  }
  return newest;
}
