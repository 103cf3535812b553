// Whether a document (or a file's text, cheaply) is a CloudFormation template.
import { isObject, type JsonObject } from '../fields.js';

/** `AWSTemplateFormatVersion`, or `Resources` whose values have `Type: AWS::…`. */
export function isCloudFormationTemplate(doc: unknown): doc is JsonObject {
  if (!isObject(doc)) return false;
  if ('AWSTemplateFormatVersion' in doc) return true;
  const resources = doc.Resources;
  return isObject(resources) && Object.values(resources).some((r) => isObject(r) && typeof r.Type === 'string' && /^(AWS|Custom|Alexa)::/.test(r.Type));
}

/** A look at a YAML (or `.template`) file's text, so that other YAML files in a folder are skipped unparsed. */
export function looksLikeCloudFormation(text: string): boolean {
  return /AWSTemplateFormatVersion|['"]?\bType['"]?\s*:\s*['"]?AWS::\w+::/.test(text);
}
