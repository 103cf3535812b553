import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { schemaValidator, type SchemaValidator } from './compiled-schemas.js';
import { InputError, type InputProblem } from '../model/errors.js';
import { escapePointerSegment, type SourceLocation } from '../model/source.js';
import { dedupeProblems, parseYamlDocument, readErrorText, sortByLine, type LinedDocument } from './document-lines.js';
import { pointerSegments, valueAt } from './json-locator.js';

// baseline.ts still imports these from here.

/**
 * The `synack lint` configuration: `.synack.yml` in the current directory, or `--config FILE` (YAML or JSON —
 * JSON is read by the same YAML 1.2 parser). Validated against schemas/config.schema.json; every problem is
 * reported at once with its file, JSON pointer and line. This module only reads and checks the file: turning
 * it into lint settings (client-port choices, rule overrides) is the command's job (src/cli/lint.ts).
 */

export type ConfigSeverity = 'error' | 'warning' | 'note';

export interface ConfigRuleSetting {
  readonly enabled?: boolean;
  readonly severity?: ConfigSeverity;
}

/** A client-port range as written ("lo-hi" or a profile name), with where it was written. */
export interface ConfigClientPorts {
  readonly value: string;
  readonly source: SourceLocation;
}

export interface ConfigTagClientPorts extends ConfigClientPorts {
  readonly key: string;
  readonly tagValue: string;
}

export interface ConfigIgnore {
  readonly ruleId?: string;
  readonly resourceId?: string;
  readonly reason: string;
  readonly source: SourceLocation;
}

export interface LintConfig {
  readonly file: string;
  readonly rules: Readonly<Record<string, ConfigRuleSetting>>;
  /** Replaces the default admin-port list when present. */
  readonly adminPorts?: readonly number[];
  /** Replaces the default web-port list when present. */
  readonly webPorts?: readonly number[];
  readonly clientPorts: {
    readonly default?: ConfigClientPorts;
    readonly subnets: Readonly<Record<string, ConfigClientPorts>>;
    readonly enis: Readonly<Record<string, ConfigClientPorts>>;
    /** In file order: the first matching tag wins. */
    readonly tags: readonly ConfigTagClientPorts[];
  };
  readonly ignores: readonly ConfigIgnore[];
}

/** The file `synack lint` reads when `--config` is not given (in the current directory). */
export const DEFAULT_CONFIG_FILE = '.synack.yml';

/** The path of `.synack.yml` in `cwd` when that file exists, else undefined. */
export async function findDefaultConfig(cwd: string): Promise<string | undefined> {
  const candidate = path.join(cwd, DEFAULT_CONFIG_FILE);
  try {
    return (await stat(candidate)).isFile() ? candidate : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads and validates a configuration file. `knownRuleIds` are the registered rules: a setting or an
 * ignore naming any other id is a problem (a typo would otherwise silently do nothing).
 */
export async function readConfigFile(file: string, knownRuleIds: readonly string[], label: string = file): Promise<LintConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError([{ file: label, message: `cannot read the configuration file: ${readErrorText(err)}` }]);
  }
  return parseConfigText(text, label, knownRuleIds);
}

