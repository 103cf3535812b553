// Terraform resource instances → model objects (one DocumentImport per plan).
import type { Eni, Nacl, NaclRule, Subnet, Tags, Vpc } from '../../model/snapshot.js';
import { childLocation, type SourceLocation } from '../../model/source.js';
import type { Cidr, IpAddress } from '../../net/address.js';
import type { DocumentImport, Problems } from '../document-import.js';
import { compact, isObject, type JsonObject } from '../fields.js';
import { addGroupRules, importOfDrafts, type GroupDraft, type InstanceDraft } from '../iac-drafts.js';
import { labelled } from '../labelled-problems.js';
import { readCidr, readIp } from '../values.js';
import type { PlanIndex, TfInstance } from './plan.js';
import { hasUnknown } from './plan.js';
import { Resolver, scopeOf, type Resolution } from './resolve.js';
import { idList, naclRule, orderNaclRules, sgRules, singleId, unknownValue, type Element } from './rules.js';

interface NaclDraft {
  readonly id: string;
  readonly vpcId: string;
  readonly isDefault: boolean;
  readonly subnetIds: string[];
  readonly inbound: NaclRule[];
  readonly outbound: NaclRule[];
  readonly tags: Tags;
  readonly source: SourceLocation;
}

interface EniDraft {
  id: string;
  subnetId?: string;
  vpcId?: string;
  privateIps: IpAddress[];
  ipv6s: IpAddress[];
  groupIds: string[];
  interfaceType?: string;
  description?: string;
  instanceId?: string;
  deviceIndex?: number;
  tags: Tags;
  source: SourceLocation;
}

export function importPlan(plan: PlanIndex, problems: Problems): DocumentImport {
  return new PlanImporter(plan, problems).run();
}

class PlanImporter {
  private readonly resolver: Resolver;
  private readonly vpcs = new Map<string, { vpc: Vpc; cidrs: Cidr[]; inst: TfInstance }>();
  private readonly subnets = new Map<string, Subnet>();
  private readonly groups = new Map<string, GroupDraft>();
  private readonly nacls = new Map<string, NaclDraft>();
  private readonly enis = new Map<string, EniDraft>();
  private readonly instances = new Map<string, InstanceDraft>();
  /** VPC id → the id of its default security group when aws_default_security_group manages it. */
  private readonly defaultGroupOfVpc = new Map<string, string>();

  constructor(
    private readonly plan: PlanIndex,
    private readonly problems: Problems,
  ) {
    this.resolver = new Resolver(plan);
  }

  private ofType(...types: string[]): TfInstance[] {
    return this.plan.instances.filter((i) => types.includes(i.type) && !this.problems.invalid(i.at));
  }

  run(): DocumentImport {
    this.aliases();
    for (const inst of this.ofType('aws_vpc', 'aws_default_vpc')) this.vpc(inst);
    for (const inst of this.ofType('aws_vpc_ipv4_cidr_block_association', 'aws_vpc_ipv6_cidr_block_association')) this.vpcCidr(inst);
    for (const inst of this.ofType('aws_subnet', 'aws_default_subnet')) this.subnet(inst);
    for (const inst of this.ofType('aws_security_group', 'aws_default_security_group')) this.group(inst);
    for (const inst of this.ofType('aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule')) this.groupRule(inst);
    for (const inst of this.ofType('aws_network_acl', 'aws_default_network_acl')) this.nacl(inst);
    for (const inst of this.ofType('aws_network_acl_rule')) this.naclRuleResource(inst);
    for (const inst of this.ofType('aws_network_acl_association')) this.naclAssociation(inst);
    for (const inst of this.ofType('aws_network_interface')) this.networkInterface(inst);
    for (const inst of this.ofType('aws_instance')) this.instance(inst);
    for (const inst of this.ofType('aws_network_interface_sg_attachment')) this.groupAttachment(inst);
    for (const inst of this.ofType('aws_network_interface_attachment')) this.interfaceAttachment(inst);
    return this.finish();
  }

