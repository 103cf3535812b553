// Terraform resource addresses and references (`module.app["a"].aws_security_group.web[0].id`) as data.

export type InstanceKey = string | number;

/** One step of a traversal: a name (`module`, `aws_vpc`, `id`) or an index (`[0]`, `["a"]`). */
export type Step = { readonly name: string } | { readonly key: InstanceKey };

/**
 * Splits a traversal into steps. Returns undefined when the text is not a plain traversal (Terraform only
 * writes plain traversals into `address` and `references`).
 */
export function parseTraversal(text: string): Step[] | undefined {
  const steps: Step[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '.') {
      i++;
      continue;
    }
    if (c === '[') {
      const close = findClose(text, i);
      if (close < 0) return undefined;
      const inner = text.slice(i + 1, close).trim();
      if (/^-?\d+$/.test(inner)) steps.push({ key: Number(inner) });
      else if (inner.startsWith('"')) {
        try {
          steps.push({ key: JSON.parse(inner) as string });
        } catch {
          return undefined;
        }
      } else if (inner === '*') {
        // a splat: the whole collection, as if no key had been given
      } else return undefined;
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < n && text[j] !== '.' && text[j] !== '[') j++;
    const name = text.slice(i, j);
    if (name === '*') {
      i = j;
      continue;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) return undefined;
    steps.push({ name });
    i = j;
  }
  return steps;
}

function findClose(text: string, open: number): number {
  let inString = false;
  for (let k = open + 1; k < text.length; k++) {
    const c = text[k];
    if (inString) {
      if (c === '\\') k++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ']') return k;
  }
  return -1;
}

export function renderKey(key: InstanceKey): string {
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

export interface ModuleStep {
  readonly name: string;
  readonly key?: InstanceKey;
}

/** A resource instance address: the module instance path, then the resource and its key. */
export interface ResourceAddress {
  readonly modules: readonly ModuleStep[];
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly key?: InstanceKey;
}

export function parseResourceAddress(text: string): ResourceAddress | undefined {
  const steps = parseTraversal(text);
  if (!steps) return undefined;
  const modules: ModuleStep[] = [];
  let i = 0;
  const nameAt = (k: number): string | undefined => {
    const s = steps[k];
    return s && 'name' in s ? s.name : undefined;
  };
  const keyAt = (k: number): InstanceKey | undefined => {
    const s = steps[k];
    return s && 'key' in s ? s.key : undefined;
  };
  while (nameAt(i) === 'module') {
    const name = nameAt(i + 1);
    if (name === undefined) return undefined;
    const key = keyAt(i + 2);
    modules.push(key === undefined ? { name } : { name, key });
    i += key === undefined ? 2 : 3;
  }
  let mode: 'managed' | 'data' = 'managed';
  if (nameAt(i) === 'data') {
    mode = 'data';
    i++;
  }
  const type = nameAt(i);
  const name = nameAt(i + 1);
  if (type === undefined || name === undefined) return undefined;
  const key = keyAt(i + 2);
  if (steps.length !== i + 2 + (key === undefined ? 0 : 1)) return undefined;
  return key === undefined ? { modules, mode, type, name } : { modules, mode, type, name, key };
}

export function renderModulePath(modules: readonly ModuleStep[]): string {
  return modules.map((m) => `module.${m.name}${m.key === undefined ? '' : renderKey(m.key)}`).join('.');
}

/** `module.a["x"].aws_vpc.main[0]`, canonical (keys rendered one way) for lookups. */
export function renderAddress(a: ResourceAddress): string {
  const own = `${a.mode === 'data' ? 'data.' : ''}${a.type}.${a.name}${a.key === undefined ? '' : renderKey(a.key)}`;
  const path = renderModulePath(a.modules);
  return path ? `${path}.${own}` : own;
}

/** What a reference names, relative to the module it is written in. */
export type Reference =
  | { readonly kind: 'resource'; readonly mode: 'managed' | 'data'; readonly type: string; readonly name: string; readonly key?: InstanceKey; readonly attribute?: string; readonly text: string }
  /** `outputKey`: an index into the output (`module.net.subnet_ids[1]`). */
  | { readonly kind: 'module'; readonly name: string; readonly key?: InstanceKey; readonly output?: string; readonly outputKey?: InstanceKey; readonly text: string }
  | { readonly kind: 'var' | 'local'; readonly name: string; readonly text: string }
  /** count.index, each.key/value, path.*, terraform.*, self.*: they qualify other references. */
  | { readonly kind: 'meta'; readonly name: string; readonly text: string };

const META = new Set(['count', 'each', 'path', 'terraform', 'self']);

export function parseReference(text: string): Reference | undefined {
  const steps = parseTraversal(text);
  if (!steps || steps.length === 0) return undefined;
  const names = (from: number): (string | undefined)[] => steps.slice(from).map((s) => ('name' in s ? s.name : undefined));
  const first = steps[0];
  if (!first || !('name' in first)) return undefined;
  const head = first.name;
  if (META.has(head)) return { kind: 'meta', name: `${head}.${names(1)[0] ?? ''}`, text };
  if (head === 'var' || head === 'local') {
    const name = names(1)[0];
    return name === undefined ? undefined : { kind: head, name, text };
  }
  if (head === 'module') {
    const name = names(1)[0];
    if (name === undefined) return undefined;
    const keyStep = steps[2];
    const key = keyStep && 'key' in keyStep ? keyStep.key : undefined;
    const outputAt = key === undefined ? 2 : 3;
    const output = names(outputAt)[0];
    const after = steps[outputAt + 1];
    const outputKey = output !== undefined && after && 'key' in after ? after.key : undefined;
    return { kind: 'module', name, ...(key !== undefined ? { key } : {}), ...(output !== undefined ? { output } : {}), ...(outputKey !== undefined ? { outputKey } : {}), text };
  }
  let i = 0;
  let mode: 'managed' | 'data' = 'managed';
  if (head === 'data') {
    mode = 'data';
    i = 1;
  }
  const [type, name] = names(i);
  if (type === undefined || name === undefined) return undefined;
  const keyStep = steps[i + 2];
  const key = keyStep && 'key' in keyStep ? keyStep.key : undefined;
  const attribute = names(i + (key === undefined ? 2 : 3))[0];
  return { kind: 'resource', mode, type, name, ...(key !== undefined ? { key } : {}), ...(attribute !== undefined ? { attribute } : {}), text };
}
