// Terraform plan JSON (`terraform show -json plan.out`) → the model after apply.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot.js';
import { loadSnapshot } from '../../src/sources/index.js';
import { load, problemsOf, problemsRejected, snapshotOf } from './helpers.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/terraform/app.plan.json', import.meta.url));
const APP = JSON.parse(readFileSync(FIXTURE, 'utf8')) as unknown;

const group = (s: Snapshot, id: string) => s.securityGroups.find((g) => g.id === id);
const rules = (list: readonly { protocol: number; ports?: { from: number; to: number }; peer: { kind: string } & Record<string, unknown> }[]) =>
  list.map((r) => `${r.protocol} ${r.ports ? `${r.ports.from}-${r.ports.to}` : '*'} ${r.peer.kind === 'cidr' ? (r.peer.cidr as { text: string }).text : String(r.peer.groupId ?? r.peer.prefixListId)}`);

interface Change {
  address: string;
  after: Record<string, unknown>;
  unknown?: Record<string, unknown>;
  actions?: string[];
}

/** A plan in the shape `terraform show -json` writes, from a few resource changes and their configuration. */
function plan(changes: Change[], config: { address: string; expressions: Record<string, unknown> }[] | null = []): Record<string, unknown> {
  const parts = (address: string) => {
    const m = /^(?:(module\.[^.]+)\.)?([a-z0-9_]+)\.([a-zA-Z0-9_-]+)/.exec(address)!;
    return { module: m[1], type: m[2]!, name: m[3]! };
  };
  return {
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: { root_module: { resources: changes.map((c) => ({ address: c.address, mode: 'managed', ...parts(c.address), values: c.after })) } },
    resource_changes: changes.map((c) => {
      const { module, ...p } = parts(c.address);
      return { address: c.address, ...(module ? { module_address: module } : {}), mode: 'managed', ...p, change: { actions: c.actions ?? ['create'], before: null, after: c.after, after_unknown: c.unknown ?? {} } };
    }),
    ...(config === null
      ? {}
      : { configuration: { root_module: { resources: config.map((c) => ({ address: c.address, mode: 'managed', type: parts(c.address).type, name: parts(c.address).name, expressions: c.expressions })) } } }),
  };
}

const ref = (...references: string[]) => ({ references });
const constant = (constant_value: unknown) => ({ constant_value });

