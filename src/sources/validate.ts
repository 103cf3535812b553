// Shape checks with ajv (JSON Schema 2020-12) against the schemas in schemas/; errors become InputProblems.
import { readFileSync } from 'node:fs';
import type { InputProblem } from '../model/errors.js';
import { schemaValidator } from './compiled-schemas.js';
import { schemaProblem, type SchemaWording } from './schema-problems.js';

export type SchemaName = 'aws-cli' | 'np-guard' | 'snapshot';

const SCHEMA_DIR = new URL('../../schemas/', import.meta.url);
/** The JSON Schema document of one input format (also used by tests and docs). */
export function loadSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${name}.schema.json`, SCHEMA_DIR), 'utf8')) as Record<string, unknown>;
}

/** Places are named by the API's own field names: `PortRange`, `Entries item`, `the document`. */
const API_WORDING: SchemaWording = { place: owner, lacks: 'without' };

/**
 * Validates a document (or the part of it at `base`, e.g. `/data` in a placebo wrapper) and returns one
 * problem per violation, pointing at the offending value.
 */
export function validateShape(name: SchemaName, body: unknown, file: string, base = ''): InputProblem[] {
  const validate = schemaValidator(name);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => schemaProblem(e, body, file, API_WORDING, base));
}

/** Names the object at a path: `Entries item` for /NetworkAcls/0/Entries/2, `PortRange` for …/PortRange. */
function owner(segments: readonly string[]): string {
  const last = segments[segments.length - 1];
  if (last === undefined) return 'the document';
  if (!/^\d+$/.test(last)) return last;
  const list = segments[segments.length - 2];
  return list === undefined ? 'item' : `${list} item`;
}