  // ------------------------------------------------------------------ elements

  private top(inst: TfInstance): Element {
    return {
      values: inst.values,
      at: inst.at,
      address: inst.address,
      label: inst.address,
      isUnknown: (key) => hasUnknown(inst.unknown, [key]),
      resolve: (key) => this.resolver.attribute(inst, key),
    };
  }

  /**
   * The rule blocks of a set attribute (`ingress`, `egress`): from the planned values, or — when the whole
   * set is unknown until apply — from the static blocks of the configuration. A set that the configuration
   * does not mention is empty: the provider computes it, and for a new group or NACL it computes nothing
   * (the AWS provider even revokes the default egress rule of a new security group).
   */
  private blocks(inst: TfInstance, block: string): Element[] | undefined {
    const exprs = inst.config?.expressions[block];
    if (!hasUnknown(inst.unknown, [block]) || Array.isArray(inst.values[block])) {
      const list = inst.values[block];
      if (!Array.isArray(list)) return [];
      return list.flatMap((v, j) => (isObject(v) ? [this.nested(inst, block, j, v, exprs)] : []));
    }
    if (exprs === undefined) return [];
    const scope = scopeOf(inst);
    if (Array.isArray(exprs)) {
      return exprs.flatMap((b, k) => {
        if (!isObject(b)) return [];
        const values: Record<string, unknown> = {};
        for (const [key, e] of Object.entries(b)) if (isObject(e) && 'constant_value' in e) values[key] = e.constant_value;
        const at: SourceLocation = { file: inst.at.file, pointer: `${inst.config!.pointer}/expressions/${block}/${k}`, address: inst.address };
        const el: Element = {
          values,
          at,
          address: inst.address,
          label: `${inst.address} ${block} block ${k + 1}`,
          isUnknown: (key) => b[key] !== undefined && !(key in values),
          resolve: (key) => this.resolver.expression(b[key], scope, 0),
        };
        return [el];
      });
    }
    if (isObject(exprs) && Array.isArray(exprs.constant_value)) {
      return exprs.constant_value.flatMap((v, k) => {
        if (!isObject(v)) return [];
        const at: SourceLocation = { file: inst.at.file, pointer: `${inst.config!.pointer}/expressions/${block}/constant_value/${k}`, address: inst.address };
        const el: Element = { values: v, at, address: inst.address, label: `${inst.address} ${block}[${k}]`, isUnknown: () => false, resolve: () => ({ kind: 'absent' }) };
        return [el];
      });
    }
    this.problems.add(
      childLocation(inst.at, block),
      `${inst.address}: ${block} is known only after apply and is set from an expression (${describeRefs(exprs)}) that the plan does not break down into rules; expected rules written as blocks, or values known at plan time`,
    );
    return undefined;
  }

