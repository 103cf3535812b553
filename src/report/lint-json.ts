import type { LintResult } from '../lint/run.js';
import type { Finding, Severity, Suppression } from '../lint/types.js';
import { locationToJson, stringifyParts, type Json } from './json.js';

/**
 * JSON output of `synack lint` (schemas/lint-output.schema.json): `{version, summary, findings}`. Findings
 * keep the runner's order (resource id, rule id, key); suppressed ones are listed with their suppression,
 * never dropped. Objects are built field by field so the key order is fixed here; optional fields are
 * omitted, never null.
 */

/** Format version of the document; bumped only on incompatible changes. */
export const LINT_JSON_VERSION = 1;

type JsonObject = { [key: string]: Json };

export interface LintSummary {
  /** Unsuppressed findings per severity. */
  readonly error: number;
  readonly warning: number;
  readonly note: number;
  /** Suppressed findings (config ignore, resource tag, baseline), whatever their severity. */
  readonly suppressed: number;
  readonly suppressedBy: Readonly<Record<Suppression['kind'], number>>;
}

export function summarize(findings: readonly Finding[]): LintSummary {
  const counts: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const by: Record<Suppression['kind'], number> = { config: 0, tag: 0, baseline: 0 };
  let suppressed = 0;
  for (const f of findings) {
    if (f.suppressed) {
      suppressed++;
      by[f.suppressed.kind]++;
    } else counts[f.severity]++;
  }
  return { ...counts, suppressed, suppressedBy: by };
}

export function lintToJson(result: Pick<LintResult, 'findings'>): JsonObject {
  return { ...head(result), findings: result.findings.map(findingToJson) };
}

export function renderLintJson(result: Pick<LintResult, 'findings'>): string {
  return [...lintJsonParts(result)].join('');
}

/** `renderLintJson` in parts, made as they are asked for (see stringifyParts). */
export function lintJsonParts(result: Pick<LintResult, 'findings'>): Generator<string> {
  return stringifyParts({ ...head(result), findings: [] }, ['findings'], result.findings, findingToJson);
}

function head(result: Pick<LintResult, 'findings'>): JsonObject {
  const s = summarize(result.findings);
  return { version: LINT_JSON_VERSION, summary: { error: s.error, warning: s.warning, note: s.note, suppressed: s.suppressed } };
}

export function findingToJson(f: Finding): JsonObject {
  const o: JsonObject = { ruleId: f.ruleId, severity: f.severity, message: f.message };
  const resource: JsonObject = { type: f.resource.type, id: f.resource.id };
  if (f.resource.name !== undefined) resource.name = f.resource.name;
  o.resource = resource;
  if (f.location) o.location = locationToJson(f.location);
  if (f.related?.length) o.related = f.related.map((r) => ({ message: r.message, location: locationToJson(r.location) }));
  if (f.fix) {
    const fix: JsonObject = { summary: f.fix.summary };
    if (f.fix.command !== undefined) fix.command = f.fix.command;
    o.fix = fix;
  }
  o.fingerprint = f.fingerprint;
  o.key = f.key;
  if (f.details !== undefined) {
    const details = toJson(f.details);
    if (details !== undefined) o.details = details;
  }
  if (f.suppressed) o.suppressed = { kind: f.suppressed.kind, reason: f.suppressed.reason };
  return o;
}

/**
 * Rule-specific details as JSON: undefined fields dropped, bigints as strings, non-finite numbers as null,
 * Sets and Maps as lists and objects, objects with a `text` (CIDRs) as that text.
 */
export function toJson(value: unknown, depth = 0): Json | undefined {
  if (depth > 20) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  if (Array.isArray(value) || value instanceof Set) return Array.from(value as Iterable<unknown>, (v) => toJson(v, depth + 1) ?? null);
  if (!(value instanceof Map) && Object.getPrototypeOf(value) !== Object.prototype && typeof (value as { text?: unknown }).text === 'string') {
    return (value as { text: string }).text;
  }
  const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(value as object);
  const o: JsonObject = {};
  for (const [k, v] of entries) {
    const j = toJson(v, depth + 1);
    if (j === undefined) continue;
    // Assigning "__proto__" would set the prototype; defining every key is slower by far.
    if (k === '__proto__') Object.defineProperty(o, k, { value: j, enumerable: true, configurable: true, writable: true });
    else o[k] = j;
  }
  return o;
}
