// One ajv error → one InputProblem that says what was found and what was expected, pointing at the offending
// value. Shared by the API formats (../validate.ts) and the infrastructure-as-code inputs
// (terraform/schema.ts), which differ only in how they name a place of the document.
import type { ErrorObject } from 'ajv';
import type { InputProblem } from '../model/errors.js';
import { describeValue } from './fields.js';
import { pointerSegments, valueAt } from './json-locator.js';
import { escapePointerSegment } from '../model/source.js';

/** How an input format names places in messages. */
export interface SchemaWording {
  /** The value at a path (its unescaped segments): `PortRange`, `Entries item`, `resource Sg`. */
  readonly place: (segments: readonly string[]) => string;
  /** Joins a place to the required property it lacks: `Entries item without "RuleNumber"`, `resource Sg has no "Type"`. */
  readonly lacks: 'without' | 'has no';
}

/** `base`: where the validated part sits in the file (`/data` in a placebo wrapper), for the pointer. */
export function schemaProblem(e: ErrorObject, body: unknown, file: string, wording: SchemaWording, base = ''): InputProblem {
  const segments = pointerSegments(e.instancePath);
  const value = valueAt(body, segments);
  const where = wording.place(segments);
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
      message = `${where} ${wording.lacks} "${(e.params as { missingProperty: string }).missingProperty}"; expected it to be present`;
      break;
    case 'const':
      message = `${where} is ${describeValue(value)}; expected ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
      break;
    case 'enum':
      message = `${where} is ${describeValue(value)}; expected one of ${(e.params as { allowedValues: unknown[] }).allowedValues
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
  // An unexpected property is pointed at itself, not at the object that holds it.
  const pointer =
    e.keyword === 'additionalProperties'
      ? `${base}${e.instancePath}/${escapePointerSegment((e.params as { additionalProperty: string }).additionalProperty)}`
      : base + e.instancePath;
  return { file, pointer, message };
}

/** The JSON Schema types that take "an"; the others take "a". */
const AN = new Set(['integer', 'object', 'array']);

function article(type: string): string {
  return `${AN.has(type) ? 'an' : 'a'} ${type}`;
}


