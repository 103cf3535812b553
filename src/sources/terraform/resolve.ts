// Values unknown until apply, resolved symbolically through the plan's `configuration`: an id that a new
// resource gets at apply is named by that resource's address (`module.app.aws_security_group.web`).
import { isObject, type JsonObject } from '../fields.js';
import { parseReference, renderModulePath, type InstanceKey, type Reference } from './address.js';
import type { PlanIndex, TfInstance } from './plan.js';

/** Where an expression is evaluated: a module instance, and the count/for_each key of the object using it. */
export interface Scope {
  readonly modulePath: string;
  readonly callPath: readonly string[];
  readonly modules: readonly { readonly name: string; readonly key?: InstanceKey }[];
  readonly ownKey?: InstanceKey;
}

export interface ResolvedId {
  readonly id: string;
  /** The resource instance the id belongs to, when it is one of the plan's. */
  readonly target?: TfInstance;
  readonly attribute?: string;
  /** Named by the expression that holds it (a local value): one object, but the plan cannot say which. */
  readonly opaque?: true;
}

export type Resolution =
  | { readonly kind: 'ids'; readonly ids: readonly ResolvedId[] }
  /** No expression in the configuration: the provider computes the value. */
  | { readonly kind: 'absent' }
  | { readonly kind: 'unresolvable'; readonly reason: string; readonly expected?: string };

/** Attributes that name the resource itself: resolved to its model id. */
const IDENTITY = new Set(['id', 'arn']);
const SECURITY_GROUP_TYPES = new Set(['aws_security_group', 'aws_default_security_group']);
/** Ids AWS assigns at apply to objects that are not resources of their own: named `<address>.<attribute>`. */
const SYMBOLIC = new Set(['default_network_acl_id', 'default_security_group_id', 'primary_network_interface_id', 'main_route_table_id', 'default_route_table_id']);
const MAX_DEPTH = 12;

export function scopeOf(inst: TfInstance): Scope {
  return {
    modulePath: inst.modulePath,
    callPath: inst.callPath,
    modules: inst.parsed.modules,
    ...(inst.parsed.key !== undefined ? { ownKey: inst.parsed.key } : {}),
  };
}

export class Resolver {
  /** Symbolic ids that stand for another object's id (a VPC's default NACL managed by aws_default_network_acl). */
  readonly aliases = new Map<string, string>();

  constructor(readonly plan: PlanIndex) {}

  /** The id of a resource instance in the model: the known id, else its address. */
  modelId(inst: TfInstance): string {
    const id = inst.values.id;
    return typeof id === 'string' && id !== '' && !isUnknownTop(inst, 'id') ? id : inst.address;
  }

  /** What a top-level attribute of an instance refers to, when its value is unknown until apply. */
  attribute(inst: TfInstance, attribute: string): Resolution {
    if (!inst.config) {
      return {
        kind: 'unresolvable',
        reason: isObject(this.plan.plan.configuration) ? `the plan's configuration does not hold ${inst.address}` : 'the plan has no "configuration" section to follow references through',
        expected: 'the complete output of terraform show -json PLANFILE',
      };
    }
    return this.expression(inst.config.expressions[attribute], scopeOf(inst), 0);
  }

  /** An expression object of the configuration (`{references}` or `{constant_value}`). */
  expression(expr: unknown, scope: Scope, depth: number, inheritedKey?: InstanceKey): Resolution {
    if (expr === undefined || expr === null) return { kind: 'absent' };
    if (!isObject(expr)) return { kind: 'unresolvable', reason: 'the plan describes the expression in a shape synack does not read' };
    if ('constant_value' in expr) return { kind: 'ids', ids: constantIds(expr.constant_value) };
    const refs = Array.isArray(expr.references) ? expr.references.filter((r): r is string => typeof r === 'string') : [];
    if (refs.length === 0) return { kind: 'unresolvable', reason: 'the expression refers to nothing the plan records (a function of values known only at apply)' };
    return this.references(refs, scope, depth, inheritedKey);
  }

