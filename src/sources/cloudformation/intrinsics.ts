// CloudFormation intrinsic functions, evaluated as far as a template alone allows. What only deployment
// knows stays symbolic: a resource (or a parameter without Default, or an import) is named by its logical
// id, so it can stand as an id; anything else unknown carries why it is unknown.
import { isObject, type JsonObject } from '../fields.js';
import { escapePointerSegment } from '../../model/source.js';

/** `Ref: AWS::NoValue`: the property (or list item) is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** Something only deployment knows, with a name that can stand for it as an id. */
export class Symbolic {
  constructor(
    /** The id it stands for: a logical id, `Vpc.DefaultSecurityGroup`, `!ImportValue name`. */
    readonly id: string,
    readonly kind: 'resource' | 'attribute' | 'parameter' | 'import',
    /** How to name it in a message: `parameter VpcId, which has no Default`. */
    readonly describe: string,
    /** The parameter's Type, for a parameter (lists of ids cannot stand as one id). */
    readonly parameterType?: string,
  ) {}
}

/** A value only deployment knows that cannot stand as an id. */
export class Unknown {
  constructor(
    readonly describe: string,
    /** AWS assigns it (an AZ, an address, Amazon's IPv6 block): leaving it out guesses nothing. */
    readonly assignedByAws: boolean,
  ) {}
}

export type Evaluated = unknown;

export interface TemplateParts {
  readonly parameters: JsonObject;
  readonly resources: JsonObject;
  readonly conditions: JsonObject;
  readonly mappings: JsonObject;
}

const PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

/** Attributes that are the resource's own id, per type (GetAtt X.GroupId is X). */
const IDENTITY: Readonly<Record<string, readonly string[]>> = {
  'AWS::EC2::SecurityGroup': ['GroupId', 'Id'],
  'AWS::EC2::VPC': ['VpcId'],
  'AWS::EC2::Subnet': ['SubnetId'],
  'AWS::EC2::NetworkAcl': ['Id'],
  'AWS::EC2::NetworkInterface': ['Id'],
  'AWS::EC2::Instance': ['InstanceId'],
  'AWS::EC2::PrefixList': ['PrefixListId'],
};

/** Attributes that repeat one of the resource's properties. */
const FROM_PROPERTY: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'AWS::EC2::SecurityGroup': { VpcId: 'VpcId' },
  'AWS::EC2::Subnet': { VpcId: 'VpcId', AvailabilityZone: 'AvailabilityZone', CidrBlock: 'CidrBlock' },
  'AWS::EC2::VPC': { CidrBlock: 'CidrBlock' },
  'AWS::EC2::NetworkInterface': { PrimaryPrivateIpAddress: 'PrivateIpAddress' },
  'AWS::EC2::Instance': { PrivateIp: 'PrivateIpAddress', AvailabilityZone: 'AvailabilityZone' },
  'AWS::EC2::NetworkAcl': { VpcId: 'VpcId' },
};

const MAX_DEPTH = 20;

export class Evaluator {
  /** Where each object and list of an evaluated value came from (the branch an Fn::If took). */
  readonly origin = new WeakMap<object, string>();
  private readonly conditionCache = new Map<string, boolean | Unknown>();

  constructor(
    readonly template: TemplateParts,
    /** Values given for parameters (and pseudo parameters such as AWS::Region), used before Defaults. */
    private readonly given: Readonly<Record<string, string>> = {},
  ) {}