  /** A planned rule block; an unknown id in it resolves through the configuration block it came from. */
  private nested(inst: TfInstance, block: string, j: number, values: JsonObject, exprs: unknown): Element {
    const label = `${inst.address} ${block}[${j}]`;
    return {
      values,
      at: childLocation(inst.at, block, j),
      address: inst.address,
      label,
      isUnknown: (key) => hasUnknown(inst.unknown, [block, j, key]),
      resolve: (key): Resolution => {
        if (exprs === undefined) {
          return { kind: 'unresolvable', reason: `the block is not in the plan's configuration (rules written in a dynamic block are left out of it)` };
        }
        if (!Array.isArray(exprs)) return { kind: 'unresolvable', reason: `${block} is set from an expression (${describeRefs(exprs)}) the plan does not break down` };
        const matches = (b: unknown, v: unknown): b is JsonObject =>
          isObject(b) && isObject(v) && Object.entries(b).every(([k, e]) => k === key || !isObject(e) || !('constant_value' in e) || sameValue(e.constant_value, v[k]));
        const candidates = exprs.filter((b): b is JsonObject => matches(b, values));
        const resolutions = candidates.map((b) => this.resolver.expression(b[key], scopeOf(inst), 0));
        const texts = new Set(resolutions.map((r) => JSON.stringify(r.kind === 'ids' ? r.ids.map((x) => x.id).sort() : r)));
        if (resolutions.length === 0) return { kind: 'unresolvable', reason: 'no block of the configuration matches it' };
        // More planned rules than blocks that fit them: some come from a dynamic block, absent from the configuration.
        const siblings = (Array.isArray(inst.values[block]) ? (inst.values[block] as unknown[]) : []).filter((v) => candidates.some((b) => matches(b, v)));
        if (siblings.length > candidates.length) {
          return { kind: 'unresolvable', reason: `${siblings.length} planned rules fit ${candidates.length} block(s) of the configuration (the others are written in a dynamic block, which the configuration leaves out)` };
        }
        if (texts.size > 1) return { kind: 'unresolvable', reason: `${candidates.length} blocks of the configuration match it and refer to different resources` };
        return resolutions[0]!;
      },
    };
  }

  // ------------------------------------------------------------------ ids

  /** Symbolic ids that stand for resources of the plan: a VPC's default NACL / group managed by the aws_default_* resources. */
  private aliases(): void {
    for (const inst of this.ofType('aws_default_network_acl')) {
      const id = this.resolver.modelId(inst);
      for (const target of this.targetIds(inst, 'default_network_acl_id')) if (target !== id) this.resolver.aliases.set(target, id);
    }
    for (const inst of this.ofType('aws_default_security_group')) {
      const id = this.resolver.modelId(inst);
      for (const vpc of this.targetIds(inst, 'vpc_id')) {
        this.defaultGroupOfVpc.set(vpc, id);
        const symbolic = `${vpc}.default_security_group_id`;
        if (symbolic !== id) this.resolver.aliases.set(symbolic, id);
      }
    }
  }

  /** Ids an attribute holds or refers to, without reporting anything. */
  private targetIds(inst: TfInstance, key: string): string[] {
    const v = inst.values[key];
    if (!hasUnknown(inst.unknown, [key])) return typeof v === 'string' && v !== '' ? [v] : [];
    const r = this.resolver.attribute(inst, key);
    return r.kind === 'ids' ? r.ids.map((x) => x.id) : [];
  }

  /** An optional id: known, resolved, or left out when it cannot be known (harmless for this field). */
  private optionalId(inst: TfInstance, key: string): string | undefined {
    const ids = this.targetIds(inst, key);
    return ids.length === 1 ? ids[0] : undefined;
  }

  // ------------------------------------------------------------------ resources

  private vpc(inst: TfInstance): void {
    const id = this.resolver.modelId(inst);
    const cidrs: Cidr[] = [];
    this.cidrField(inst, 'cidr_block', 4, cidrs);
    this.cidrField(inst, 'ipv6_cidr_block', 6, cidrs);
    const tags = tagsOf(inst.values);
    const vpc: Vpc = compact({ id, cidrs, isDefault: inst.type === 'aws_default_vpc', name: tags.Name, tags, source: inst.at });
    this.vpcs.set(id, { vpc, cidrs, inst });
  }

  /** A CIDR attribute; one unknown until apply is AWS's to assign (an IPAM pool, Amazon's IPv6 pool): left out. */
  private cidrField(inst: TfInstance, key: string, family: 4 | 6, into: Cidr[]): void {
    const v = inst.values[key];
    if (hasUnknown(inst.unknown, [key]) || typeof v !== 'string' || v === '') return;
    const c = labelled(inst.address, this.problems, (p) => readCidr(v, childLocation(inst.at, key), key, p, family));
    if (c && !into.some((x) => x.text === c.text)) into.push(c);
  }

