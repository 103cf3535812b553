import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect, inject } from 'vitest';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const FIXTURES = new URL('../fixtures/commands/', import.meta.url).pathname;
/** The AWS CLI exports of the small network used by the command tests (test/fixtures/commands/net). */
export const NET = `${FIXTURES}net`;

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI (`node bin/run.js …`) with a clean colour environment plus `env`. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  const build = inject('cliBuild');
  expect(build.ok, build.message).toBe(true);
  const base = { ...process.env };
  for (const key of ['NO_COLOR', 'FORCE_COLOR', 'DEBUG', 'CI', 'TERM', 'NODE_ENV', 'GITHUB_ACTIONS']) delete base[key];
  return new Promise((resolve) => {
    execFile(process.execPath, [`${ROOT}bin/run.js`, ...args], { cwd: ROOT, env: { ...base, ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
const schemas = new Map<string, ReturnType<typeof ajv.compile>>();

/** Asserts that `json` validates against schemas/<name>. */
export function expectValid(name: 'trace-output.schema.json' | 'check-output.schema.json', json: unknown): void {
  let validate = schemas.get(name);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(`${ROOT}schemas/${name}`, 'utf8')) as object);
    schemas.set(name, validate);
  }
  expect(validate(json), JSON.stringify(validate.errors, null, 2)).toBe(true);
}

// eslint-disable-next-line no-control-regex
export const CONTROL_CHARS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;