export function parseConfigText(text: string, file: string, knownRuleIds: readonly string[]): LintConfig {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const doc = parseYamlDocument(text, file);
  if (doc.problems.length) throw new InputError(sortByLine(doc.problems));
  // An empty file is an empty configuration.
  const value = doc.value === null || doc.value === undefined ? {} : doc.value;

  const known = new Set(knownRuleIds);
  const validIds = [...knownRuleIds].sort().join(', ');
  const unknownRule = (pointer: string, id: string) => located(file, doc, pointer, `unknown rule "${id}" (valid rules: ${validIds})`);

  const validate = configValidator();
  if (!validate(value)) {
    const problems = schemaProblems(validate.errors ?? [], value).map((p) => located(file, doc, p.pointer, p.message));
    // Unknown rule ids are no schema matter, but belong in the same report.
    problems.push(...unknownRuleIds(value, known, unknownRule));
    throw new InputError(sortByLine(dedupeProblems(problems)));
  }
  const raw = value as RawConfig;
  const problems: InputProblem[] = unknownRuleIds(value, known, unknownRule);
  const at = (pointer: string): SourceLocation => {
    const line = doc.line(pointer);
    return line === undefined ? { file, pointer } : { file, pointer, line };
  };

  const rules: Record<string, ConfigRuleSetting> = {};
  for (const [id, setting] of Object.entries(raw.rules ?? {})) {
    if (!known.has(id)) continue;
    defineOwn(rules, id, typeof setting === 'string' ? (setting === 'off' ? { enabled: false } : { severity: setting }) : { ...setting });
  }

  const clientPort = (pointer: string, v: string): ConfigClientPorts => {
    if (/^\d/.test(v)) {
      const [lo, hi] = v.split('-').map(Number) as [number, number];
      if (lo > 65535 || hi > 65535 || lo > hi) {
        problems.push(located(file, doc, pointer, `"${v}" is not a port range: expected lo-hi with 0 <= lo <= hi <= 65535`));
      }
    }
    return { value: v, source: at(pointer) };
  };
  const cp = raw.clientPorts ?? {};
  const subnets: Record<string, ConfigClientPorts> = {};
  const enis: Record<string, ConfigClientPorts> = {};
  for (const [id, v] of Object.entries(cp.subnets ?? {})) defineOwn(subnets, id, clientPort(`/clientPorts/subnets/${escapePointerSegment(id)}`, v));
  for (const [id, v] of Object.entries(cp.enis ?? {})) defineOwn(enis, id, clientPort(`/clientPorts/enis/${escapePointerSegment(id)}`, v));
  const tags = Object.entries(cp.tags ?? {}).map(([tag, v]) => {
    const eq = tag.indexOf('=');
    return { key: tag.slice(0, eq), tagValue: tag.slice(eq + 1), ...clientPort(`/clientPorts/tags/${escapePointerSegment(tag)}`, v) };
  });

  const ignores: ConfigIgnore[] = (raw.ignore ?? []).map((entry, i) => {
    const pointer = `/ignore/${i}`;
    return {
      ...(entry.rule !== undefined ? { ruleId: entry.rule } : {}),
      ...(entry.resource !== undefined ? { resourceId: entry.resource } : {}),
      reason: entry.reason,
      source: at(pointer),
    };
  });
  if (problems.length) throw new InputError(sortByLine(problems));

  return {
    file,
    rules,
    ...(raw.adminPorts !== undefined ? { adminPorts: [...new Set(raw.adminPorts)].sort((a, b) => a - b) } : {}),
    ...(raw.webPorts !== undefined ? { webPorts: [...new Set(raw.webPorts)].sort((a, b) => a - b) } : {}),
    clientPorts: { ...(cp.default !== undefined ? { default: clientPort('/clientPorts/default', cp.default) } : {}), subnets, enis, tags },
    ignores,
  };
}

/** Rule ids in `rules` and `ignore` that no rule has; works on any value, valid or not. */
function unknownRuleIds(value: unknown, known: ReadonlySet<string>, problem: (pointer: string, id: string) => InputProblem): InputProblem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const { rules, ignore } = value as { rules?: unknown; ignore?: unknown };
  const out: InputProblem[] = [];
  if (rules !== null && typeof rules === 'object' && !Array.isArray(rules)) {
    for (const id of Object.keys(rules)) if (!known.has(id)) out.push(problem(`/rules/${escapePointerSegment(id)}`, id));
  }
  if (Array.isArray(ignore)) {
    ignore.forEach((entry: unknown, i) => {
      const rule = entry !== null && typeof entry === 'object' ? (entry as { rule?: unknown }).rule : undefined;
      if (typeof rule === 'string' && rule !== '' && !known.has(rule)) out.push(problem(`/ignore/${i}/rule`, rule));
    });
  }
  return out;
}

interface RawConfig {
  rules?: Record<string, 'off' | ConfigSeverity | { enabled?: boolean; severity?: ConfigSeverity }>;
  adminPorts?: number[];
  webPorts?: number[];
  clientPorts?: { default?: string; subnets?: Record<string, string>; enis?: Record<string, string>; tags?: Record<string, string> };
  ignore?: { rule?: string; resource?: string; reason: string }[];
}

/** Keys come from the user's file: never assign through `__proto__`. */
function defineOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

