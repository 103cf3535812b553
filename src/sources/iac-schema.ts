// Shape checks of infrastructure-as-code inputs (Terraform plans, CloudFormation templates) against their
// permissive schemas in schemas/. Messages as validate.ts words them for the API formats
// (schema-problems.ts), with places named by the caller (`resource Sg`, `resource_changes item 3`).
import type { InputProblem } from '../model/errors.js';
import { schemaValidator } from './compiled-schemas.js';
import { schemaProblem, type SchemaWording } from './schema-problems.js';

export type IacSchemaName = 'terraform-plan' | 'cloudformation';

/** One problem per violation, pointing at the offending value; `describe` names a location for messages. */
export function validateIac(name: IacSchemaName, body: unknown, file: string, describe: (segments: readonly string[]) => string): InputProblem[] {
  const validate = schemaValidator(name);
  if (validate(body)) return [];
  const wording: SchemaWording = { place: describe, lacks: 'has no' };
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  // For a value that matches none of the allowed types, ajv reports one error per alternative: keep one.
  const seen = new Set<string>();
  const out: InputProblem[] = [];
  for (const e of errors) {
    const p = schemaProblem(e, body, file, wording);
    const key = `${p.pointer}|${p.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}
