// Shape checks of infrastructure-as-code inputs (Terraform plans, CloudFormation templates) against their
// permissive schemas in schemas/. Same message style as ../validate.ts, which knows only the API formats.
import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import type { InputProblem } from '../../model/errors.js';
import { schemaValidator } from '../compiled-schemas.js';
import { describeValue } from '../fields.js';
import { pointerSegments } from '../json-locator.js';

export type IacSchemaName = 'terraform-plan' | 'cloudformation';

const SCHEMA_DIR = new URL('../../../schemas/', import.meta.url);

export function loadIacSchema(name: IacSchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${name}.schema.json`, SCHEMA_DIR), 'utf8')) as Record<string, unknown>;
}

/** One problem per violation, pointing at the offending value; `describe` names a location for messages. */
export function validateIac(name: IacSchemaName, body: unknown, file: string, describe: (segments: readonly string[]) => string): InputProblem[] {
  const validate = schemaValidator(name);
  if (validate(body)) return [];
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  // For a value that matches none of the allowed types, ajv reports one error per alternative: keep one.
  const seen = new Set<string>();
  const out: InputProblem[] = [];
  for (const e of errors) {
    const p = toProblem(e, body, file, describe);
    const key = `${p.pointer}|${p.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}

function toProblem(e: ErrorObject, body: unknown, file: string, describe: (segments: readonly string[]) => string): InputProblem {
  const segments = pointerSegments(e.instancePath);
  const value = valueAt(body, segments);
  const where = describe(segments);
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
      message = `${where} has no "${(e.params as { missingProperty: string }).missingProperty}"; expected it to be present`;
      break;
    case 'enum':
      message = `${where} is ${describeValue(value)}; expected one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'additionalProperties':
      message = `unexpected property "${(e.params as { additionalProperty: string }).additionalProperty}" in ${where}`;
      break;
    default:
      message = `${where} ${e.message ?? 'is invalid'}`;
  }
  return { file, pointer: e.instancePath, message };
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

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let v: unknown = root;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
}