function located(file: string, doc: LinedDocument, pointer: string, message: string): InputProblem {
  const line = doc.line(pointer);
  return line === undefined ? { file, pointer, message } : { file, pointer, line, message };
}

// ─────────────────────────────────────────── schema ────────────────────────────────────────────

function configValidator(): SchemaValidator {
  return schemaValidator('config');
}

interface SchemaProblem {
  readonly pointer: string;
  readonly message: string;
}

const KEYS_OF: readonly [RegExp, string][] = [
  [/^$/, 'rules, adminPorts, webPorts, clientPorts, ignore'],
  [/^\/clientPorts$/, 'default, subnets, enis, tags'],
  [/^\/ignore\/\d+$/, 'rule, resource, reason'],
  [/^\/rules\/[^/]+$/, 'enabled, severity'],
];

const PROFILES = 'linux, windows, windows-legacy, nat-gateway, elb, lambda, any';

function schemaProblems(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  // anyOf alternatives and propertyNames report their inner errors too: keep the outer one only.
  const outer = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'propertyNames').map((e) => e.schemaPath + '/');
  const kept = errors.filter((e) => e.keyword !== 'if' && !outer.some((p) => e.schemaPath.startsWith(p)));
  return kept.map((e) => schemaProblem(e, data));
}

function schemaProblem(e: ErrorObject, data: unknown): SchemaProblem {
  const pointer = e.instancePath;
  const got = describeValue(valueAt(data, pointerSegments(pointer)));
  const segments = pointerSegments(pointer);
  const field = segments[segments.length - 1] ?? '';
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      if (pointer.startsWith('/ignore/')) return { pointer, message: `an ignore entry needs a "${String(params.missingProperty)}": say why the finding is accepted` };
      return { pointer, message: `missing required property "${String(params.missingProperty)}"` };
    case 'additionalProperties': {
      const prop = String(params.additionalProperty);
      const allowed = KEYS_OF.find(([re]) => re.test(pointer))?.[1];
      return { pointer: `${pointer}/${escapePointerSegment(prop)}`, message: `unknown property "${prop}"${allowed ? ` (expected one of ${allowed})` : ''}` };
    }
    case 'propertyNames':
      return {
        pointer: `${pointer}/${escapePointerSegment(String(params.propertyName))}`,
        message: `tag "${String(params.propertyName)}" must be written Key=Value`,
      };
    case 'type':
      if (RULE_SETTING.test(pointer)) return { pointer, message: ruleSettingMessage(field, got) };
      if (pointer === '') return { pointer, message: `the configuration must be a mapping (rules, adminPorts, webPorts, clientPorts, ignore), got ${got}` };
      return { pointer, message: `${field} must be ${article(String(params.type))}, got ${got}` };
    case 'enum':
      if (RULE_SETTING.test(pointer)) return { pointer, message: ruleSettingMessage(field, got) };
      return { pointer, message: `${field} must be one of ${(params.allowedValues as unknown[]).join(', ')}, got ${got}` };
    case 'anyOf':
      if (/^\/ignore\/\d+$/.test(pointer)) return { pointer, message: 'an ignore entry needs "rule", "resource" or both' };
      if (pointer.startsWith('/clientPorts/')) return { pointer, message: `client ports must be a port range "lo-hi" (e.g. 32768-60999) or a profile (${PROFILES}), got ${got}` };
      return { pointer, message: `${field} ${e.message ?? 'is invalid'}, got ${got}` };
    case 'minimum':
    case 'maximum':
      return { pointer, message: `a port must be from 0 to 65535, got ${got}` };
    case 'minLength':
      return { pointer, message: `${field} must not be empty` };
    case 'minProperties':
      return { pointer, message: `the setting of rule "${field}" is empty: give enabled, severity or both` };
    default:
      return { pointer, message: `${field || 'value'} ${e.message ?? 'is invalid'}` };
  }
}

const RULE_SETTING = /^\/rules\/[^/]+$/;

function ruleSettingMessage(rule: string, got: string): string {
  return `the setting of rule "${rule}" must be off, error, warning, note or {enabled, severity}, got ${got}`;
}

function article(type: string): string {
  if (type === 'object') return 'a mapping';
  if (type === 'array') return 'a list';
  return type === 'integer' ? 'an integer' : `a ${type}`;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

// ─────────────────────────────────────────── helpers ───────────────────────────────────────────

