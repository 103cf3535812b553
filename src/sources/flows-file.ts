import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { InputError, type InputProblem } from '../model/errors.js';
import type { SourceLocation } from '../model/source.js';

/**
 * The `--flows` file of `synack check`: JSON or YAML, a list of flows or `{flows: [...]}`, validated
 * against schemas/flows.schema.json. Every problem is reported at once with its file, JSON pointer and line.
 */

export type ExpectedVerdict = 'reachable' | 'partial' | 'unreachable' | 'unknown';

export interface FlowSpec {
  readonly name?: string;
  readonly from: string;
  readonly to: string;
  /** `tcp` when the file does not say. */
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  /** `lo-hi` or a profile name, as written. */
  readonly clientPorts?: string;
  readonly expect?: ExpectedVerdict;
  /** The flow's entry in the file (`/flows/2` or `/2`), with its line. */
  readonly source: SourceLocation;
}

export interface FlowsFile {
  readonly file: string;
  readonly format: 'json' | 'yaml';
  readonly flows: readonly FlowSpec[];
  /** 1-based line of the value at a JSON pointer (undefined when the file has no such value). */
  line(pointer: string): number | undefined;
}

export const CLIENT_PORT_PROFILE_NAMES = ['linux', 'windows', 'windows-legacy', 'nat-gateway', 'elb', 'lambda', 'any'] as const;

export async function readFlowsFile(path: string): Promise<FlowsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError([{ file: path, message: `cannot read the flows file: ${readErrorText(err)}` }]);
  }
  return parseFlowsText(text, path);
}

/** Parses and validates flows from text; `file` names it in problems and decides JSON vs YAML by extension. */
export function parseFlowsText(text: string, file: string, format: 'json' | 'yaml' = guessFormat(file, text)): FlowsFile {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const doc = format === 'json' ? parseJson(text, file) : parseYaml(text, file);
  if (doc.problems.length) throw new InputError(sortProblems(doc.problems));

  const problems: InputProblem[] = [];
  const validate = flowsValidator();
  if (!validate(doc.value)) {
    for (const p of schemaProblems(validate.errors ?? [], doc.value)) {
      problems.push({ file, pointer: p.pointer, line: doc.line(p.pointer, p.key), message: p.message });
    }
  }
  if (problems.length) throw new InputError(sortProblems(dedupe(problems)));

  const listPointer = Array.isArray(doc.value) ? '' : '/flows';
  const list = (Array.isArray(doc.value) ? doc.value : (doc.value as { flows: unknown[] }).flows) as RawFlow[];
  const flows: FlowSpec[] = [];
  list.forEach((raw, i) => {
    const pointer = `${listPointer}/${i}`;
    if (raw.clientPorts !== undefined && /^\d/.test(raw.clientPorts)) {
      const [lo, hi] = raw.clientPorts.split('-').map(Number) as [number, number];
      if (lo > 65535 || hi > 65535 || lo > hi) {
        problems.push({
          file,
          pointer: `${pointer}/clientPorts`,
          line: doc.line(`${pointer}/clientPorts`),
          message: `"${raw.clientPorts}" is not a port range: expected lo-hi with 0 <= lo <= hi <= 65535`,
        });
      }
    }
    const line = doc.line(pointer);
    const source: SourceLocation = line === undefined ? { file, pointer } : { file, pointer, line };
    flows.push({
      ...(raw.name !== undefined ? { name: raw.name } : {}),
      from: raw.from,
      to: raw.to,
      protocol: raw.protocol ?? 'tcp',
      port: raw.port,
      ...(raw.clientPorts !== undefined ? { clientPorts: raw.clientPorts } : {}),
      ...(raw.expect !== undefined ? { expect: raw.expect } : {}),
      source,
    });
  });
  if (problems.length) throw new InputError(sortProblems(problems));
  return { file, format, flows, line: (pointer) => doc.line(pointer) };
}

interface RawFlow {
  name?: string;
  from: string;
  to: string;
  protocol?: 'tcp' | 'udp';
  port: number;
  clientPorts?: string;
  expect?: ExpectedVerdict;
}

// ─────────────────────────────────────────── parsing ───────────────────────────────────────────

interface ParsedDoc {
  readonly value: unknown;
  readonly problems: InputProblem[];
  /** Line of the value at `pointer`; with `key`, the line of that property's key inside it. */
  line(pointer: string, key?: string): number | undefined;
}

function guessFormat(file: string, text: string): 'json' | 'yaml' {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json') || lower.endsWith('.jsonc')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  const errors: ParseError[] = [];
  parseTree(text, errors, JSON_OPTIONS);
  return errors.length === 0 && /^\s*[[{]/.test(text) ? 'json' : 'yaml';
}

const JSON_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

function parseJson(text: string, file: string): ParsedDoc {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, JSON_OPTIONS);
  const lines = lineStarts(text);
  const lineAt = (offset: number) => lineOf(lines, offset);
  const problems: InputProblem[] = errors.map((err) => ({
    file,
    line: lineAt(err.offset),
    message: `invalid JSON: ${JSON_ERROR_TEXT[printParseErrorCode(err.error)] ?? printParseErrorCode(err.error)}`,
  }));
  const duplicates: JsonNode[] = [];
  const value = root ? jsonValue(root, duplicates) : undefined;
  for (const k of duplicates) problems.push({ file, line: lineAt(k.offset), message: `invalid JSON: duplicate property "${String(k.value)}"` });
  return {
    value,
    problems,
    line(pointer, key) {
      if (!root) return undefined;
      const node = findNodeAtLocation(root, pointerSegments(pointer));
      if (!node) return undefined;
      if (key !== undefined && node.type === 'object') {
        const prop = node.children?.find((p) => p.children?.[0]?.value === key);
        if (prop) return lineAt(prop.offset);
      }
      // A value's line is the line of its key when it is a property: that is where people look.
      return lineAt(node.parent?.type === 'property' ? node.parent.offset : node.offset);
    },
  };
}

/**
 * The value of a JSON tree, built without assigning through `__proto__`; a key given twice in one object is
 * reported (JSON.parse would silently keep the last one).
 */
function jsonValue(node: JsonNode, duplicates: JsonNode[]): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v) continue;
        const key = String(k.value);
        if (Object.hasOwn(out, key)) duplicates.push(k);
        Object.defineProperty(out, key, { value: jsonValue(v, duplicates), enumerable: true, configurable: true, writable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map((child) => jsonValue(child, duplicates));
    default:
      return node.value;
  }
}

