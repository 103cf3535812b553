// CloudFormation resources → model objects. The logical id is the model id (and `source.address`).
import { parseProtocol } from '../../model/protocol.js';
import type { Eni, Nacl, NaclRule, SgDirection, SgPeer, SgRule, Subnet, Vpc } from '../../model/snapshot.js';
import { escapePointerSegment, type SourceLocation } from '../../model/source.js';
import { cidr as parseCidrLiteral, parseCidr, type Cidr, type IpAddress } from '../../net/address.js';
import type { DocumentImport, Problems } from '../document-import.js';
import { compact, isObject, type JsonObject } from '../fields.js';
import { addGroupRules, importOfDrafts, type GroupDraft, type InstanceDraft } from '../iac-drafts.js';
import { sgRuleRecord, sgTraffic, sortNaclRules, type PortValues, type Traffic } from '../iac-rules.js';
import { labelled } from '../labelled-problems.js';
import { IPV4_DEFAULT_DENY, IPV6_DEFAULT_DENY, normalizeNaclEntry } from '../normalize-nacl.js';
import { readCidr, readIp } from '../values.js';
import { Evaluator, NO_VALUE, Symbolic, Unknown } from './intrinsics.js';
import { boolean, id, idList, integer, isDeployTime, objects, optionalId, reportUnknown, tagsOf, text } from './values.js';

/** One resource of the template, its properties evaluated. */
interface Res {
  readonly logicalId: string;
  readonly type: string;
  readonly props: JsonObject;
  /** `/Resources/<id>/Properties`. */
  readonly pointer: string;
  readonly at: SourceLocation;
}

interface NaclDraft {
  readonly nacl: Omit<Nacl, 'inbound' | 'outbound' | 'subnetIds'>;
  readonly subnetIds: string[];
  readonly rules: NaclRule[];
}

const HANDLED = new Set([
  'AWS::EC2::VPC',
  'AWS::EC2::VPCCidrBlock',
  'AWS::EC2::Subnet',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress',
  'AWS::EC2::NetworkAcl',
  'AWS::EC2::NetworkAclEntry',
  'AWS::EC2::SubnetNetworkAclAssociation',
  'AWS::EC2::NetworkInterface',
  'AWS::EC2::NetworkInterfaceAttachment',
  'AWS::EC2::Instance',
]);

const WORLD4 = parseCidrLiteral('0.0.0.0/0');
const WORLD6 = parseCidrLiteral('::/0');

export function importTemplate(template: JsonObject, file: string, problems: Problems, parameters: Readonly<Record<string, string>> = {}): DocumentImport {
  return new TemplateImporter(template, file, problems, parameters).run();
}

class TemplateImporter {
  private readonly evaluator: Evaluator;
  private readonly resources: Res[] = [];
  private readonly vpcs = new Map<string, { vpc: Vpc; cidrs: Cidr[]; ipv6: boolean }>();
  private readonly subnets = new Map<string, Subnet>();
  private readonly groups = new Map<string, GroupDraft>();
  private readonly nacls = new Map<string, NaclDraft>();
  private readonly enis = new Map<string, Eni & { groupIds: string[] }>();
  private readonly instances = new Map<string, InstanceDraft>();

  constructor(
    template: JsonObject,
    private readonly file: string,
    private readonly problems: Problems,
    parameters: Readonly<Record<string, string>>,
  ) {
    const part = (k: string): JsonObject => (isObject(template[k]) ? template[k] : {});
    this.evaluator = new Evaluator({ parameters: part('Parameters'), resources: part('Resources'), conditions: part('Conditions'), mappings: part('Mappings') }, parameters);
    for (const [logicalId, r] of Object.entries(part('Resources'))) {
      if (!isObject(r) || typeof r.Type !== 'string' || !HANDLED.has(r.Type)) continue;
      const base = `/Resources/${escapePointerSegment(logicalId)}`;
      const at: SourceLocation = { file, pointer: base, address: logicalId };
      if (problems.invalid(at)) continue;
      if (typeof r.Condition === 'string') {
        const c = this.evaluator.condition(r.Condition);
        if (c === false) continue; // not created
        if (c instanceof Unknown) {
          problems.add({ ...at, pointer: `${base}/Condition` }, `${logicalId}: the resource exists only if ${c.describe} holds, which synack cannot know before deployment; give the parameters it depends on a Default`);
          continue;
        }
      }
      const pointer = `${base}/Properties`;
      const props = this.evaluator.evaluate(isObject(r.Properties) ? r.Properties : {}, pointer);
      this.resources.push({ logicalId, type: r.Type, props: isObject(props) ? props : {}, pointer, at });
    }
  }