describe('Terraform plan: a new application in modules, with ids known only after apply', () => {
  const s = snapshotOf({ 'app.plan.json': APP });

  it('knows a new group by its address, and resolves references through module outputs to that address', () => {
    expect(s.securityGroups.map((g) => g.id)).toEqual([
      'module.app.aws_security_group.web',
      'module.app.aws_security_group.db',
      'module.app.aws_security_group.cache',
      'aws_default_security_group.default',
      'sg-0legacy',
      'sg-0shared',
    ]);
    const web = group(s, 'module.app.aws_security_group.web')!;
    expect(web).toMatchObject({ name: 'web', vpcId: 'aws_vpc.main', description: 'web servers', tags: { Name: 'web' } });
    // aws_security_group_rule.web_to_db: security_group_id = module.app.web_id, source_security_group_id = module.app.db_id
    expect(rules(web.egress)).toEqual(['6 5432-5432 module.app.aws_security_group.db', '6 443-443 0.0.0.0/0']);
    expect(web.egress[0]?.source).toEqual({ file: 'app.plan.json', pointer: '/resource_changes/6/change/after', address: 'aws_security_group_rule.web_to_db' });
  });

  it('reads inline rules whose group id is unknown from the configuration block they were written in', () => {
    // db: the whole ingress set is unknown, so its rules come from the configuration; cache: one element is.
    const db = group(s, 'module.app.aws_security_group.db')!;
    expect(rules(db.ingress)).toEqual(['6 5432-5432 module.app.aws_security_group.web', '-1 * module.app.aws_security_group.db']);
    expect(db.ingress[0]?.source.pointer).toBe('/configuration/root_module/module_calls/app/module/resources/1/expressions/ingress/0');
    const cache = group(s, 'module.app.aws_security_group.cache')!;
    expect(rules(cache.ingress)).toEqual(['6 6379-6379 module.app.aws_security_group.web', '6 6379-6379 10.0.9.0/24']);
    expect(cache.ingress.map((r) => r.description)).toEqual(['redis from web', 'redis from ops']);
  });

  it("gives a group no egress rule unless one is declared: the provider revokes AWS's default allow-all egress", () => {
    expect(group(s, 'module.app.aws_security_group.db')?.egress).toEqual([]);
    expect(group(s, 'aws_default_security_group.default')).toMatchObject({ name: 'default', vpcId: 'aws_vpc.main', ingress: [], egress: [] });
  });

  it('resolves count indices: subnets through var.vpc_id, instances through module.network.subnet_ids[count.index]', () => {
    expect(s.subnets.map((x) => [x.id, x.vpcId, x.cidrs.map((c) => c.text).join(), x.availabilityZone])).toEqual([
      ['module.network.aws_subnet.private[0]', 'aws_vpc.main', '10.0.1.0/24', 'eu-west-1a'],
      ['module.network.aws_subnet.private[1]', 'aws_vpc.main', '10.0.2.0/24', 'eu-west-1b'],
    ]);
    expect(s.instances.map((i) => [i.id, i.eniIds.join(), i.name])).toEqual([
      ['aws_instance.app[0]', 'aws_instance.app[0].primary_network_interface_id', 'app-0'],
      ['aws_instance.app[1]', 'aws_instance.app[1].primary_network_interface_id', 'app-1'],
    ]);
    const eni = s.enis.find((e) => e.id === 'aws_instance.app[1].primary_network_interface_id');
    expect(eni).toMatchObject({ subnetId: 'module.network.aws_subnet.private[1]', vpcId: 'aws_vpc.main', groupIds: ['module.app.aws_security_group.web'], instanceId: 'aws_instance.app[1]', deviceIndex: 0 });
    expect(eni?.privateIps.map((a) => a.text)).toEqual(['10.0.2.10']);
  });

  it('reads NACL protocols written as names and numbers, ICMP type/code and ipv6-icmp', () => {
    const acl = s.nacls.find((n) => n.id === 'aws_network_acl.private')!;
    expect(acl).toMatchObject({ vpcId: 'aws_vpc.main', isDefault: false, subnetIds: ['module.network.aws_subnet.private[0]', 'module.network.aws_subnet.private[1]'] });
    expect(acl.inbound.map((r) => [r.number, r.action, r.protocol, r.cidr.text, r.ports ?? r.icmp ?? null])).toEqual([
      [100, 'allow', 6, '10.0.0.0/16', { from: 5432, to: 5432 }],
      [110, 'allow', 6, '0.0.0.0/0', { from: 1024, to: 65535 }],
      [120, 'allow', 1, '0.0.0.0/0', { type: 3, code: 4 }],
      [130, 'allow', 58, '::/0', { type: -1, code: -1 }],
      [140, 'deny', 17, '0.0.0.0/0', { from: 53, to: 53 }],
    ]);
    // aws_network_acl_rule.private_ephemeral_out joins the outbound list in rule-number order
    expect(acl.outbound.map((r) => [r.number, r.source.address])).toEqual([
      [100, 'aws_network_acl.private'],
      [200, 'aws_network_acl_rule.private_ephemeral_out'],
    ]);
    expect(acl.inbound.some((r) => r.isDefaultDeny)).toBe(false);
  });

  it("makes aws_default_network_acl the VPC's default NACL, found through default_network_acl_id", () => {
    expect(s.nacls.find((n) => n.isDefault)).toMatchObject({ id: 'aws_default_network_acl.default', vpcId: 'aws_vpc.main', subnetIds: [] });
  });

  it('attaches groups added by aws_network_interface_sg_attachment', () => {
    expect(s.enis.find((e) => e.id === 'aws_network_interface.extra')).toMatchObject({
      subnetId: 'module.network.aws_subnet.private[1]',
      groupIds: ['aws_default_security_group.default', 'module.app.aws_security_group.cache'],
    });
  });

  it('drops what the plan deletes and keeps the ids of what exists', () => {
    expect(s.securityGroups.some((g) => g.name === 'old')).toBe(false);
    expect(rules(group(s, 'sg-0legacy')!.ingress)).toEqual(['6 22-22 10.0.0.0/8']);
    expect(group(s, 'sg-0legacy')?.vpcId).toBe('vpc-0existing');
  });

  it('knows a group outside the plan by the rules the plan adds to it, and leaves out rules of a NACL outside the plan', () => {
    expect(group(s, 'sg-0shared')).toMatchObject({ name: 'sg-0shared', egress: [] });
    expect(rules(group(s, 'sg-0shared')!.ingress)).toEqual(['6 443-443 192.0.2.0/24']);
    expect(s.nacls.map((n) => n.id)).toEqual(['aws_network_acl.private', 'aws_default_network_acl.default']);
  });

  it('points every object at its planned values, with its address, and finds the line', async () => {
    const loaded = await loadSnapshot([FIXTURE]);
    const rule = group(loaded.snapshot, 'module.app.aws_security_group.cache')!.ingress[1]!;
    expect(rule.source).toEqual({ file: FIXTURE, pointer: '/resource_changes/5/change/after/ingress/1', address: 'module.app.aws_security_group.cache' });
    const line = loaded.locate(rule.source)!;
    const text = readFileSync(FIXTURE, 'utf8').split('\n');
    expect(text.slice(line - 1, line + 3).join('\n')).toMatch(/^\s*\{\s*\n\s*"cidr_blocks": \[\s*\n\s*"10\.0\.9\.0\/24"/);
    expect(loaded.snapshot.inputs).toEqual([FIXTURE]);
  });
});

describe('Terraform plan: values known only after apply', () => {
  const vpc: Change = { address: 'aws_vpc.main', after: { cidr_block: '10.0.0.0/16' }, unknown: { id: true, default_security_group_id: true } };
  const vpcConfig = { address: 'aws_vpc.main', expressions: { cidr_block: constant('10.0.0.0/16') } };

  it('reports an unknown CIDR as a problem naming the resource and the attribute', () => {
    const p = plan(
      [{ address: 'aws_security_group_rule.nat', after: { type: 'ingress', protocol: 'tcp', from_port: 443, to_port: 443, security_group_id: 'sg-1', self: false }, unknown: { cidr_blocks: true } }],
      [{ address: 'aws_security_group_rule.nat', expressions: { cidr_blocks: ref('aws_eip.nat.public_ip', 'aws_eip.nat') } }],
    );
    expect(problemsOf({ 'plan.json': p })).toEqual([
      {
        file: 'plan.json',
        pointer: '/resource_changes/0/change/after/cidr_blocks',
        line: expect.any(Number),
        message:
          'aws_security_group_rule.nat: cidr_blocks is known only after apply, so synack cannot check the rule; expected a value known at plan time (a literal, a variable, or an attribute of an existing resource)',
      },
    ]);
  });

  it('reports an unknown group id in a rule written in a dynamic block (dynamic blocks are absent from the configuration)', () => {
    const p = plan(
      [
        { address: 'aws_security_group.a', after: { name: 'a', egress: [] }, unknown: { id: true } },
        {
          address: 'aws_security_group.b',
          after: { name: 'b', egress: [], ingress: [{ protocol: 'tcp', from_port: 80, to_port: 80, cidr_blocks: [], ipv6_cidr_blocks: [], prefix_list_ids: [], self: false }] },
          unknown: { id: true, ingress: [{ security_groups: true }] },
        },
      ],
      [
        { address: 'aws_security_group.a', expressions: {} },
        { address: 'aws_security_group.b', expressions: { name: constant('b') } },
      ],
    );
    const problems = problemsOf({ 'plan.json': p });
    expect(problems.map((x) => [x.pointer, x.message])).toEqual([
      [
        '/resource_changes/1/change/after/ingress/0/security_groups',
        "aws_security_group.b ingress[0]: security_groups is known only after apply and synack cannot tell what it refers to: the block is not in the plan's configuration (rules written in a dynamic block are left out of it); expected a direct reference to a resource of the plan (e.g. aws_security_group.web.id)",
      ],
    ]);
  });

  it('does not match a rule of a dynamic block to a static block that merely looks like it', () => {
    const rule = { protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: [], ipv6_cidr_blocks: [], prefix_list_ids: [], self: false, description: '' };
    const p = plan(
      [
        { address: 'aws_security_group.a', after: { name: 'a', ingress: [], egress: [] }, unknown: { id: true } },
        { address: 'aws_security_group.b', after: { name: 'b', egress: [], ingress: [rule, rule] }, unknown: { id: true, ingress: [{ security_groups: true }, { security_groups: true }] } },
      ],
      [
        { address: 'aws_security_group.a', expressions: {} },
        { address: 'aws_security_group.b', expressions: { ingress: [{ protocol: constant('tcp'), from_port: constant(443), to_port: constant(443), security_groups: ref('aws_security_group.a.id', 'aws_security_group.a') }] } },
      ],
    );
    expect(problemsOf({ 'plan.json': p }).map((x) => x.message)).toEqual([0, 1].map(
      (j) =>
        `aws_security_group.b ingress[${j}]: security_groups is known only after apply and synack cannot tell what it refers to: 2 planned rules fit 1 block(s) of the configuration (the others are written in a dynamic block, which the configuration leaves out); expected a direct reference to a resource of the plan (e.g. aws_security_group.web.id)`,
    ));
  });

  it('names an id held in a local value by the local, for every resource that uses it; a list in a local cannot be known', () => {
    const p = plan(
      [
        vpc,
        { address: 'aws_subnet.a', after: { cidr_block: '10.0.1.0/24' }, unknown: { id: true, vpc_id: true } },
        { address: 'aws_subnet.b', after: { cidr_block: '10.0.2.0/24' }, unknown: { id: true, vpc_id: true } },
      ],
      [vpcConfig, { address: 'aws_subnet.a', expressions: { vpc_id: ref('local.vpc_id') } }, { address: 'aws_subnet.b', expressions: { vpc_id: ref('local.vpc_id') } }],
    );
    expect(snapshotOf({ 'plan.json': p }).subnets.map((x) => x.vpcId)).toEqual(['local.vpc_id', 'local.vpc_id']);
    const list = plan(
      [{ address: 'aws_network_acl.x', after: { ingress: [], egress: [] }, unknown: { id: true, subnet_ids: true, vpc_id: false }, actions: ['create'] }],
      [{ address: 'aws_network_acl.x', expressions: { vpc_id: constant('vpc-1'), subnet_ids: ref('local.private_subnets') } }],
    );
    (list.resource_changes as { change: { after: Record<string, unknown> } }[])[0]!.change.after.vpc_id = 'vpc-1';
    expect(problemsOf({ 'plan.json': list }).map((x) => x.message)).toEqual([
      'aws_network_acl.x: subnet_ids is known only after apply and synack cannot tell what it refers to: local.private_subnets is a local value, which the plan does not record and which may hold any number of ids; expected a direct reference to a resource of the plan (e.g. aws_security_group.web.id)',
    ]);
  });

  it('reports an id that may be either of two resources, depending on a condition', () => {
    const p = plan(
      [
        { address: 'aws_security_group.a', after: { name: 'a', ingress: [], egress: [] }, unknown: { id: true } },
        { address: 'aws_security_group.b', after: { name: 'b', ingress: [], egress: [] }, unknown: { id: true } },
        { address: 'aws_security_group_rule.r', after: { type: 'ingress', protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['10.0.0.0/8'], self: false }, unknown: { security_group_id: true } },
      ],
      [
        { address: 'aws_security_group.a', expressions: {} },
        { address: 'aws_security_group.b', expressions: {} },
        { address: 'aws_security_group_rule.r', expressions: { security_group_id: ref('var.blue', 'aws_security_group.a.id', 'aws_security_group.a', 'aws_security_group.b.id', 'aws_security_group.b') } },
      ],
    );
    p.variables = { blue: { value: true } };
    expect(problemsOf({ 'plan.json': p }).map((x) => x.message)).toEqual([
      'aws_security_group_rule.r: security_group_id may refer to any of aws_security_group.a, aws_security_group.b depending on values known only at apply; expected one resource',
    ]);
  });

  it('cannot follow references in a plan whose configuration was cut out', () => {
    const p = plan(
      [vpc, { address: 'aws_subnet.a', after: { cidr_block: '10.0.1.0/24' }, unknown: { id: true, vpc_id: true } }],
      null,
    );
    expect(problemsOf({ 'plan.json': p }).map((x) => x.message)).toEqual([
      'aws_subnet.a: vpc_id is known only after apply and synack cannot tell what it refers to: the plan has no "configuration" section to follow references through; expected the complete output of terraform show -json PLANFILE',
    ]);
  });

  it("gives an instance without groups its VPC's default group, and reports one whose VPC cannot be known", () => {
    const withSubnet = plan(
      [
        vpc,
        { address: 'aws_subnet.a', after: { cidr_block: '10.0.1.0/24' }, unknown: { id: true, vpc_id: true } },
        { address: 'aws_instance.web', after: { private_ip: '10.0.1.5' }, unknown: { id: true, subnet_id: true, vpc_security_group_ids: true, security_groups: true } },
      ],
      [vpcConfig, { address: 'aws_subnet.a', expressions: { vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main') } }, { address: 'aws_instance.web', expressions: { subnet_id: ref('aws_subnet.a.id', 'aws_subnet.a') } }],
    );
    expect(snapshotOf({ 'plan.json': withSubnet }).enis[0]?.groupIds).toEqual(['aws_vpc.main.default_security_group_id']);
    const noSubnet = plan(
      [{ address: 'aws_instance.web', after: {}, unknown: { id: true, subnet_id: true, vpc_security_group_ids: true, security_groups: true } }],
      [{ address: 'aws_instance.web', expressions: {} }],
    );
    expect(problemsOf({ 'plan.json': noSubnet }).map((x) => [x.pointer, x.message])).toEqual([
      [
        '/resource_changes/0/change/after/vpc_security_group_ids',
        'aws_instance.web: no security group is set, so AWS gives the interface the default security group of its VPC, which synack cannot tell from the plan; expected vpc_security_group_ids to name the groups (or the subnet to be an aws_subnet of a VPC in the plan)',
      ],
    ]);
  });

  it('reports rule numbers used twice in one direction, and out-of-range ports', () => {
    const acl = (ingress: unknown[]): Change => ({ address: 'aws_network_acl.x', after: { vpc_id: 'vpc-1', subnet_ids: [], ingress, egress: [] }, unknown: { id: true } });
    const entry = (rule_no: number, from_port: number, to_port: number) => ({ rule_no, action: 'allow', protocol: 'tcp', cidr_block: '0.0.0.0/0', ipv6_cidr_block: '', from_port, to_port, icmp_type: 0, icmp_code: 0 });
    const problems = problemsOf({ 'plan.json': plan([acl([entry(100, 80, 80), entry(100, 443, 443), entry(200, 70000, 70000)])]) });
    expect(problems.map((x) => [x.pointer, x.message])).toEqual([
      ['/resource_changes/0/change/after/ingress/2/from_port', 'aws_network_acl.x ingress[2]: from_port 70000 is outside 0-65535; expected a port 0-65535'],
      ['/resource_changes/0/change/after/ingress/2/to_port', 'aws_network_acl.x ingress[2]: to_port 70000 is outside 0-65535; expected a port 0-65535'],
      [
        '/resource_changes/0/change/after/ingress/1',
        'aws_network_acl.x: inbound rule number 100 of network ACL aws_network_acl.x is used twice (also by /resource_changes/0/change/after/ingress/0); expected rule numbers unique per direction',
      ],
    ]);
  });
});

describe('Terraform plans among the other inputs', () => {
  it('detects a plan by format_version with planned_values or resource_changes', () => {
    const { snapshot } = load({ 'a.json': plan([{ address: 'aws_security_group.a', after: { id: 'sg-1', name: 'a', ingress: [], egress: [] } }]) });
    expect(snapshot.securityGroups.map((g) => g.id)).toEqual(['sg-1']);
  });

  it('reads a plan that lists its resources only in planned_values', () => {
    const p = plan([{ address: 'aws_security_group.a', after: { id: 'sg-1', name: 'a', ingress: [], egress: [] } }]);
    delete p.resource_changes;
    expect(snapshotOf({ 'a.json': p }).securityGroups[0]?.source.pointer).toBe('/planned_values/root_module/resources/0/values');
  });

  it('reads every file as a plan when the source type says so, and names the format a file is in instead', async () => {
    const problems = await problemsRejected(() => loadSnapshot([fileURLToPath(new URL('../fixtures/sources/folder/vpc-a/nacls.json', import.meta.url))], { sourceType: 'terraform' }));
    expect(problems.map((p) => p.message)).toEqual([
      "the file is AWS CLI describe-* output, not a Terraform plan as --source-type terraform says; without --source-type each file's format is detected",
    ]);
    const { snapshot } = await loadSnapshot([FIXTURE], { sourceType: 'terraform' });
    expect(snapshot.securityGroups).toHaveLength(6);
  });
});