const JSON_ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'expected a property name',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'expected the end of the file',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfComment: 'unterminated comment',
};

function parseYaml(text: string, file: string): ParsedDoc {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const problems: InputProblem[] = doc.errors.map((err) => ({
    file,
    ...(err.linePos ? { line: err.linePos[0].line } : {}),
    message: `invalid YAML: ${firstLine(err.message)}`,
  }));
  let value: unknown;
  if (problems.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      problems.push({ file, message: `invalid YAML: ${firstLine(err instanceof Error ? err.message : String(err))}` });
    }
  }
  const lineAt = (node: { range?: [number, number, number] | null } | null | undefined) =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  return {
    value,
    problems,
    line(pointer, key) {
      const node = yamlNodeAt(doc, pointerSegments(pointer));
      if (node === undefined) return undefined;
      if (key !== undefined && isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
        if (pair) return lineAt(pair.key as YamlNode);
      }
      if (node === null) return undefined;
      return lineAt(node);
    },
  };
}

function yamlNodeAt(doc: Document, segments: readonly (string | number)[]): YamlNode | null | undefined {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (const seg of segments) {
    keyNode = undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return undefined;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (node === undefined) return undefined;
    } else {
      return undefined;
    }
  }
  // As for JSON: a property's line is its key's line (a nested map's value starts on the next line).
  return (keyNode ?? node ?? null) as YamlNode | null;
}

// ─────────────────────────────────────────── schema ────────────────────────────────────────────

let validator: ValidateFunction | undefined;

function flowsValidator(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(new URL('../../schemas/flows.schema.json', import.meta.url), 'utf8')) as object;
    validator = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
  }
  return validator;
}

interface SchemaProblem {
  readonly pointer: string;
  /** A property name whose key line is more telling than its parent's line. */
  readonly key?: string;
  readonly message: string;
}

const FLOW_KEYS = 'name, from, to, protocol, port, clientPorts, expect';

function schemaProblems(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  // `anyOf` alternatives report one error each; keep the anyOf error only. `if` repeats its branch's errors.
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath + '/');
  const kept = errors.filter((e) => e.keyword !== 'if' && !anyOfPaths.some((p) => e.schemaPath.startsWith(p)));
  return kept.map((e) => schemaProblem(e, data));
}

function schemaProblem(e: ErrorObject, data: unknown): SchemaProblem {
  const pointer = e.instancePath;
  const got = describeValue(valueAt(data, pointer));
  const field = pointer.split('/').pop() ?? '';
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { pointer, message: `missing required property "${String(params.missingProperty)}"` };
    case 'additionalProperties': {
      const prop = String(params.additionalProperty);
      const allowed = /^(\/flows)?\/\d+$/.test(pointer) ? FLOW_KEYS : pointer === '' ? 'flows, $schema' : '';
      return { pointer: `${pointer}/${escapePointer(prop)}`, message: `unknown property "${prop}"${allowed ? ` (expected one of ${allowed})` : ''}` };
    }
    case 'type':
      if (pointer === '') return { pointer, message: `expected a list of flows or an object with a "flows" list, got ${got}` };
      if (pointer === '/flows') return { pointer, message: `"flows" must be a list of flows, got ${got}` };
      if (/^(\/flows)?\/\d+$/.test(pointer)) return { pointer, message: `a flow must be an object with from, to and port, got ${got}` };
      return { pointer, message: `${field} must be ${article(String(params.type))}, got ${got}` };
    case 'enum':
      return { pointer, message: `${field} must be one of ${(params.allowedValues as unknown[]).join(', ')}, got ${got}` };
    case 'anyOf':
      if (field === 'clientPorts') {
        return { pointer, message: `clientPorts must be a port range "lo-hi" (e.g. 32768-60999) or a profile (${CLIENT_PORT_PROFILE_NAMES.join(', ')}), got ${got}` };
      }
      return { pointer, message: `${field} ${e.message ?? 'is invalid'}, got ${got}` };
    case 'minimum':
    case 'maximum':
      return { pointer, message: `${field} must be a port from 0 to 65535, got ${got}` };
    case 'minLength':
      return { pointer, message: `${field} must not be empty` };
    case 'minItems':
      return { pointer, message: 'the list of flows is empty' };
    default:
      return { pointer, message: `${field || 'value'} ${e.message ?? 'is invalid'}` };
  }
}

function article(type: string): string {
  return type === 'integer' || type === 'object' || type === 'array' ? `an ${type}` : `a ${type}`;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  for (const seg of pointerSegments(pointer)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[String(seg)];
  }
  return v;
}

// ─────────────────────────────────────────── helpers ───────────────────────────────────────────

function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

function sortProblems(problems: InputProblem[]): InputProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function dedupe(problems: InputProblem[]): InputProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.pointer ?? ''}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function readErrorText(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}