  private ofType(type: string): Res[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** Location of a property (or of an evaluated object, by where it came from). */
  private loc(r: Res, ...path: (string | number)[]): SourceLocation {
    return { file: this.file, pointer: r.pointer + path.map((s) => `/${escapePointerSegment(String(s))}`).join(''), address: r.logicalId };
  }

  private origin(r: Res, value: unknown, fallback: SourceLocation): SourceLocation {
    const p = isObject(value) || Array.isArray(value) ? this.evaluator.origin.get(value) : undefined;
    return p === undefined ? fallback : { file: this.file, pointer: p, address: r.logicalId };
  }

  run(): DocumentImport {
    for (const r of this.ofType('AWS::EC2::VPC')) this.vpc(r);
    for (const r of this.ofType('AWS::EC2::VPCCidrBlock')) this.vpcCidr(r);
    for (const r of this.ofType('AWS::EC2::Subnet')) this.subnet(r);
    for (const r of this.ofType('AWS::EC2::SecurityGroup')) this.group(r);
    for (const r of this.ofType('AWS::EC2::SecurityGroupIngress')) this.standaloneRule(r, 'ingress');
    for (const r of this.ofType('AWS::EC2::SecurityGroupEgress')) this.standaloneRule(r, 'egress');
    this.defaultEgress();
    for (const r of this.ofType('AWS::EC2::NetworkAcl')) this.nacl(r);
    for (const r of this.ofType('AWS::EC2::NetworkAclEntry')) this.naclEntry(r);
    for (const r of this.ofType('AWS::EC2::SubnetNetworkAclAssociation')) this.naclAssociation(r);
    for (const r of this.ofType('AWS::EC2::NetworkInterface')) this.networkInterface(r);
    for (const r of this.ofType('AWS::EC2::Instance')) this.instance(r);
    for (const r of this.ofType('AWS::EC2::NetworkInterfaceAttachment')) this.interfaceAttachment(r);
    return this.finish();
  }

  // ------------------------------------------------------------------ VPCs and subnets

  /** A CIDR property; one AWS assigns (IPAM, Amazon's IPv6 pool) is left out, one an input hides is reported. */
  private cidrProp(r: Res, key: string, family: 4 | 6, into: Cidr[], label = r.logicalId): void {
    const v = r.props[key];
    if (v === undefined || v === null) return;
    if (v instanceof Unknown && v.assignedByAws) return;
    if (v instanceof Symbolic && v.kind === 'attribute') return; // e.g. !Select [0, !GetAtt Vpc.Ipv6CidrBlocks]
    const s = text(v, this.loc(r, key), label, key, this.problems);
    if (s === undefined) return;
    const c = labelled(label, this.problems, (p) => readCidr(s, this.loc(r, key), key, p, family));
    if (c && !into.some((x) => x.text === c.text)) into.push(c);
  }

  private vpc(r: Res): void {
    const cidrs: Cidr[] = [];
    this.cidrProp(r, 'CidrBlock', 4, cidrs);
    const tags = tagsOf(r.props.Tags);
    this.vpcs.set(r.logicalId, { vpc: compact({ id: r.logicalId, cidrs, isDefault: false, name: tags.Name, tags, source: r.at }), cidrs, ipv6: false });
  }

  private vpcCidr(r: Res): void {
    const vpcId = optionalId(r.props.VpcId);
    const entry = vpcId === undefined ? undefined : this.vpcs.get(vpcId);
    if (!entry) return;
    this.cidrProp(r, 'CidrBlock', 4, entry.cidrs);
    this.cidrProp(r, 'Ipv6CidrBlock', 6, entry.cidrs);
    const amazon = r.props.AmazonProvidedIpv6CidrBlock;
    if (amazon === true || amazon === 'true' || r.props.Ipv6CidrBlock !== undefined || r.props.Ipv6Pool !== undefined || r.props.Ipv6IpamPoolId !== undefined) entry.ipv6 = true;
  }

  private subnet(r: Res): void {
    const vpcId = id(r.props.VpcId, this.loc(r, 'VpcId'), r.logicalId, 'VpcId', this.problems);
    const cidrs: Cidr[] = [];
    this.cidrProp(r, 'CidrBlock', 4, cidrs);
    this.cidrProp(r, 'Ipv6CidrBlock', 6, cidrs);
    if (vpcId === undefined) return;
    const tags = tagsOf(r.props.Tags);
    const az = r.props.AvailabilityZone;
    this.subnets.set(r.logicalId, compact({ id: r.logicalId, vpcId, cidrs, availabilityZone: typeof az === 'string' && az !== '' ? az : undefined, name: tags.Name, tags, source: r.at }));
  }

  // ------------------------------------------------------------------ security groups

  private group(r: Res): void {
    const tags = tagsOf(r.props.Tags);
    const name = typeof r.props.GroupName === 'string' && r.props.GroupName !== '' ? r.props.GroupName : r.logicalId;
    const description = typeof r.props.GroupDescription === 'string' && r.props.GroupDescription !== '' ? r.props.GroupDescription : undefined;
    const draft: GroupDraft = compact({ id: r.logicalId, name, vpcId: optionalId(r.props.VpcId), description, ingress: [], egress: [], tags, source: r.at });
    for (const [key, direction] of [['SecurityGroupIngress', 'ingress'], ['SecurityGroupEgress', 'egress']] as const) {
      const single = isObject(r.props[key]);
      const list = objects(r.props[key], this.loc(r, key), r.logicalId, key, this.problems) ?? [];
      list.forEach((item, i) => {
        const at = this.origin(r, item, single ? this.loc(r, key) : this.loc(r, key, i));
        const label = single ? `${r.logicalId} ${key}` : `${r.logicalId} ${key}[${i}]`;
        if (!isObject(item)) {
          if (!isDeployTime(item)) this.problems.add(at, `${label} is ${JSON.stringify(item)}; expected a rule object`);
          else reportUnknown(item, at, r.logicalId, `${key}[${i}]`, this.problems);
          return;
        }
        draft[direction].push(...this.sgRule(item, at, label, r.logicalId, direction));
      });
    }
    this.groups.set(r.logicalId, draft);
  }

  /** A group with no egress rule of its own gets AWS's allow-all egress (IPv4, and IPv6 when its VPC has IPv6). */
  private defaultEgress(): void {
    for (const r of this.ofType('AWS::EC2::SecurityGroup')) {
      const g = this.groups.get(r.logicalId);
      const declared = r.props.SecurityGroupEgress;
      // Egress rules that only deployment knows were reported; no default is added on top of them.
      if (!g || (declared !== undefined && declared !== null && !(Array.isArray(declared) && declared.length === 0))) continue;
      const ipv6 = g.vpcId !== undefined && this.vpcs.get(g.vpcId)?.ipv6 === true;
      const worlds = ipv6 ? [WORLD4, WORLD6] : [WORLD4];
      // Inserted first: a standalone egress rule adds to the default rule, it does not replace it.
      g.egress.unshift(...worlds.map((cidr) => ({ groupId: g.id, direction: 'egress' as const, protocol: -1, peer: { kind: 'cidr' as const, cidr }, description: 'default egress rule AWS adds to a group declared without egress rules', source: r.at })));
    }
  }

  private standaloneRule(r: Res, direction: SgDirection): void {
    let groupId = r.props.GroupId !== undefined ? id(r.props.GroupId, this.loc(r, 'GroupId'), r.logicalId, 'GroupId', this.problems) : undefined;
    if (groupId === undefined && r.props.GroupId === undefined) {
      const name = r.props.GroupName;
      if (name instanceof Symbolic) groupId = name.id;
      else if (typeof name === 'string') groupId = this.groupByName(name) ?? name;
      else {
        this.problems.add(r.at, `${r.logicalId}: the rule names no group; expected GroupId (or GroupName for the default VPC)`);
        return;
      }
    }
    if (groupId === undefined) return;
    const rules = this.sgRule(r.props, { ...r.at, pointer: r.pointer }, r.logicalId, groupId, direction);
    addGroupRules(this.groups, groupId, direction, rules, r.at);
  }

  private groupByName(name: string): string | undefined {
    const found = [...this.groups.values()].filter((g) => g.name === name);
    return found.length === 1 ? found[0]!.id : undefined;
  }

  /**
   * One rule (embedded or standalone) → one SgRule. A rule without a source deploys but adds nothing:
   * skipped. `o` is the rule object, `at` where it is, `groupId` the group it belongs to.
   */
  private sgRule(o: JsonObject, at: SourceLocation, label: string, groupId: string, direction: SgDirection): SgRule[] {
    const f = (key: string): SourceLocation => ({ ...at, pointer: `${at.pointer}/${escapePointerSegment(key)}` });
    const peerKeys =
      direction === 'ingress'
        ? ['CidrIp', 'CidrIpv6', 'SourcePrefixListId', 'SourceSecurityGroupId', 'SourceSecurityGroupName']
        : ['CidrIp', 'CidrIpv6', 'DestinationPrefixListId', 'DestinationSecurityGroupId'];
    const given = peerKeys.filter((k) => o[k] !== undefined && o[k] !== null && o[k] !== NO_VALUE);
    if (given.length === 0) return []; // deploys, adds nothing
    if (given.length > 1) {
      this.problems.add(at, `${label}: the rule names ${given.length} peers (${given.join(', ')}); expected exactly one of ${peerKeys.join(', ')}`);
      return [];
    }
    const key = given[0]!;
    const v = o[key];
    let peer: SgPeer | undefined;
    if (key === 'CidrIp' || key === 'CidrIpv6') {
      // EC2 masks the host bits of a rule's block (10.0.0.5/16 is stored as 10.0.0.0/16): so do we.
      const s = text(v, f(key), label, key, this.problems);
      const c = s === undefined ? undefined : labelled(label, this.problems, (p) => readCidr(canonical(s), f(key), key, p, key === 'CidrIp' ? 4 : 6));
      if (c) peer = { kind: 'cidr', cidr: c };
    } else if (key.endsWith('PrefixListId')) {
      const pl = id(v, f(key), label, key, this.problems);
      if (pl !== undefined) peer = { kind: 'prefix-list', prefixListId: pl };
    } else if (key === 'SourceSecurityGroupName') {
      const named = v instanceof Symbolic ? v.id : typeof v === 'string' ? this.groupByName(v) : undefined;
      if (named === undefined) {
        this.problems.add(f(key), `${label}: SourceSecurityGroupName ${JSON.stringify(v)} names a group by name only, and no group of the template has that GroupName; expected SourceSecurityGroupId`);
      } else peer = { kind: 'group', groupId: named };
    } else {
      const g = id(v, f(key), label, key, this.problems);
      const owner = optionalId(o.SourceSecurityGroupOwnerId);
      if (g !== undefined) peer = compact({ kind: 'group' as const, groupId: g, userId: owner });
    }
    const traffic = this.traffic(o, at, label);
    if (!peer || !traffic) return [];
    const description = typeof o.Description === 'string' && o.Description !== '' ? o.Description : undefined;
    return [sgRuleRecord({ groupId, direction, traffic, peer, description, source: at })];
  }

  private traffic(o: JsonObject, at: SourceLocation, label: string): Traffic | undefined {
    const f = (key: string): SourceLocation => ({ ...at, pointer: `${at.pointer}/${escapePointerSegment(key)}` });
    const raw = o.IpProtocol;
    if (raw === undefined || raw === null || raw === NO_VALUE) {
      this.problems.add(at, `${label}: the rule has no IpProtocol; expected tcp, udp, icmp, icmpv6, -1 (all) or a protocol number`);
      return undefined;
    }
    if (isDeployTime(raw)) return void reportUnknown(raw, f('IpProtocol'), label, 'IpProtocol', this.problems);
    const protocol = parseProtocol(raw);
    if (protocol === undefined) {
      this.problems.add(f('IpProtocol'), `${label}: IpProtocol ${JSON.stringify(raw)} is not a protocol; expected tcp, udp, icmp, icmpv6, -1 (all) or a protocol number 0-255`);
      return undefined;
    }
    const portValues = (): PortValues | undefined => {
      const from = integer(o.FromPort, f('FromPort'), label, 'FromPort', this.problems);
      const to = integer(o.ToPort, f('ToPort'), label, 'ToPort', this.problems);
      // A port that is set but unreadable was reported: no range is read without it.
      if ((o.FromPort !== undefined && from === undefined) || (o.ToPort !== undefined && to === undefined)) return undefined;
      return { from, to };
    };
    return sgTraffic(protocol, portValues, { from: 'FromPort', to: 'ToPort', fromAt: f('FromPort'), toAt: f('ToPort') }, at, label, this.problems);
  }

  // ------------------------------------------------------------------ network ACLs

  private nacl(r: Res): void {
    const vpcId = id(r.props.VpcId, this.loc(r, 'VpcId'), r.logicalId, 'VpcId', this.problems);
    if (vpcId === undefined) {
      if (r.props.VpcId === undefined) this.problems.add(r.at, `${r.logicalId}: the network ACL has no VpcId; expected the VPC it belongs to`);
      return;
    }
    const tags = tagsOf(r.props.Tags);
    this.nacls.set(r.logicalId, { nacl: compact({ id: r.logicalId, vpcId, isDefault: false, name: tags.Name, tags, source: r.at }), subnetIds: [], rules: [] });
  }

  /**
   * An entry, through the describe-network-acls normalizer (the shapes match, but for `Icmp` and
   * CloudFormation's strings for numbers and booleans). An entry of a NACL the template does not define is
   * left out: without the NACL's other entries its order means nothing.
   */
  private naclEntry(r: Res): void {
    const naclId = id(r.props.NetworkAclId, this.loc(r, 'NetworkAclId'), r.logicalId, 'NetworkAclId', this.problems);
    const p = r.props;
    const label = r.logicalId;
    const before = this.problems.list.length;
    const entry: Record<string, unknown> = {};
    const number = integer(p.RuleNumber, this.loc(r, 'RuleNumber'), label, 'RuleNumber', this.problems);
    if (number !== undefined) entry.RuleNumber = number;
    const action = text(p.RuleAction, this.loc(r, 'RuleAction'), label, 'RuleAction', this.problems);
    if (action !== undefined) entry.RuleAction = action;
    if (isDeployTime(p.Protocol)) reportUnknown(p.Protocol, this.loc(r, 'Protocol'), label, 'Protocol', this.problems);
    else if (p.Protocol !== undefined) entry.Protocol = typeof p.Protocol === 'string' && /^\s*-?\d+\s*$/.test(p.Protocol) ? Number(p.Protocol) : p.Protocol;
    entry.Egress = boolean(p.Egress, this.loc(r, 'Egress'), label, 'Egress', this.problems) ?? false;
    for (const key of ['CidrBlock', 'Ipv6CidrBlock']) {
      const s = text(p[key], this.loc(r, key), label, key, this.problems);
      if (s !== undefined) entry[key] = s;
    }
    if (isObject(p.PortRange)) entry.PortRange = this.integers(r, 'PortRange', p.PortRange, ['From', 'To'], label);
    else if (p.PortRange !== undefined) {
      this.problems.add(this.loc(r, 'PortRange'), `${label}: PortRange is ${JSON.stringify(p.PortRange)}; expected {From, To}`);
    }
    if (isObject(p.Icmp)) entry.IcmpTypeCode = this.integers(r, 'Icmp', p.Icmp, ['Type', 'Code'], label);
    if (this.problems.list.length > before || naclId === undefined) return;
    const rule = labelled(label, this.problems, (scratch) => normalizeNaclEntry(entry, naclId, { file: this.file, pointer: r.pointer, address: r.logicalId }, scratch));
    // The normalizer names the ICMP object as the EC2 API does; CloudFormation calls it Icmp.
    for (const q of this.problems.list.slice(before) as { pointer?: string; message: string }[]) {
      if (q.pointer !== undefined) q.pointer = q.pointer.replace(`${r.pointer}/IcmpTypeCode`, `${r.pointer}/Icmp`);
      q.message = q.message.replace(/IcmpTypeCode\./g, 'Icmp.');
    }
    if (!rule) {
      if (this.problems.list.length === before) this.missingEntryFields(r, entry);
      return;
    }
    if (rule.number === IPV4_DEFAULT_DENY || rule.number === IPV6_DEFAULT_DENY) {
      this.problems.add(this.loc(r, 'RuleNumber'), `${label}: RuleNumber ${rule.number} is AWS's own default deny; expected 1-32766`);
      return;
    }
    this.nacls.get(naclId)?.rules.push({ ...rule, source: r.at });
  }

  /** The integer fields of an object property (`PortRange`, `Icmp`) that read as integers; the others are reported. */
  private integers(r: Res, key: string, o: JsonObject, fields: readonly string[], label: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of fields) {
      const n = integer(o[k], this.loc(r, key, k), label, `${key}.${k}`, this.problems);
      if (n !== undefined) out[k] = n;
    }
    return out;
  }