  /** Evaluates a template value found at `pointer`. */
  evaluate(value: unknown, pointer: string, depth = 0): Evaluated {
    if (depth > MAX_DEPTH) return new Unknown('a chain of references that goes round in a circle', false);
    if (typeof value === 'string') {
      return /\{\{resolve:/.test(value) ? new Unknown(`the dynamic reference ${JSON.stringify(value)}, resolved at deployment`, false) : value;
    }
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      value.forEach((item, i) => {
        const v = this.evaluate(item, `${pointer}/${i}`, depth);
        if (v !== NO_VALUE) out.push(v);
      });
      this.origin.set(out, pointer);
      return out;
    }
    if (!isObject(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const key = keys[0]!;
      const arg = value[key];
      const at = `${pointer}/${escapePointerSegment(key)}`;
      if (key === 'Ref') return this.ref(arg);
      if (key === 'Condition' && typeof arg === 'string') return this.condition(arg);
      if (key.startsWith('Fn::')) return this.fn(key.slice(4), arg, at, depth);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const e = this.evaluate(v, `${pointer}/${escapePointerSegment(k)}`, depth);
      if (e !== NO_VALUE) out[k] = e;
    }
    this.origin.set(out, pointer);
    return out;
  }

  private ref(name: unknown): Evaluated {
    if (typeof name !== 'string') return new Unknown(`Ref to ${JSON.stringify(name)}, which is not a name`, false);
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (PSEUDO.has(name)) return this.given[name] ?? new Unknown(`the pseudo parameter ${name}, known at deployment`, false);
    const param = this.template.parameters[name];
    if (isObject(param)) return this.parameter(name, param);
    const resource = this.template.resources[name];
    if (isObject(resource)) return new Symbolic(name, 'resource', `${name} (${String(resource.Type)})`);
    return new Unknown(`Ref to ${name}, which the template defines neither as a parameter nor as a resource`, false);
  }

  private parameter(name: string, p: JsonObject): Evaluated {
    const type = typeof p.Type === 'string' ? p.Type : 'String';
    const given = this.given[name];
    if (type.startsWith('AWS::SSM::Parameter::Value') && given === undefined) return new Unknown(`parameter ${name}, read from SSM Parameter Store at deployment`, false);
    if (!('Default' in p) && given === undefined) return new Symbolic(name, 'parameter', `parameter ${name}, which has no Default`, type);
    const d = given ?? p.Default;
    if (type.startsWith('List<') || type === 'CommaDelimitedList') {
      const list = Array.isArray(d) ? d.map(String) : String(d).split(',').map((s) => s.trim());
      return list;
    }
    return typeof d === 'number' || typeof d === 'boolean' ? String(d) : d;
  }

  /** A condition by name: true, false, or Unknown when it depends on what only deployment knows. */
  condition(name: string, depth = 0): boolean | Unknown {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    if (!(name in this.template.conditions)) return new Unknown(`condition ${name}, which the template does not define`, false);
    this.conditionCache.set(name, new Unknown(`condition ${name}, which refers to itself`, false));
    const r = this.truth(this.template.conditions[name], `/Conditions/${escapePointerSegment(name)}`, depth + 1);
    this.conditionCache.set(name, r);
    return r;
  }

  private truth(value: unknown, pointer: string, depth: number): boolean | Unknown {
    const v = this.evaluate(value, pointer, depth);
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    if (v instanceof Unknown) return v;
    if (v instanceof Symbolic) return new Unknown(`a condition on ${v.describe}`, false);
    return new Unknown(`a condition that is not true or false (${JSON.stringify(v)})`, false);
  }

  private fn(name: string, arg: unknown, at: string, depth: number): Evaluated {
    const d = depth + 1;
    const list = (): unknown[] | undefined => (Array.isArray(arg) ? arg : undefined);
    switch (name) {
      case 'If': {
        const a = list();
        if (!a || a.length !== 3 || typeof a[0] !== 'string') return new Unknown('an Fn::If that is not [condition, then, else]', false);
        const c = this.condition(a[0], d);
        if (c instanceof Unknown) return new Unknown(`Fn::If on ${c.describe}`, c.assignedByAws);
        return c ? this.evaluate(a[1], `${at}/1`, d) : this.evaluate(a[2], `${at}/2`, d);
      }
      case 'Equals': {
        const a = list();
        if (!a || a.length !== 2) return new Unknown('an Fn::Equals that is not [a, b]', false);
        const x = this.evaluate(a[0], `${at}/0`, d);
        const y = this.evaluate(a[1], `${at}/1`, d);
        const unknown = [x, y].find((v) => v instanceof Unknown || v instanceof Symbolic);
        if (unknown) return new Unknown(describeEvaluated(unknown), false);
        return JSON.stringify(scalarText(x)) === JSON.stringify(scalarText(y));
      }
      case 'And':
      case 'Or': {
        const a = list() ?? [];
        const values = a.map((c, i) => this.truth(c, `${at}/${i}`, d));
        const decided = name === 'And' ? values.some((v) => v === false) : values.some((v) => v === true);
        if (decided) return name === 'Or';
        const unknown = values.find((v): v is Unknown => v instanceof Unknown);
        return unknown ?? name === 'And';
      }
      case 'Not': {
        const a = list();
        const v = this.truth(a ? a[0] : arg, `${at}/0`, d);
        return v instanceof Unknown ? v : !v;
      }
      case 'GetAtt':
        return this.getAtt(arg, at, d);
      case 'Sub':
        return this.sub(arg, at, d);
      case 'Join': {
        const a = list();
        if (!a || a.length !== 2) return new Unknown('an Fn::Join that is not [delimiter, list]', false);
        const delimiter = this.evaluate(a[0], `${at}/0`, d);
        const items = this.evaluate(a[1], `${at}/1`, d);
        if (typeof delimiter !== 'string') return unknownOf(delimiter, 'the delimiter of an Fn::Join');
        if (!Array.isArray(items)) return unknownOf(items, 'the list of an Fn::Join');
        if (items.length === 1 && items[0] instanceof Symbolic) return items[0];
        const bad = items.find((x) => typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean');
        if (bad !== undefined) return unknownOf(bad, 'a part of an Fn::Join');
        return items.map(String).join(delimiter);
      }
      case 'Select': {
        const a = list();
        if (!a || a.length !== 2) return new Unknown('an Fn::Select that is not [index, list]', false);
        const index = this.evaluate(a[0], `${at}/0`, d);
        const items = this.evaluate(a[1], `${at}/1`, d);
        const i = typeof index === 'number' ? index : typeof index === 'string' && /^\d+$/.test(index) ? Number(index) : undefined;
        if (i === undefined) return unknownOf(index, 'the index of an Fn::Select');
        if (!Array.isArray(items)) return unknownOf(items, 'the list of an Fn::Select');
        return i < items.length ? items[i] : new Unknown(`Fn::Select index ${i} of a list of ${items.length}`, false);
      }
      case 'Split': {
        const a = list();
        if (!a || a.length !== 2) return new Unknown('an Fn::Split that is not [delimiter, string]', false);
        const delimiter = this.evaluate(a[0], `${at}/0`, d);
        const source = this.evaluate(a[1], `${at}/1`, d);
        if (typeof delimiter !== 'string') return unknownOf(delimiter, 'the delimiter of an Fn::Split');
        if (typeof source !== 'string') return unknownOf(source, 'the string of an Fn::Split');
        const parts = source.split(delimiter);
        this.origin.set(parts, at);
        return parts;
      }
      case 'FindInMap': {
        const a = list();
        if (!a || a.length < 3) return new Unknown('an Fn::FindInMap that is not [map, key, key]', false);
        const keys = a.slice(0, 3).map((k, i) => this.evaluate(k, `${at}/${i}`, d));
        const bad = keys.find((k) => typeof k !== 'string' && typeof k !== 'number');
        if (bad !== undefined) return unknownOf(bad, 'a key of an Fn::FindInMap');
        const [m, k1, k2] = keys.map(String) as [string, string, string];
        const top = this.template.mappings[m];
        const second = isObject(top) ? top[k1] : undefined;
        if (isObject(second) && k2 in second) return this.evaluate(second[k2], `/Mappings/${escapePointerSegment(m)}/${escapePointerSegment(k1)}/${escapePointerSegment(k2)}`, d);
        const fallback = isObject(a[3]) ? a[3].DefaultValue : undefined;
        if (fallback !== undefined) return this.evaluate(fallback, `${at}/3/DefaultValue`, d);
        return new Unknown(`Fn::FindInMap ${m}/${k1}/${k2}, which the Mappings do not hold`, false);
      }
      case 'ImportValue': {
        const exported = this.evaluate(arg, at, d);
        if (typeof exported !== 'string') return unknownOf(exported, 'the name of an Fn::ImportValue');
        return new Symbolic(`!ImportValue ${exported}`, 'import', `Fn::ImportValue ${exported}, a value another stack exports`);
      }
      case 'GetAZs':
        return new Unknown("the region's Availability Zones (Fn::GetAZs)", true);
      case 'Cidr':
        return this.cidr(arg, at, d);
      case 'Base64': {
        const v = this.evaluate(arg, at, d);
        return typeof v === 'string' ? Buffer.from(v, 'utf8').toString('base64') : unknownOf(v, 'the text of an Fn::Base64');
      }
      default:
        return new Unknown(`Fn::${name}, which synack does not evaluate`, false);
    }
  }

  private getAtt(arg: unknown, at: string, depth: number): Evaluated {
    let parts: unknown[] | undefined = Array.isArray(arg) ? arg : typeof arg === 'string' ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)] : undefined;
    if (parts && parts.length === 2) parts = [parts[0], this.evaluate(parts[1], `${at}/1`, depth)];
    if (!parts || parts.length !== 2 || typeof parts[0] !== 'string' || typeof parts[1] !== 'string') return new Unknown('an Fn::GetAtt that is not [resource, attribute]', false);
    const [name, attribute] = parts as [string, string];
    const resource = this.template.resources[name];
    if (!isObject(resource)) return new Unknown(`Fn::GetAtt ${name}.${attribute}, but the template defines no resource ${name}`, false);
    const type = typeof resource.Type === 'string' ? resource.Type : '';
    if (IDENTITY[type]?.includes(attribute)) return new Symbolic(name, 'resource', `${name} (${type})`);
    const property = FROM_PROPERTY[type]?.[attribute];
    const properties = isObject(resource.Properties) ? resource.Properties : {};
    if (property !== undefined && property in properties) {
      return this.evaluate(properties[property], `/Resources/${escapePointerSegment(name)}/Properties/${escapePointerSegment(property)}`, depth);
    }
    return new Symbolic(`${name}.${attribute}`, 'attribute', `${name}.${attribute}, known only after deployment`);
  }

  private sub(arg: unknown, at: string, depth: number): Evaluated {
    let text: unknown = arg;
    const vars = new Map<string, Evaluated>();
    if (Array.isArray(arg)) {
      text = arg[0];
      if (isObject(arg[1])) for (const [k, v] of Object.entries(arg[1])) vars.set(k, this.evaluate(v, `${at}/1/${escapePointerSegment(k)}`, depth));
    }
    if (typeof text !== 'string') return new Unknown('an Fn::Sub without a string', false);
    const pieces: Evaluated[] = [];
    let last = 0;
    const re = /\$\{([^}]*)\}/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      pieces.push(text.slice(last, m.index));
      last = m.index + m[0].length;
      const name = m[1]!.trim();
      if (name.startsWith('!')) {
        pieces.push(`\${${name.slice(1)}}`);
        continue;
      }
      if (vars.has(name)) pieces.push(vars.get(name));
      else if (name.includes('.')) pieces.push(this.getAtt(name, at, depth));
      else pieces.push(this.ref(name));
    }
    pieces.push(text.slice(last));
    const meaningful = pieces.filter((p) => p !== '');
    if (meaningful.length === 1 && meaningful[0] instanceof Symbolic) return meaningful[0];
    const bad = pieces.find((p) => typeof p !== 'string' && typeof p !== 'number' && typeof p !== 'boolean');
    if (bad !== undefined) return unknownOf(bad, 'a part of an Fn::Sub');
    return pieces.map(String).join('');
  }

  /** Fn::Cidr [block, count, hostBits]: the first `count` blocks of size 2^hostBits, in order. */
  private cidr(arg: unknown, at: string, depth: number): Evaluated {
    const a = Array.isArray(arg) ? arg.map((x, i) => this.evaluate(x, `${at}/${i}`, depth)) : undefined;
    if (!a || a.length !== 3) return new Unknown('an Fn::Cidr that is not [block, count, bits]', false);
    const [block, countV, bitsV] = a;
    if (typeof block !== 'string') return unknownOf(block, 'the block of an Fn::Cidr');
    const count = Number(countV);
    const hostBits = Number(bitsV);
    const out = cidrSplit(block, count, hostBits);
    if (!out) return new Unknown(`Fn::Cidr of ${block}, ${String(countV)}, ${String(bitsV)}, which does not split`, false);
    this.origin.set(out, at);
    return out;
  }
}