  private vpcCidr(inst: TfInstance): void {
    const vpcId = this.optionalId(inst, 'vpc_id');
    const entry = vpcId === undefined ? undefined : this.vpcs.get(vpcId);
    if (!entry) return; // a block added to a VPC the plan does not hold
    this.cidrField(inst, inst.type.includes('ipv6') ? 'ipv6_cidr_block' : 'cidr_block', inst.type.includes('ipv6') ? 6 : 4, entry.cidrs);
  }

  private subnet(inst: TfInstance): void {
    const el = this.top(inst);
    // A default subnet being adopted belongs to the default VPC, which aws_default_vpc stands for.
    const defaultVpcs = [...this.vpcs.values()].filter((v) => v.vpc.isDefault === true);
    const adopted = inst.type === 'aws_default_subnet' && hasUnknown(inst.unknown, ['vpc_id']) && inst.config?.expressions.vpc_id === undefined && defaultVpcs.length === 1;
    const vpcId = adopted ? defaultVpcs[0]!.vpc.id : singleId(el, 'vpc_id', this.problems, true);
    const cidrs: Cidr[] = [];
    this.cidrField(inst, 'cidr_block', 4, cidrs);
    this.cidrField(inst, 'ipv6_cidr_block', 6, cidrs);
    if (vpcId === undefined) return;
    const tags = tagsOf(inst.values);
    const az = inst.values.availability_zone;
    this.subnets.set(
      this.resolver.modelId(inst),
      compact({ id: this.resolver.modelId(inst), vpcId, cidrs, availabilityZone: typeof az === 'string' && az !== '' ? az : undefined, name: tags.Name, tags, source: inst.at }),
    );
  }

  private group(inst: TfInstance): void {
    const id = this.resolver.modelId(inst);
    const isDefault = inst.type === 'aws_default_security_group';
    const name = typeof inst.values.name === 'string' && inst.values.name !== '' ? inst.values.name : isDefault ? 'default' : inst.address;
    const description = typeof inst.values.description === 'string' && inst.values.description !== '' ? inst.values.description : undefined;
    const draft: GroupDraft = compact({ id, name, vpcId: this.optionalId(inst, 'vpc_id'), description, ingress: [], egress: [], tags: tagsOf(inst.values), source: inst.at });
    for (const direction of ['ingress', 'egress'] as const) {
      for (const el of this.blocks(inst, direction) ?? []) draft[direction].push(...sgRules(el, 'inline', id, direction, this.problems));
    }
    this.groups.set(id, draft);
  }

  private groupRule(inst: TfInstance): void {
    const el = this.top(inst);
    let direction: 'ingress' | 'egress';
    if (inst.type === 'aws_security_group_rule') {
      const type = inst.values.type;
      if (type !== 'ingress' && type !== 'egress') {
        if (hasUnknown(inst.unknown, ['type'])) unknownValue(el, 'type', this.problems);
        else this.problems.add(childLocation(inst.at, 'type'), `${inst.address}: type ${JSON.stringify(type)} is not a direction; expected "ingress" or "egress"`);
        return;
      }
      direction = type;
    } else {
      direction = inst.type.endsWith('_egress_rule') ? 'egress' : 'ingress';
    }
    const groupId = singleId(el, 'security_group_id', this.problems, true);
    if (groupId === undefined) return;
    const rules = sgRules(el, inst.type === 'aws_security_group_rule' ? 'security_group_rule' : 'vpc_rule', groupId, direction, this.problems);
    addGroupRules(this.groups, groupId, direction, rules, inst.at);
  }