  private missingEntryFields(r: Res, entry: Record<string, unknown>): void {
    const missing = ['RuleNumber', 'RuleAction', 'Protocol'].filter((k) => entry[k] === undefined);
    if (missing.length > 0) this.problems.add(r.at, `${r.logicalId}: the entry has no ${missing.join(', ')}; expected RuleNumber, RuleAction and Protocol`);
  }

  private naclAssociation(r: Res): void {
    const naclId = id(r.props.NetworkAclId, this.loc(r, 'NetworkAclId'), r.logicalId, 'NetworkAclId', this.problems);
    const subnetId = id(r.props.SubnetId, this.loc(r, 'SubnetId'), r.logicalId, 'SubnetId', this.problems);
    if (naclId === undefined || subnetId === undefined) return;
    const n = this.nacls.get(naclId);
    if (n && !n.subnetIds.includes(subnetId)) n.subnetIds.push(subnetId);
  }

  // ------------------------------------------------------------------ interfaces and instances

  private addresses(r: Res, o: JsonObject, at: SourceLocation, label: string): { privateIps: IpAddress[]; ipv6s: IpAddress[] } {
    const f = (...path: (string | number)[]): SourceLocation => ({ ...at, pointer: at.pointer + path.map((s) => `/${escapePointerSegment(String(s))}`).join('') });
    const privateIps: IpAddress[] = [];
    const ipv6s: IpAddress[] = [];
    const add = (list: IpAddress[], v: unknown, where: SourceLocation, field: string): void => {
      if (v instanceof Unknown && v.assignedByAws) return;
      const s = text(v, where, label, field, this.problems);
      const ip = s === undefined ? undefined : labelled(label, this.problems, (p) => readIp(s, where, field, p));
      if (ip && !list.some((x) => x.value === ip.value && x.family === ip.family)) list.push(ip);
    };
    add(privateIps, o.PrivateIpAddress, f('PrivateIpAddress'), 'PrivateIpAddress');
    const listed = Array.isArray(o.PrivateIpAddresses) ? o.PrivateIpAddresses : [];
    const order = listed.map((a, i) => [a, i] as const).sort(([a], [b]) => Number(isObject(b) && (b.Primary === true || b.Primary === 'true')) - Number(isObject(a) && (a.Primary === true || a.Primary === 'true')));
    for (const [a, i] of order) if (isObject(a)) add(privateIps, a.PrivateIpAddress, f('PrivateIpAddresses', i, 'PrivateIpAddress'), 'PrivateIpAddress');
    if (Array.isArray(o.Ipv6Addresses)) o.Ipv6Addresses.forEach((a, i) => isObject(a) && add(ipv6s, a.Ipv6Address, f('Ipv6Addresses', i, 'Ipv6Address'), 'Ipv6Address'));
    void r;
    return { privateIps, ipv6s };
  }