function cidrSplit(block: string, count: number, hostBits: number): string[] | undefined {
  const [addr, lenText] = block.split('/');
  if (addr === undefined || lenText === undefined || !Number.isInteger(count) || !Number.isInteger(hostBits) || count < 1 || count > 256) return undefined;
  const v6 = addr.includes(':');
  const bits = v6 ? 128 : 32;
  const prefix = bits - hostBits;
  const len = Number(lenText);
  if (!(prefix >= len && prefix <= bits)) return undefined;
  const base = v6 ? ipv6ToBigInt(addr) : ipv4ToBigInt(addr);
  if (base === undefined) return undefined;
  const size = 1n << BigInt(hostBits);
  const start = (base >> BigInt(bits - len)) << BigInt(bits - len);
  const out: string[] = [];
  for (let i = 0n; i < BigInt(count); i++) {
    const net = start + i * size;
    if (net >> BigInt(bits - len) !== start >> BigInt(bits - len)) return undefined;
    out.push(`${v6 ? bigIntToIpv6(net) : bigIntToIpv4(net)}/${prefix}`);
  }
  return out;
}

function ipv4ToBigInt(a: string): bigint | undefined {
  const p = a.split('.');
  if (p.length !== 4 || p.some((x) => !/^\d{1,3}$/.test(x) || Number(x) > 255)) return undefined;
  return p.reduce((acc, x) => (acc << 8n) + BigInt(Number(x)), 0n);
}

function bigIntToIpv4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
}

function ipv6ToBigInt(a: string): bigint | undefined {
  const [head, tail, extra] = a.split('::');
  if (extra !== undefined) return undefined;
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n);
}

function bigIntToIpv6(v: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((v >> BigInt((7 - i) * 16)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

function scalarText(v: unknown): unknown {
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}

function unknownOf(v: unknown, what: string): Unknown | Symbolic {
  if (v instanceof Unknown) return v;
  // A resource's id or attribute is AWS's to assign; a parameter or an import is an input.
  if (v instanceof Symbolic) return new Unknown(`${what} is ${v.describe}`, v.kind === 'attribute' || v.kind === 'resource');
  return new Unknown(`${what} is ${JSON.stringify(v)}`, false);
}

export function describeEvaluated(v: unknown): string {
  if (v instanceof Symbolic || v instanceof Unknown) return v.describe;
  if (v === NO_VALUE) return 'AWS::NoValue';
  return JSON.stringify(v);
}

