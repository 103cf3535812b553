// Reading evaluated CloudFormation property values: CloudFormation accepts strings for numbers and
// booleans ("100", "false"); what only deployment knows is reported where a value is needed, and stands as
// an id where an id is needed.
import type { SourceLocation } from '../../model/source.js';
import type { Problems } from '../document-import.js';
import { describeValue, isObject } from '../fields.js';
import { NO_VALUE, Symbolic, Unknown } from './intrinsics.js';

export function isDeployTime(v: unknown): v is Symbolic | Unknown {
  return v instanceof Symbolic || v instanceof Unknown;
}

/** A value needed before deployment that only deployment knows. */
export function reportUnknown(v: Symbolic | Unknown, at: SourceLocation, label: string, field: string, problems: Problems): void {
  const fix = v instanceof Symbolic && v.kind === 'parameter' ? `pass --parameter ${v.id}=VALUE, give parameter ${v.id} a Default, or write the value` : 'write the value, or take it from a parameter with a Default';
  problems.add(at, `${label}: ${field} is ${v.describe}, so synack cannot know it before deployment; ${fix}`);
}

function shape(v: unknown, at: SourceLocation, label: string, field: string, expected: string, problems: Problems): undefined {
  problems.add(at, `${label}: ${field} is ${describeValue(v)}; expected ${expected}`);
  return undefined;
}

export function text(v: unknown, at: SourceLocation, label: string, field: string, problems: Problems): string | undefined {
  if (v === undefined || v === null || v === NO_VALUE) return undefined;
  if (isDeployTime(v)) return void reportUnknown(v, at, label, field, problems);
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number') return String(v);
  return shape(v, at, label, field, 'a string', problems);
}

export function integer(v: unknown, at: SourceLocation, label: string, field: string, problems: Problems): number | undefined {
  if (v === undefined || v === null || v === NO_VALUE) return undefined;
  if (isDeployTime(v)) return void reportUnknown(v, at, label, field, problems);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
  return shape(v, at, label, field, 'an integer', problems);
}

export function boolean(v: unknown, at: SourceLocation, label: string, field: string, problems: Problems): boolean | undefined {
  if (v === undefined || v === null || v === NO_VALUE) return undefined;
  if (isDeployTime(v)) return void reportUnknown(v, at, label, field, problems);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  return shape(v, at, label, field, 'true or false', problems);
}

/**
 * An id (VpcId, GroupId, SubnetId, …): a literal, or what stands for a resource known only at
 * deployment (a logical id, a parameter without Default, an import). A list parameter cannot stand as one id.
 */
export function id(v: unknown, at: SourceLocation, label: string, field: string, problems: Problems): string | undefined {
  if (v === undefined || v === null || v === NO_VALUE) return undefined;
  if (v instanceof Symbolic) {
    if (v.parameterType !== undefined && (v.parameterType.startsWith('List<') || v.parameterType === 'CommaDelimitedList')) {
      return void problems.add(at, `${label}: ${field} is ${v.describe} and of type ${v.parameterType}, a list of any length; expected one id`);
    }
    return v.id;
  }
  if (v instanceof Unknown) return void reportUnknown(v, at, label, field, problems);
  if (typeof v === 'string') return v === '' ? undefined : v;
  return shape(v, at, label, field, 'an id (a string, !Ref or !GetAtt)', problems);
}

/** An optional id whose absence is harmless (a group's VPC): left out when only deployment knows it. */
export function optionalId(v: unknown): string | undefined {
  if (v instanceof Symbolic) return v.parameterType?.startsWith('List<') ? undefined : v.id;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A list of ids (SecurityGroupIds, GroupSet); a list parameter without Default cannot be known. */
export function idList(v: unknown, at: SourceLocation, label: string, field: string, problems: Problems): string[] | undefined {
  if (v === undefined || v === null || v === NO_VALUE) return [];
  if (v instanceof Symbolic && v.parameterType !== undefined && (v.parameterType.startsWith('List<') || v.parameterType === 'CommaDelimitedList')) {
    return void problems.add(at, `${label}: ${field} is ${v.describe}, a list of ids only deployment knows; give the parameter a Default, or list the ids`);
  }
  if (!Array.isArray(v)) {
    const one = id(v, at, label, field, problems);
    return one === undefined ? undefined : [one];
  }
  const out: string[] = [];
  let ok = true;
  v.forEach((item, i) => {
    const x = id(item, { ...at, pointer: `${at.pointer}/${i}` }, label, `${field}[${i}]`, problems);
    if (x === undefined) ok = false;
    else if (!out.includes(x)) out.push(x);
  });
  return ok ? out : undefined;
}

/**
 * The items of a list property (rules, interfaces). A single object reads as a list of one, as cfn-nag
 * reads it (CloudFormation itself wants a list; the meaning is the same).
 */
export function objects(v: unknown, at: SourceLocation, label: string, field: string, problems: Problems): unknown[] | undefined {
  if (v === undefined || v === null || v === NO_VALUE) return [];
  if (isDeployTime(v)) return void reportUnknown(v, at, label, field, problems);
  if (isObject(v)) return [v];
  if (!Array.isArray(v)) return shape(v, at, label, field, 'a list', problems);
  return v;
}

/** `[{Key, Value}]` tags with known values. */
export function tagsOf(v: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (!Array.isArray(v)) return tags;
  for (const t of v) if (isObject(t) && typeof t.Key === 'string' && (typeof t.Value === 'string' || typeof t.Value === 'number')) tags[t.Key] = String(t.Value);
  return tags;
}