  /**
   * `inheritedKey`: the key of the object whose expression indexed a module output with count.index or
   * each.key (`module.net.subnet_ids[count.index]`): a resource with several instances in the output then
   * means the instance with that key.
   */
  private references(texts: readonly string[], scope: Scope, depth: number, inheritedKey?: InstanceKey): Resolution {
    if (depth > MAX_DEPTH) return { kind: 'unresolvable', reason: 'the references go round in a circle' };
    const maximal = texts.filter((t) => !texts.some((o) => o.length > t.length && o.startsWith(t) && (o[t.length] === '.' || o[t.length] === '[')));
    const parsed = maximal.map((t) => ({ text: t, ref: parseReference(t) }));
    const ownKeyUsed = texts.some((t) => t === 'count.index' || t.startsWith('each.'));
    const usesOwnKey = ownKeyUsed || inheritedKey !== undefined;
    const keyScope: Scope = inheritedKey !== undefined && !ownKeyUsed ? { ...scope, ownKey: inheritedKey } : scope;
    const ids: ResolvedId[] = [];
    const failures: string[] = [];
    for (const { text, ref } of parsed) {
      if (!ref) {
        failures.push(`${text} (not a reference synack reads)`);
        continue;
      }
      const r = this.reference(ref, keyScope, usesOwnKey, depth);
      if (r.kind === 'unresolvable') failures.push(r.reason);
      else if (r.kind === 'ids') ids.push(...r.ids);
    }
    if (failures.length > 0) return { kind: 'unresolvable', reason: failures.join('; ') };
    const unique = new Map<string, ResolvedId>();
    for (const r of ids) {
      const id = this.aliases.get(r.id) ?? r.id;
      if (!unique.has(id)) unique.set(id, { ...r, id });
    }
    return { kind: 'ids', ids: [...unique.values()] };
  }

  private reference(ref: Reference, scope: Scope, usesOwnKey: boolean, depth: number): Resolution {
    switch (ref.kind) {
      case 'meta':
        return { kind: 'ids', ids: [] };
      case 'local':
        // Locals are not in the plan: the id is named by the local (`module.vpc.local.vpc_id`), the same for
        // every resource that uses it.
        return { kind: 'ids', ids: [{ id: `${scope.modulePath ? `${scope.modulePath}.` : ''}local.${ref.name}`, opaque: true }] };
      case 'var':
        return this.variable(ref.name, scope, depth);
      case 'module':
        return this.moduleOutput(ref, scope, usesOwnKey, depth);
      case 'resource': {
        let found = this.plan.instancesOf(scope.modulePath, ref.mode, ref.type, ref.name);
        if (ref.key !== undefined) {
          found = found.filter((i) => i.parsed.key === ref.key);
          if (found.length === 0) return { kind: 'unresolvable', reason: `${ref.text} names an instance the plan does not hold` };
        } else if (found.length > 1 && usesOwnKey && scope.ownKey !== undefined) {
          const own = found.filter((i) => i.parsed.key === scope.ownKey);
          if (own.length > 0) found = own;
        }
        const ids: ResolvedId[] = [];
        for (const inst of found) {
          const r = this.attributeOf(inst, ref.attribute, depth);
          if (r.kind === 'unresolvable') return r;
          if (r.kind === 'ids') ids.push(...r.ids);
        }
        return { kind: 'ids', ids };
      }
    }
  }

