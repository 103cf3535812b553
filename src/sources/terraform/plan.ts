// A `terraform show -json` plan, indexed: the resource instances of the "after" state (with what is unknown
// until apply), and the configuration each instance was written from.
import { escapePointerSegment, type SourceLocation } from '../../model/source.js';
import { isObject, items, obj, str, type JsonObject } from '../fields.js';
import { parseResourceAddress, renderAddress, renderModulePath, type InstanceKey, type ResourceAddress } from './address.js';

export interface ConfigResource {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly expressions: JsonObject;
  /** JSON pointer of the configuration resource in the plan. */
  readonly pointer: string;
}

export interface ConfigModule {
  /** `type.name` or `data.type.name` → configuration. */
  readonly resources: ReadonlyMap<string, ConfigResource>;
  readonly calls: ReadonlyMap<string, ConfigCall>;
  readonly outputs: JsonObject;
}

export interface ConfigCall {
  readonly expressions: JsonObject;
  readonly module: ConfigModule;
}

export interface TfInstance {
  /** The address as the plan writes it. */
  readonly address: string;
  readonly parsed: ResourceAddress;
  /** Canonical module instance path (`module.a["x"]`, empty at the root). */
  readonly modulePath: string;
  readonly callPath: readonly string[];
  readonly type: string;
  readonly mode: 'managed' | 'data';
  /** The known values after apply (unknown ones are absent or null). */
  readonly values: JsonObject;
  /** `after_unknown`: true where a value is unknown until apply. */
  readonly unknown: unknown;
  readonly actions: readonly string[];
  /** Where `values` sits in the plan, with the resource address. */
  readonly at: SourceLocation;
  readonly config?: ConfigResource;
}

export class PlanIndex {
  /** Managed instances that exist after apply, in plan order. */
  readonly instances: TfInstance[] = [];
  /** Managed instances the plan deletes. */
  readonly deleted: TfInstance[] = [];
  private readonly byAddress = new Map<string, TfInstance>();
  private readonly byResource = new Map<string, TfInstance[]>();
  private readonly moduleKeys = new Map<string, Map<string, InstanceKey | undefined>>();
  readonly root: ConfigModule;

  constructor(
    readonly plan: JsonObject,
    readonly file: string,
  ) {
    this.root = readConfigModule(obj(obj(plan, 'configuration'), 'root_module'), '/configuration/root_module');
    const seen = new Set<string>();
    for (const [rc, i] of items(plan, 'resource_changes')) {
      if (rc.deposed !== undefined && rc.deposed !== null) continue; // an old object kept for create-before-destroy
      const change = obj(rc, 'change');
      const actions = Array.isArray(change?.actions) ? change.actions.filter((a): a is string => typeof a === 'string') : [];
      const address = str(rc, 'address');
      const parsed = address === undefined ? undefined : parseResourceAddress(address);
      if (!address || !parsed || !change) continue;
      const canonical = renderAddress(parsed);
      seen.add(canonical);
      const isDelete = actions.length === 1 && actions[0] === 'delete';
      const after = isObject(change.after) ? change.after : isDelete && isObject(change.before) ? change.before : undefined;
      if (!after) continue;
      const pointer = isDelete && !isObject(change.after) ? `/resource_changes/${i}/change/before` : `/resource_changes/${i}/change/after`;
      const inst = this.make(address, parsed, after, isDelete ? {} : change.after_unknown, actions, pointer);
      if (isDelete) {
        if (inst.mode === 'managed') this.deleted.push(inst);
        continue;
      }
      this.add(canonical, inst);
    }
    // Resources the plan lists only in planned_values (older formats), and data sources read before planning.
    const walk = (module: JsonObject | undefined, pointer: string, fromPrior: boolean): void => {
      for (const [r, i] of items(module, 'resources')) {
        const address = str(r, 'address');
        const parsed = address === undefined ? undefined : parseResourceAddress(address);
        if (!address || !parsed || !isObject(r.values)) continue;
        if (fromPrior && parsed.mode !== 'data') continue;
        const canonical = renderAddress(parsed);
        if (seen.has(canonical)) continue;
        seen.add(canonical);
        this.add(canonical, this.make(address, parsed, r.values, {}, [], `${pointer}/resources/${i}/values`));
      }
      for (const [child, i] of items(module, 'child_modules')) walk(child, `${pointer}/child_modules/${i}`, fromPrior);
    };
    walk(obj(obj(plan, 'planned_values'), 'root_module'), '/planned_values/root_module', false);
    walk(obj(obj(obj(plan, 'prior_state'), 'values'), 'root_module'), '/prior_state/values/root_module', true);
  }

