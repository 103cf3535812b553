import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { InputError, type InputProblem } from '../../src/model/errors.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { snapshotFromFiles, type LoadedSnapshot } from '../../src/sources/index.js';

/** Third-party inputs, a sibling of the repository (`../shared/realdata`). */
export const REALDATA = fileURLToPath(new URL('../../../shared/realdata/', import.meta.url));
/**
 * Whether the tests on third-party inputs run: always in CI (`CI` set), where missing data is an error; in a
 * clone without the sibling folder they are skipped, and vitest.config.ts says so once.
 */
export const RUN_REALDATA = existsSync(REALDATA) || Boolean(process.env.CI);
export const FIXTURES = fileURLToPath(new URL('../fixtures/sources/', import.meta.url));

export type Files = Record<string, unknown>;

/** The JSON text a test file holds: strings as given, values pretty-printed (one property per line). */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** Loads in-memory files as if named on the command line. */
export function load(files: Files): LoadedSnapshot {
  return snapshotFromFiles(Object.entries(files).map(([path, v]) => ({ path, text: textOf(v), explicit: true })));
}

export function snapshotOf(files: Files): Snapshot {
  return load(files).snapshot;
}

/** The problems of an input that must fail with one InputError. */
export function problemsOf(files: Files): InputProblem[] {
  return problemsThrown(() => load(files));
}

export function problemsThrown(run: () => unknown): InputProblem[] {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return [...(e as InputError).problems];
  }
  throw new Error('expected an InputError');
}

export async function problemsRejected(run: () => Promise<unknown>): Promise<InputProblem[]> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return [...(e as InputError).problems];
  }
  throw new Error('expected an InputError');
}

/** 1-based line of the n-th occurrence of `needle` in a test file's text. */
export function lineOf(value: unknown, needle: string, occurrence = 1): number {
  const text = textOf(value);
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} not found`);
  }
  return text.slice(0, at).split('\n').length;
}

/** Model objects without their locations, for comparing imports of the same data from different files. */
export function withoutSources(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => (key === 'source' ? undefined : typeof v === 'bigint' ? v.toString() : v)),
  );
}