  /** An interface with no group gets its VPC's default group: named `<vpc>.DefaultSecurityGroup`, as !GetAtt names it. */
  private defaultGroups(subnetId: string | undefined, at: SourceLocation, label: string, field: string): string[] | undefined {
    const vpcId = subnetId === undefined ? undefined : this.subnets.get(subnetId)?.vpcId;
    if (vpcId !== undefined) return [`${vpcId}.DefaultSecurityGroup`];
    this.problems.add(
      at,
      `${label}: no security group is set, so AWS gives the interface the default security group of its VPC, which synack cannot tell from the template; expected ${field} to name the groups (or a SubnetId of the template)`,
    );
    return undefined;
  }

  private networkInterface(r: Res): void {
    const subnetId = id(r.props.SubnetId, this.loc(r, 'SubnetId'), r.logicalId, 'SubnetId', this.problems);
    let groupIds = idList(r.props.GroupSet, this.loc(r, 'GroupSet'), r.logicalId, 'GroupSet', this.problems);
    if (groupIds !== undefined && groupIds.length === 0) groupIds = this.defaultGroups(subnetId, r.at, r.logicalId, 'GroupSet');
    const { privateIps, ipv6s } = this.addresses(r, r.props, { file: this.file, pointer: r.pointer, address: r.logicalId }, r.logicalId);
    const tags = tagsOf(r.props.Tags);
    this.enis.set(
      r.logicalId,
      compact({
        id: r.logicalId,
        subnetId,
        vpcId: subnetId === undefined ? undefined : this.subnets.get(subnetId)?.vpcId,
        privateIps,
        ipv6s,
        groupIds: groupIds ?? [],
        interfaceType: typeof r.props.InterfaceType === 'string' ? r.props.InterfaceType : undefined,
        description: typeof r.props.Description === 'string' && r.props.Description !== '' ? r.props.Description : undefined,
        name: tags.Name,
        tags,
        source: r.at,
      }),
    );
  }

