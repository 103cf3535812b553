import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, type InputProblem } from '../model/errors.js';
import { parseYamlDocument, readErrorText } from './document-lines.js';
import { schemaValidator, type SchemaValidator } from './compiled-schemas.js';

/**
 * Baseline files (schemas/baseline.schema.json): `synack lint --write-baseline FILE` records the fingerprints
 * of today's findings, `--baseline FILE` reads them back so that only new findings fail the run. JSON with
 * one entry per finding, sorted by fingerprint, so that a re-recorded baseline diffs cleanly in review.
 */

export const BASELINE_VERSION = 1;

/** What a baseline records of a finding (structurally a lint Finding). */
export interface BaselineEntry {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly resource: { readonly id: string };
  readonly key: string;
}

export async function readBaselineFile(file: string): Promise<ReadonlySet<string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError([{ file, message: `cannot read the baseline file: ${readErrorText(err)}` }]);
  }
  return parseBaselineText(text, file);
}

export function parseBaselineText(text: string, file: string): ReadonlySet<string> {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const doc = parseYamlDocument(text, file);
  if (doc.problems.length) throw new InputError(doc.problems.map((p) => ({ ...p, message: p.message.replace(/^invalid YAML/, 'invalid baseline') })));
  const validate = baselineValidator();
  if (!validate(doc.value)) {
    const problems: InputProblem[] = (validate.errors ?? []).map((e) => {
      const pointer = e.keyword === 'additionalProperties' ? `${e.instancePath}/${String((e.params as { additionalProperty: string }).additionalProperty)}` : e.instancePath;
      const line = doc.line(pointer);
      const what =
        e.keyword === 'pattern'
          ? 'a fingerprint must be 16 lowercase hexadecimal digits'
          : e.keyword === 'additionalProperties'
            ? `unknown property "${String((e.params as { additionalProperty: string }).additionalProperty)}"`
            : e.keyword === 'const'
              ? `unsupported baseline version (this synack reads version ${BASELINE_VERSION})`
              : `${e.instancePath || 'the baseline'} ${e.message ?? 'is invalid'}`;
      return { file, pointer, ...(line !== undefined ? { line } : {}), message: `not a synack baseline: ${what} (write one with --write-baseline)` };
    });
    throw new InputError(problems);
  }
  return new Set((doc.value as { findings: { fingerprint: string }[] }).findings.map((f) => f.fingerprint));
}

/** The text of a baseline recording these findings (deduplicated, sorted by fingerprint). */
export function baselineText(entries: readonly BaselineEntry[], tool = 'synack'): string {
  return baselineDocument(entries, tool).text;
}

function baselineDocument(entries: readonly BaselineEntry[], tool = 'synack'): { text: string; count: number } {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const e of entries) if (!byFingerprint.has(e.fingerprint)) byFingerprint.set(e.fingerprint, e);
  const findings = [...byFingerprint.values()]
    .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0))
    .map((e) => ({ fingerprint: e.fingerprint, ruleId: e.ruleId, resourceId: e.resource.id, key: e.key }));
  return { text: JSON.stringify({ version: BASELINE_VERSION, tool, findings }, null, 2) + '\n', count: findings.length };
}

/**
 * Writes a baseline atomically: the text goes to a temporary file beside the target, which is then renamed
 * over it. A reader sees the old file or the new one, never half of one; on failure nothing is left behind.
 */
/** Returns the number of fingerprints written. */
export async function writeBaselineFile(file: string, entries: readonly BaselineEntry[], tool?: string): Promise<number> {
  const { text, count } = baselineDocument(entries, tool);
  const dir = path.dirname(path.resolve(file));
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    await writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, file);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw new InputError([{ file, message: `cannot write the baseline file: ${writeErrorText(err)}` }]);
  }
  return count;
}

function writeErrorText(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return 'its folder does not exist';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}

function baselineValidator(): SchemaValidator {
  return schemaValidator('baseline');
}