  private nacl(inst: TfInstance): void {
    const el = this.top(inst);
    const id = this.resolver.modelId(inst);
    const isDefault = inst.type === 'aws_default_network_acl';
    const vpcId = isDefault ? this.defaultNaclVpc(inst) : singleId(el, 'vpc_id', this.problems, true);
    const subnetIds = idList(el, 'subnet_ids', this.problems) ?? [];
    const draft: NaclDraft = { id, vpcId: vpcId ?? '', isDefault, subnetIds: [...new Set(subnetIds)], inbound: [], outbound: [], tags: tagsOf(inst.values), source: inst.at };
    for (const [block, egress] of [['ingress', false], ['egress', true]] as const) {
      for (const r of this.blocks(inst, block) ?? []) {
        const rule = naclRule(r, 'inline', id, egress, this.problems);
        if (rule) (egress ? draft.outbound : draft.inbound).push(rule);
      }
    }
    if (vpcId !== undefined) this.nacls.set(id, draft);
  }

  /** The VPC of a default NACL: known, or the VPC whose default_network_acl_id it adopts. */
  private defaultNaclVpc(inst: TfInstance): string | undefined {
    const known = inst.values.vpc_id;
    if (typeof known === 'string' && known !== '' && !hasUnknown(inst.unknown, ['vpc_id'])) return known;
    const aclId = inst.values.default_network_acl_id;
    if (typeof aclId === 'string' && aclId !== '' && !hasUnknown(inst.unknown, ['default_network_acl_id'])) {
      for (const { inst: v } of this.vpcs.values()) if (v.values.default_network_acl_id === aclId) return this.resolver.modelId(v);
    } else {
      const r = this.resolver.attribute(inst, 'default_network_acl_id');
      const vpc = r.kind === 'ids' && r.ids.length === 1 ? r.ids[0]?.target : undefined;
      if (vpc && (vpc.type === 'aws_vpc' || vpc.type === 'aws_default_vpc')) return this.resolver.modelId(vpc);
    }
    this.problems.add(
      childLocation(inst.at, 'default_network_acl_id'),
      `${inst.address}: synack cannot tell which VPC this default network ACL belongs to; expected default_network_acl_id to refer to an aws_vpc of the plan (aws_vpc.main.default_network_acl_id) or to a known id`,
    );
    return undefined;
  }

  private naclRuleResource(inst: TfInstance): void {
    const el = this.top(inst);
    const naclId = singleId(el, 'network_acl_id', this.problems, true);
    let egress = false;
    if (hasUnknown(inst.unknown, ['egress'])) unknownValue(el, 'egress', this.problems);
    else egress = inst.values.egress === true;
    if (naclId === undefined) return;
    const rule = naclRule(el, 'network_acl_rule', naclId, egress, this.problems);
    const nacl = this.nacls.get(naclId);
    // A rule of a NACL the plan does not hold is left out: without the NACL's other rules its order means nothing.
    if (rule && nacl) (egress ? nacl.outbound : nacl.inbound).push(rule);
  }

  private naclAssociation(inst: TfInstance): void {
    const el = this.top(inst);
    const naclId = singleId(el, 'network_acl_id', this.problems, true);
    const subnetId = singleId(el, 'subnet_id', this.problems, true);
    if (naclId === undefined || subnetId === undefined) return;
    const nacl = this.nacls.get(naclId);
    if (nacl && !nacl.subnetIds.includes(subnetId)) nacl.subnetIds.push(subnetId);
  }

