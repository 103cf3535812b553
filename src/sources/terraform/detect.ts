// Whether a parsed JSON document is a Terraform plan.
import { isObject, type JsonObject } from '../fields.js';

/** `terraform show -json` of a plan: `format_version` with `planned_values` or `resource_changes`. */
export function isTerraformPlan(doc: unknown): doc is JsonObject {
  return isObject(doc) && typeof doc.format_version === 'string' && ('planned_values' in doc || 'resource_changes' in doc);
}