  private instance(r: Res): void {
    const tags = tagsOf(r.props.Tags);
    const eniIds: string[] = [];
    const specs = objects(r.props.NetworkInterfaces, this.loc(r, 'NetworkInterfaces'), r.logicalId, 'NetworkInterfaces', this.problems) ?? [];
    specs.forEach((spec, i) => {
      const at = this.origin(r, spec, this.loc(r, 'NetworkInterfaces', i));
      const label = `${r.logicalId} NetworkInterfaces[${i}]`;
      if (!isObject(spec)) return;
      const f = (key: string): SourceLocation => ({ ...at, pointer: `${at.pointer}/${escapePointerSegment(key)}` });
      const device = integer(spec.DeviceIndex, f('DeviceIndex'), label, 'DeviceIndex', this.problems) ?? i;
      if (spec.NetworkInterfaceId !== undefined) {
        const eniId = id(spec.NetworkInterfaceId, f('NetworkInterfaceId'), label, 'NetworkInterfaceId', this.problems);
        if (eniId === undefined) return;
        eniIds.push(eniId);
        const eni = this.enis.get(eniId);
        if (eni) Object.assign(eni, { instanceId: r.logicalId, deviceIndex: device });
        return;
      }
      const subnetId = id(spec.SubnetId, f('SubnetId'), label, 'SubnetId', this.problems);
      let groupIds = idList(spec.GroupSet, f('GroupSet'), label, 'GroupSet', this.problems);
      if (groupIds !== undefined && groupIds.length === 0) groupIds = this.defaultGroups(subnetId, at, label, 'GroupSet');
      const eniId = `${r.logicalId}.NetworkInterfaces.${device}`;
      eniIds.push(eniId);
      const description = typeof spec.Description === 'string' && spec.Description !== '' ? spec.Description : undefined;
      this.addInstanceEni({ id: eniId, subnetId, groupIds, description, instanceId: r.logicalId, deviceIndex: device }, this.addresses(r, spec, at, label), at);
    });
    if (specs.length === 0) {
      // The primary interface AWS creates with the instance.
      const subnetId = id(r.props.SubnetId, this.loc(r, 'SubnetId'), r.logicalId, 'SubnetId', this.problems);
      let groupIds = idList(r.props.SecurityGroupIds, this.loc(r, 'SecurityGroupIds'), r.logicalId, 'SecurityGroupIds', this.problems);
      if (groupIds !== undefined && groupIds.length === 0) {
        const names = r.props.SecurityGroups;
        groupIds = Array.isArray(names) ? names.flatMap((n) => (n instanceof Symbolic ? [n.id] : typeof n === 'string' ? [this.groupByName(n) ?? n] : [])) : [];
      }
      if (groupIds !== undefined && groupIds.length === 0) groupIds = this.defaultGroups(subnetId, r.at, r.logicalId, 'SecurityGroupIds');
      const eniId = `${r.logicalId}.NetworkInterfaces.0`;
      eniIds.push(eniId);
      const addresses = this.addresses(r, r.props, { file: this.file, pointer: r.pointer, address: r.logicalId }, r.logicalId);
      this.addInstanceEni({ id: eniId, subnetId, groupIds, instanceId: r.logicalId, deviceIndex: 0 }, addresses, r.at);
    }
    this.instances.set(r.logicalId, compact({ id: r.logicalId, eniIds, name: tags.Name, tags, source: r.at }));
  }