  private networkInterface(inst: TfInstance): void {
    const el = this.top(inst);
    const id = this.resolver.modelId(inst);
    const subnetId = singleId(el, 'subnet_id', this.problems, true);
    const privateIps: IpAddress[] = [];
    this.ips(inst, 'private_ip', privateIps);
    this.ips(inst, 'private_ips', privateIps);
    this.ips(inst, 'private_ip_list', privateIps);
    const ipv6s: IpAddress[] = [];
    this.ips(inst, 'ipv6_addresses', ipv6s);
    this.ips(inst, 'ipv6_address_list', ipv6s);
    let groupIds = idList(el, 'security_groups', this.problems);
    if (groupIds !== undefined && groupIds.length === 0) groupIds = this.defaultGroups(inst, subnetId, 'security_groups');
    const tags = tagsOf(inst.values);
    const draft: EniDraft = {
      id,
      privateIps,
      ipv6s,
      groupIds: groupIds ?? [],
      tags,
      source: inst.at,
      ...(subnetId !== undefined ? { subnetId, vpcId: this.subnets.get(subnetId)?.vpcId } : {}),
      ...(typeof inst.values.interface_type === 'string' && inst.values.interface_type !== '' ? { interfaceType: inst.values.interface_type } : {}),
      ...(typeof inst.values.description === 'string' && inst.values.description !== '' ? { description: inst.values.description } : {}),
    };
    for (const a of this.blocks(inst, 'attachment') ?? []) {
      const instanceId = singleId(a, 'instance', this.problems, false);
      const device = a.values.device_index;
      if (instanceId !== undefined) draft.instanceId = instanceId;
      if (typeof device === 'number') draft.deviceIndex = device;
    }
    this.enis.set(id, draft);
  }

  private instance(inst: TfInstance): void {
    const el = this.top(inst);
    const id = this.resolver.modelId(inst);
    const tags = tagsOf(inst.values);
    const eniIds: string[] = [];
    for (const n of this.blocks(inst, 'network_interface') ?? []) {
      const eniId = singleId(n, 'network_interface_id', this.problems, true);
      const device = typeof n.values.device_index === 'number' ? n.values.device_index : undefined;
      if (eniId === undefined) continue;
      eniIds.push(eniId);
      const eni = this.enis.get(eniId);
      if (eni) {
        eni.instanceId = id;
        if (device !== undefined) eni.deviceIndex = device;
      }
    }
    if (eniIds.length === 0) {
      // The primary interface AWS creates with the instance.
      const known = inst.values.primary_network_interface_id;
      const eniId = typeof known === 'string' && known !== '' ? known : `${inst.address}.primary_network_interface_id`;
      // A subnet the configuration leaves out is AWS's choice (a default subnet): left out, so flows
      // report the instance's NACLs as not evaluated.
      const subnetId = singleId(el, 'subnet_id', this.problems, false);
      let groupIds = idList(el, 'vpc_security_group_ids', this.problems);
      if (groupIds !== undefined && groupIds.length === 0) groupIds = idList(el, 'security_groups', this.problems);
      if (groupIds !== undefined && groupIds.length === 0) groupIds = this.defaultGroups(inst, subnetId, 'vpc_security_group_ids');
      const privateIps: IpAddress[] = [];
      this.ips(inst, 'private_ip', privateIps);
      this.ips(inst, 'secondary_private_ips', privateIps);
      const ipv6s: IpAddress[] = [];
      this.ips(inst, 'ipv6_addresses', ipv6s);
      this.enis.set(eniId, {
        id: eniId,
        privateIps,
        ipv6s,
        groupIds: groupIds ?? [],
        instanceId: id,
        deviceIndex: 0,
        tags: {},
        source: inst.at,
        ...(subnetId !== undefined ? { subnetId, vpcId: this.subnets.get(subnetId)?.vpcId } : {}),
      });
      eniIds.push(eniId);
    }
    this.instances.set(id, compact({ id, eniIds, name: tags.Name, tags, source: inst.at }));
  }

  /** An interface without groups gets its VPC's default group at apply. */
  private defaultGroups(inst: TfInstance, subnetId: string | undefined, key: string): string[] | undefined {
    const vpcId = subnetId === undefined ? undefined : this.subnets.get(subnetId)?.vpcId;
    const managed = vpcId === undefined ? undefined : this.defaultGroupOfVpc.get(vpcId);
    if (managed) return [managed];
    const vpc = vpcId === undefined ? undefined : this.vpcs.get(vpcId)?.inst;
    if (vpc) {
      const known = vpc.values.default_security_group_id;
      return [typeof known === 'string' && known !== '' ? known : `${vpc.address}.default_security_group_id`];
    }
    this.problems.add(
      childLocation(inst.at, key),
      `${inst.address}: no security group is set, so AWS gives the interface the default security group of its VPC, which synack cannot tell from the plan; expected ${key} to name the groups (or the subnet to be an aws_subnet of a VPC in the plan)`,
    );
    return undefined;
  }