  /** The id(s) an attribute of another instance stands for. */
  attributeOf(inst: TfInstance, attribute: string | undefined, depth: number): Resolution {
    const one = (id: string): Resolution => ({ kind: 'ids', ids: [{ id, target: inst, ...(attribute !== undefined ? { attribute } : {}) }] });
    if (attribute === undefined || IDENTITY.has(attribute) || (attribute === 'name' && SECURITY_GROUP_TYPES.has(inst.type))) return one(this.modelId(inst));
    const value = inst.values[attribute];
    if (!isUnknownTop(inst, attribute) && value !== undefined && value !== null) {
      return { kind: 'ids', ids: constantIds(value).map((r) => ({ ...r, target: inst, attribute })) };
    }
    if (SYMBOLIC.has(attribute)) return one(`${inst.address}.${attribute}`);
    if (inst.mode === 'data') return { kind: 'unresolvable', reason: `${inst.address}.${attribute} is read only at apply` };
    const r = inst.config ? this.expression(inst.config.expressions[attribute], scopeOf(inst), depth + 1) : ({ kind: 'absent' } as const);
    if (r.kind === 'absent') return { kind: 'unresolvable', reason: `${inst.address}.${attribute} is known only after apply` };
    return r;
  }

  private variable(name: string, scope: Scope, depth: number): Resolution {
    if (scope.modules.length === 0) {
      const v = (this.plan.plan.variables as JsonObject | undefined)?.[name];
      return isObject(v) && 'value' in v ? { kind: 'ids', ids: constantIds(v.value) } : { kind: 'unresolvable', reason: `var.${name} has no value in the plan` };
    }
    const parentModules = scope.modules.slice(0, -1);
    const call = scope.modules[scope.modules.length - 1]!;
    const parentCalls = scope.callPath.slice(0, -1);
    const expr = this.plan.configModule(parentCalls)?.calls.get(call.name)?.expressions[name];
    if (expr === undefined) return { kind: 'unresolvable', reason: `var.${name} of module.${call.name} is not set by its caller (its default is not in the plan)` };
    const parent: Scope = { modulePath: renderModulePath(parentModules), callPath: parentCalls, modules: parentModules, ...(call.key !== undefined ? { ownKey: call.key } : {}) };
    return this.expression(expr, parent, depth + 1);
  }

  private moduleOutput(ref: Extract<Reference, { kind: 'module' }>, scope: Scope, usesOwnKey: boolean, depth: number): Resolution {
    const call = this.plan.configModule(scope.callPath)?.calls.get(ref.name);
    if (!call) return { kind: 'unresolvable', reason: `${ref.text} names a module the plan's configuration does not hold` };
    if (ref.output === undefined) return { kind: 'unresolvable', reason: `${ref.text} names the whole module, not one of its outputs` };
    const output = call.module.outputs[ref.output];
    if (!isObject(output)) return { kind: 'unresolvable', reason: `module.${ref.name} has no output ${ref.output} in the plan's configuration` };
    let instances = this.plan.moduleInstances(scope.modulePath, ref.name);
    if (ref.key !== undefined) instances = instances.filter((m) => m.key === ref.key);
    else if (instances.length > 1 && usesOwnKey && scope.ownKey !== undefined) {
      const own = instances.filter((m) => m.key === scope.ownKey);
      if (own.length > 0) instances = own;
    }
    const ids: ResolvedId[] = [];
    for (const m of instances) {
      const modules = [...scope.modules, m.key === undefined ? { name: ref.name } : { name: ref.name, key: m.key }];
      const indexed = ref.outputKey ?? (usesOwnKey && scope.ownKey !== undefined && ref.key === undefined && instances.length === 1 ? scope.ownKey : undefined);
      const r = this.expression(output.expression, { modulePath: m.path, callPath: [...scope.callPath, ref.name], modules }, depth + 1, indexed);
      if (r.kind === 'unresolvable') return r;
      if (r.kind === 'ids') ids.push(...r.ids);
    }
    return { kind: 'ids', ids };
  }
}

function isUnknownTop(inst: TfInstance, attribute: string): boolean {
  const m = inst.unknown;
  return isObject(m) && m[attribute] === true;
}

/** Strings in a constant (a string or a list of strings) as ids. */
function constantIds(value: unknown): ResolvedId[] {
  if (typeof value === 'string') return value === '' ? [] : [{ id: value }];
  if (Array.isArray(value)) return value.flatMap(constantIds);
  return [];
}