  /** An interface AWS creates with an instance: one of its NetworkInterfaces, or the primary one. */
  private addInstanceEni(
    eni: { id: string; subnetId: string | undefined; groupIds: string[] | undefined; description?: string; instanceId: string; deviceIndex: number },
    addresses: { privateIps: IpAddress[]; ipv6s: IpAddress[] },
    source: SourceLocation,
  ): void {
    const { id: eniId, subnetId, groupIds, description, instanceId, deviceIndex } = eni;
    const vpcId = subnetId === undefined ? undefined : this.subnets.get(subnetId)?.vpcId;
    this.enis.set(eniId, compact({ id: eniId, subnetId, vpcId, ...addresses, groupIds: groupIds ?? [], description, instanceId, deviceIndex, tags: {}, source }));
  }

  private interfaceAttachment(r: Res): void {
    const instanceId = id(r.props.InstanceId, this.loc(r, 'InstanceId'), r.logicalId, 'InstanceId', this.problems);
    const eniId = id(r.props.NetworkInterfaceId, this.loc(r, 'NetworkInterfaceId'), r.logicalId, 'NetworkInterfaceId', this.problems);
    const device = integer(r.props.DeviceIndex, this.loc(r, 'DeviceIndex'), r.logicalId, 'DeviceIndex', this.problems);
    if (instanceId === undefined || eniId === undefined) return;
    const eni = this.enis.get(eniId);
    if (eni) Object.assign(eni, compact({ instanceId, deviceIndex: device }));
    const owner = this.instances.get(instanceId);
    if (owner && !owner.eniIds.includes(eniId)) owner.eniIds.push(eniId);
  }

