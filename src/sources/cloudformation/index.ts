// CloudFormation templates (JSON, or YAML with the short intrinsic tags) → DocumentImport.
//
// How values are read:
// - References resolve to logical ids: `!Ref Sg`, `!GetAtt Sg.GroupId` and `!Sub ${Sg}` are the group `Sg`,
//   and the logical id is the model id and `source.address`. Parameters with a Default take it; conditions
//   (Fn::If, a resource's Condition) are evaluated; Fn::FindInMap, Fn::Join, Fn::Select, Fn::Split, Fn::Sub
//   and Fn::Cidr are computed.
// - An id that only deployment knows stands for itself: a parameter without Default in an id position
//   (VpcId, GroupId, SubnetId, SourceSecurityGroupId, …) is named by the parameter's logical id, an import by
//   `!ImportValue <name>`, a VPC's default group by `<Vpc>.DefaultSecurityGroup`. Every use names the same
//   object, and nothing about it is guessed.
// - A value that only deployment knows (a CIDR, a port, a protocol, a rule number or action from a
//   parameter without Default, an import, a pseudo parameter, an SSM reference) is reported as a problem
//   naming the logical id and property. Left out instead, because AWS assigns them and their absence
//   decides nothing: Availability Zones, private addresses, VPC and subnet IPv6 blocks from Amazon's pool,
//   a security group's VPC.
// - A security group declared without egress rules gets AWS's allow-all egress (0.0.0.0/0, and ::/0 when its
//   VPC has IPv6). A standalone rule without a source deploys but adds nothing: skipped. A standalone rule
//   of a group the template does not define makes a group known by its rules only; an entry or association
//   of a NACL the template does not define is left out (a NACL's entries mean nothing without the rest).
import type { InputProblem } from '../../model/errors.js';

export { isCloudFormationTemplate, looksLikeCloudFormation } from './detect.js';
import { Problems, type DocumentImport } from '../document-import.js';
import { isObject, type JsonObject } from '../fields.js';
import { validateIac } from '../iac-schema.js';
import { isCloudFormationTemplate, looksLikeCloudFormation } from './detect.js';
import { importTemplate } from './resources.js';
import { parseCloudFormationYaml } from './yaml.js';


/** `parameters`: values for the template's parameters (and pseudo parameters such as AWS::Region), used before Defaults. */
export function readCloudFormationTemplate(body: JsonObject, file: string, parameters: Readonly<Record<string, string>> = {}): { result: DocumentImport; problems: InputProblem[] } {
  const problems = new Problems(validateIac('cloudformation', body, file, describeTemplatePath));
  return { result: importTemplate(body, file, problems, parameters), problems: problems.list };
}

export interface ReadYamlTemplate {
  readonly recognised: boolean;
  readonly result?: DocumentImport;
  readonly problems: InputProblem[];
  /** Lines of JSON pointers in the YAML text. */
  readonly lines?: (pointer: string) => number | undefined;
}

/**
 * A YAML template's text. `explicit`: named by the user, so a document that is not a template is a
 * problem; `forced`: read as a template whatever it looks like (`--source-type cloudformation`).
 */
export function readCloudFormationYaml(text: string, file: string, explicit: boolean, forced = false, parameters: Readonly<Record<string, string>> = {}): ReadYamlTemplate {
  const parsed = parseCloudFormationYaml(text, file);
  if (!parsed.ok) return { recognised: true, problems: explicit || forced || looksLikeCloudFormation(text) ? parsed.problems : [] };
  if (!forced && !isCloudFormationTemplate(parsed.value)) {
    return {
      recognised: false,
      problems: explicit
        ? [{ file, pointer: '', line: 1, message: 'not a CloudFormation template; expected a YAML document with AWSTemplateFormatVersion or Resources whose entries have Type: AWS::…' }]
        : [],
    };
  }
  if (!isObject(parsed.value)) {
    return { recognised: true, problems: [{ file, pointer: '', line: 1, message: 'the template is not a mapping; expected Resources (and Parameters, Conditions, …) at the top' }] };
  }
  const { result, problems } = readCloudFormationTemplate(parsed.value, file, parameters);
  return { recognised: true, result, problems, lines: parsed.lines };
}

/** `resource Sg`, `the Properties of Sg` for messages. */
function describeTemplatePath(segments: readonly string[]): string {
  const [top, name, part] = segments;
  if (top === undefined) return 'the template';
  if (top === 'Resources' && name !== undefined) return part === undefined ? `resource ${name}` : `the ${segments.slice(2).join('.')} of ${name}`;
  if (top === 'Parameters' && name !== undefined) return `parameter ${name}`;
  return segments.join('.');
}
