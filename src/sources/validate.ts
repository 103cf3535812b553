// Shape checks with ajv (JSON Schema 2020-12) against the schemas in schemas/; errors become InputProblems.
import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import type { InputProblem } from '../model/errors.js';
import { schemaValidator } from './compiled-schemas.js';
import { describeValue } from './fields.js';
import { pointerSegments } from './json-locator.js';

export type SchemaName = 'aws-cli' | 'np-guard' | 'snapshot';

const SCHEMA_DIR = new URL('../../schemas/', import.meta.url);
/** The JSON Schema document of one input format (also used by tests and docs). */
export function loadSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${name}.schema.json`, SCHEMA_DIR), 'utf8')) as Record<string, unknown>;
}

/**
 * Validates a document (or the part of it at `base`, e.g. `/data` in a placebo wrapper) and returns one
 * problem per violation, pointing at the offending value.
 */
export function validateShape(name: SchemaName, body: unknown, file: string, base = ''): InputProblem[] {
  const validate = schemaValidator(name);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => toProblem(e, body, file, base));
}

function toProblem(e: ErrorObject, body: unknown, file: string, base: string): InputProblem {
  const value = valueAt(body, e.instancePath);
  const segments = pointerSegments(e.instancePath);
  const field = segments.length ? segments[segments.length - 1] : 'the document';
  const where = field === undefined || /^\d+$/.test(field) ? owner(segments) : field;
  let message: string;
  switch (e.keyword) {
    case 'type': {
      const types = String((e.params as { type: string | string[] }).type)
        .split(',')
        .filter((t) => t !== 'null');
      message = `${where} is ${describeValue(value)}; expected ${types.map(article).join(' or ')}`;
      break;
    }
    case 'required':
      message = `${owner(segments)} without "${(e.params as { missingProperty: string }).missingProperty}"; expected it to be present`;
      break;
    case 'const':
      message = `${where} is ${describeValue(value)}; expected ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
      break;
    case 'enum':
      message = `${where} is ${describeValue(value)}; expected one of ${((e.params as { allowedValues: unknown[] }).allowedValues)
        .filter((v) => v !== null)
        .map((v) => JSON.stringify(v))
        .join(', ')}`;
      break;
    case 'additionalProperties':
      message = `unexpected property "${(e.params as { additionalProperty: string }).additionalProperty}" in ${where}; expected only the properties the schema lists`;
      break;
    default:
      message = `${where} ${e.message ?? 'is invalid'}`;
  }
  const pointer =
    e.keyword === 'additionalProperties'
      ? `${base}${e.instancePath}/${escape((e.params as { additionalProperty: string }).additionalProperty)}`
      : base + e.instancePath;
  return { file, pointer, message };
}

/** Names the object at a path: `Entries item` for /NetworkAcls/0/Entries/2, `PortRange` for …/PortRange. */
function owner(segments: readonly string[]): string {
  const last = segments[segments.length - 1];
  if (last === undefined) return 'the document';
  if (!/^\d+$/.test(last)) return last;
  const list = segments[segments.length - 2];
  return list === undefined ? 'item' : `${list} item`;
}

function article(type: string): string {
  switch (type) {
    case 'integer':
      return 'an integer';
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    default:
      return `a ${type}`;
  }
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function valueAt(root: unknown, pointer: string): unknown {
  let v: unknown = root;
  for (const s of pointerSegments(pointer)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
}