  // ------------------------------------------------------------------ output

  private finish(): DocumentImport {
    const nacls = [...this.nacls.values()].map(({ nacl, subnetIds, rules }): Nacl => {
      const inbound = order(rules.filter((x) => !x.egress), nacl.id, this.problems);
      const outbound = order(rules.filter((x) => x.egress), nacl.id, this.problems);
      return { ...nacl, subnetIds, inbound, outbound };
    });
    return importOfDrafts(this.file, { vpcs: this.vpcs.values(), subnets: this.subnets, groups: this.groups.values(), nacls, enis: this.enis, instances: this.instances });
  }
}

/** The block with its host bits cleared, when it parses; else as written (readCidr reports it). */
function canonical(block: string): string {
  const r = parseCidr(block.trim());
  return r.ok ? r.value.text : block;
}

/** Sorted by rule number; a number used twice in one direction is reported on both entries. */
function order(rules: readonly NaclRule[], naclId: string, problems: Problems): NaclRule[] {
  return sortNaclRules(rules, (rule, prev) => {
    const dir = rule.egress ? 'outbound (Egress: true)' : 'inbound';
    problems.add(
      { ...rule.source, pointer: `${rule.source.pointer}/Properties/RuleNumber` },
      `${rule.source.address}: ${dir} rule number ${rule.number} of network ACL ${naclId} is also used by ${prev.source.address}; expected rule numbers unique per direction (AWS rejects the second entry)`,
    );
  });
}