  private make(address: string, parsed: ResourceAddress, values: JsonObject, unknown: unknown, actions: readonly string[], pointer: string): TfInstance {
    const callPath = parsed.modules.map((m) => m.name);
    const config = this.configModule(callPath)?.resources.get(`${parsed.mode === 'data' ? 'data.' : ''}${parsed.type}.${parsed.name}`);
    return {
      address,
      parsed,
      modulePath: renderModulePath(parsed.modules),
      callPath,
      type: parsed.type,
      mode: parsed.mode,
      values,
      unknown,
      actions,
      at: { file: this.file, pointer, address },
      ...(config ? { config } : {}),
    };
  }

  private add(canonical: string, inst: TfInstance): void {
    this.byAddress.set(canonical, inst);
    if (inst.mode === 'managed') this.instances.push(inst);
    const key = resourceKey(inst.modulePath, inst.mode, inst.type, inst.parsed.name);
    const list = this.byResource.get(key) ?? [];
    list.push(inst);
    this.byResource.set(key, list);
    // Remember every module instance on the way, with its key, for module references without a key.
    for (let k = 0; k < inst.parsed.modules.length; k++) {
      const parent = renderModulePath(inst.parsed.modules.slice(0, k));
      const step = inst.parsed.modules[k]!;
      const callKey = `${parent}|${step.name}`;
      const known = this.moduleKeys.get(callKey) ?? new Map<string, InstanceKey | undefined>();
      known.set(renderModulePath(inst.parsed.modules.slice(0, k + 1)), step.key);
      this.moduleKeys.set(callKey, known);
    }
  }

  /** Instances of one resource block in one module instance (all keys). */
  instancesOf(modulePath: string, mode: 'managed' | 'data', type: string, name: string): readonly TfInstance[] {
    return this.byResource.get(resourceKey(modulePath, mode, type, name)) ?? [];
  }

  /** Instances of a module call inside a module instance: path and key of each. */
  moduleInstances(parentPath: string, call: string): { path: string; key?: InstanceKey }[] {
    const known = this.moduleKeys.get(`${parentPath}|${call}`);
    return known ? [...known].map(([path, key]) => (key === undefined ? { path } : { path, key })) : [];
  }

  configModule(callPath: readonly string[]): ConfigModule | undefined {
    let m: ConfigModule | undefined = this.root;
    for (const name of callPath) m = m?.calls.get(name)?.module;
    return m;
  }
}

function resourceKey(modulePath: string, mode: string, type: string, name: string): string {
  return `${modulePath}|${mode}.${type}.${name}`;
}

function readConfigModule(m: JsonObject | undefined, pointer: string): ConfigModule {
  const resources = new Map<string, ConfigResource>();
  for (const [r, i] of items(m, 'resources')) {
    const type = str(r, 'type');
    const name = str(r, 'name');
    if (type === undefined || name === undefined) continue;
    const mode = str(r, 'mode') === 'data' ? 'data' : 'managed';
    resources.set(`${mode === 'data' ? 'data.' : ''}${type}.${name}`, { mode, type, name, expressions: obj(r, 'expressions') ?? {}, pointer: `${pointer}/resources/${i}` });
  }
  const calls = new Map<string, ConfigCall>();
  for (const [name, call] of Object.entries(obj(m, 'module_calls') ?? {})) {
    if (!isObject(call)) continue;
    const escaped = escapePointerSegment(name);
    calls.set(name, { expressions: obj(call, 'expressions') ?? {}, module: readConfigModule(obj(call, 'module'), `${pointer}/module_calls/${escaped}/module`) });
  }
  return { resources, calls, outputs: obj(m, 'outputs') ?? {} };
}

/** Whether the value at `path` is unknown until apply, by the `after_unknown` mask. */
export function isUnknown(mask: unknown, path: readonly (string | number)[]): boolean {
  let m: unknown = mask;
  for (const step of path) {
    if (m === true) return true;
    if (m === null || typeof m !== 'object') return false;
    m = (m as Record<string | number, unknown>)[step];
  }
  return m === true;
}

/** Whether anything at or under `path` is unknown. */
export function hasUnknown(mask: unknown, path: readonly (string | number)[] = []): boolean {
  let m: unknown = mask;
  for (const step of path) {
    if (m === true) return true;
    if (m === null || typeof m !== 'object') return false;
    m = (m as Record<string | number, unknown>)[step];
  }
  const any = (v: unknown): boolean => v === true || (v !== null && typeof v === 'object' && Object.values(v).some(any));
  return any(m);
}
