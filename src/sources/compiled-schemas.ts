// The input schemas' validators, compiled ahead of time by scripts/compile-schemas.js: no ajv compiler at run
// time (it cost ≈280 ms of start-up). Only types come from ajv here.
import type { ErrorObject } from 'ajv';
import * as compiled from '../generated/schema-validators.js';

export type InputSchemaName =
  | 'aws-cli'
  | 'np-guard'
  | 'snapshot'
  | 'terraform-plan'
  | 'cloudformation'
  | 'config'
  | 'flows'
  | 'baseline'
  | 'services';

/** An ajv validate function: true when valid, else `errors` holds one object per violation (allErrors). */
export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const VALIDATORS: Record<InputSchemaName, SchemaValidator> = {
  'aws-cli': compiled.awsCli,
  'np-guard': compiled.npGuard,
  snapshot: compiled.snapshot,
  'terraform-plan': compiled.terraformPlan,
  cloudformation: compiled.cloudformation,
  config: compiled.config,
  flows: compiled.flows,
  baseline: compiled.baseline,
  services: compiled.services,
};

export function schemaValidator(name: InputSchemaName): SchemaValidator {
  return VALIDATORS[name];
}