  /** Addresses AWS assigns at apply are unknown: left out (the interface is then only reachable by id). */
  private ips(inst: TfInstance, key: string, into: IpAddress[]): void {
    if (hasUnknown(inst.unknown, [key])) return;
    const v = inst.values[key];
    const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
    list.forEach((text, i) => {
      if (typeof text !== 'string' || text === '') return;
      const ip = labelled(inst.address, this.problems, (p) => readIp(text, Array.isArray(v) ? childLocation(inst.at, key, i) : childLocation(inst.at, key), key, p));
      if (ip && !into.some((x) => x.value === ip.value && x.family === ip.family)) into.push(ip);
    });
  }

  private groupAttachment(inst: TfInstance): void {
    const el = this.top(inst);
    const groupId = singleId(el, 'security_group_id', this.problems, true);
    const eniId = singleId(el, 'network_interface_id', this.problems, true);
    const eni = eniId === undefined ? undefined : this.enis.get(eniId);
    if (eni && groupId !== undefined && !eni.groupIds.includes(groupId)) eni.groupIds.push(groupId);
  }

  private interfaceAttachment(inst: TfInstance): void {
    const el = this.top(inst);
    const instanceId = singleId(el, 'instance_id', this.problems, true);
    const eniId = singleId(el, 'network_interface_id', this.problems, true);
    if (instanceId === undefined || eniId === undefined) return;
    const eni = this.enis.get(eniId);
    if (eni) {
      eni.instanceId = instanceId;
      if (typeof inst.values.device_index === 'number') eni.deviceIndex = inst.values.device_index;
    }
    const owner = this.instances.get(instanceId);
    if (owner && !owner.eniIds.includes(eniId)) owner.eniIds.push(eniId);
  }

  // ------------------------------------------------------------------ output

  private finish(): DocumentImport {
    const nacls = [...this.nacls.values()].map(
      (n): Nacl =>
        compact({
          id: n.id,
          vpcId: n.vpcId,
          isDefault: n.isDefault,
          subnetIds: n.subnetIds,
          inbound: orderNaclRules(n.inbound, n.id, this.problems),
          outbound: orderNaclRules(n.outbound, n.id, this.problems),
          name: n.tags.Name,
          tags: n.tags,
          source: n.source,
        }),
    );
    // An interface is named by its Name tag.
    const enis = new Map([...this.enis].map(([id, e]) => [id, compact({ ...e, name: e.tags.Name }) as Eni]));
    return importOfDrafts(this.plan.file, { vpcs: this.vpcs.values(), subnets: this.subnets, groups: this.groups.values(), nacls, enis, instances: this.instances });
  }
}

/** `tags` (a map in Terraform); `tags_all` when `tags` is absent. */
function tagsOf(values: JsonObject): Tags {
  const t = isObject(values.tags) ? values.tags : isObject(values.tags_all) ? values.tags_all : undefined;
  const tags: Record<string, string> = {};
  if (t) for (const [k, v] of Object.entries(t)) if (typeof v === 'string') tags[k] = v;
  return tags;
}

function describeRefs(expr: unknown): string {
  if (isObject(expr) && Array.isArray(expr.references) && expr.references.length > 0) return expr.references.filter((r) => typeof r === 'string').join(', ');
  return 'an expression';
}

/** Plan values against configuration constants: numbers and numeric strings, lists as sets, null as empty. */
function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): string => {
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return '';
    if (Array.isArray(v)) return JSON.stringify(v.map((x) => norm(x)).sort());
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v).toLowerCase();
  };
  return norm(a) === norm(b);
}

