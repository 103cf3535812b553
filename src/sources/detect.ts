// Which input format a parsed JSON document is, by its top-level keys.
import { isCloudFormationTemplate } from './cloudformation/detect.js';
import { isObject, type JsonObject } from './fields.js';
import { isTerraformPlan } from './terraform/detect.js';

export type DocumentKind = 'aws-cli' | 'np-guard' | 'synack-snapshot';

/** Infrastructure as code, read by their own importers (terraform/, cloudformation/). */
export type IacKind = 'terraform-plan' | 'cloudformation';

/**
 * A Terraform plan (`format_version` with `planned_values`/`resource_changes`) or a CloudFormation template
 * (`AWSTemplateFormatVersion`, or `Resources` whose values have `Type: AWS::…`). Checked before
 * detectDocument: their top-level keys never collide with the API formats'.
 */
export function detectIac(doc: unknown): IacKind | undefined {
  if (isTerraformPlan(doc)) return 'terraform-plan';
  if (isCloudFormationTemplate(doc)) return 'cloudformation';
  return undefined;
}

export interface DetectedDocument {
  readonly kind: DocumentKind;
  /** The object holding the format's keys. */
  readonly body: JsonObject;
  /** JSON pointer of `body` in the file: `/data` inside a cloud-custodian placebo wrapper, else empty. */
  readonly base: string;
}

/** describe-* list keys (describe-instances' Reservations; a flat Instances list is accepted too). */
export const AWS_CLI_KEYS = [
  'NetworkAcls',
  'SecurityGroups',
  'SecurityGroupRules',
  'Subnets',
  'NetworkInterfaces',
  'Reservations',
  'Instances',
  'Vpcs',
  'PrefixLists',
  'RouteTables',
] as const;

export const NP_GUARD_KEYS = ['vpcs', 'subnets', 'network_acls', 'security_groups', 'instances'] as const;

export function detectDocument(doc: unknown): DetectedDocument | undefined {
  if (!isObject(doc)) return undefined;
  if (isPlaceboWrapper(doc)) {
    const inner = detectDocument(doc.data);
    return inner && { ...inner, base: '/data' + inner.base };
  }
  if (doc.format === 'synack-snapshot') return { kind: 'synack-snapshot', body: doc, base: '' };
  if (NP_GUARD_KEYS.some((k) => Array.isArray(doc[k]))) return { kind: 'np-guard', body: doc, base: '' };
  if (AWS_CLI_KEYS.some((k) => k in doc) || isPrefixListEntries(doc)) return { kind: 'aws-cli', body: doc, base: '' };
  return undefined;
}

/** cloud-custodian's recorded boto3 responses: `{"status_code": 200, "data": {...}}`. */
function isPlaceboWrapper(doc: JsonObject): doc is JsonObject & { data: JsonObject } {
  return 'status_code' in doc && isObject(doc.data);
}

/** get-managed-prefix-list-entries: top-level `Entries: [{Cidr, Description}]`. */
export function isPrefixListEntries(doc: JsonObject): boolean {
  const entries = doc.Entries;
  return Array.isArray(entries) && (entries.length === 0 || entries.some((e) => isObject(e) && 'Cidr' in e));
}
