import { readFile } from 'node:fs/promises';
import type { ErrorObject } from 'ajv';
import { schemaValidator, type SchemaValidator } from './compiled-schemas.js';
import { InputError, type InputProblem } from '../model/errors.js';
import { escapePointerSegment, type SourceLocation } from '../model/source.js';
import { dedupeProblems, looksLikeJson, parseJsonDocument, parseYamlDocument, readErrorText, sortByLine } from './document-lines.js';
import { pointerSegments, valueAt } from './json-locator.js';

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
  const doc = format === 'json' ? parseJsonDocument(text, file) : parseYamlDocument(text, file);
  if (doc.problems.length) throw new InputError(sortByLine(doc.problems));

  const problems: InputProblem[] = [];
  const validate = flowsValidator();
  if (!validate(doc.value)) {
    for (const p of schemaProblems(validate.errors ?? [], doc.value)) {
      problems.push({ file, pointer: p.pointer, line: doc.line(p.pointer), message: p.message });
    }
  }
  if (problems.length) throw new InputError(sortByLine(dedupeProblems(problems)));

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
  if (problems.length) throw new InputError(sortByLine(problems));
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

function guessFormat(file: string, text: string): 'json' | 'yaml' {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json') || lower.endsWith('.jsonc')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return looksLikeJson(text) ? 'json' : 'yaml';
}

// ─────────────────────────────────────────── schema ────────────────────────────────────────────

function flowsValidator(): SchemaValidator {
  return schemaValidator('flows');
}

interface SchemaProblem {
  readonly pointer: string;
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
  const got = describeValue(valueAt(data, pointerSegments(pointer)));
  const field = pointer.split('/').pop() ?? '';
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { pointer, message: `missing required property "${String(params.missingProperty)}"` };
    case 'additionalProperties': {
      const prop = String(params.additionalProperty);
      const allowed = /^(\/flows)?\/\d+$/.test(pointer) ? FLOW_KEYS : pointer === '' ? 'flows, $schema' : '';
      return { pointer: `${pointer}/${escapePointerSegment(prop)}`, message: `unknown property "${prop}"${allowed ? ` (expected one of ${allowed})` : ''}` };
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

// ─────────────────────────────────────────── helpers ───────────────────────────────────────────

