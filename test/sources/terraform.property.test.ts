// A Terraform plan and the AWS CLI export of the network it creates give the same model (ids aside) and the
// same verdicts: by hand-written pairs, and for random rule sets written both ways.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/engine/flow.js';
import type { FlowQuery } from '../../src/engine/types.js';
import { SnapshotIndex } from '../../src/model/snapshot-index.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { snapshotOf } from './helpers.js';

/** What only a deployed network has: the account, the AZ AWS picked, the kind of interface AWS made. */
const DEPLOYED_ONLY = new Set(['ownerId', 'userId', 'availabilityZone', 'interfaceType']);

/**
 * The model with every id replaced by the Name tag of its object; sources, AWS's default deny entries and
 * what only a deployed network has left out.
 */
function normalized(s: Snapshot): unknown {
  const names = new Map<string, string>();
  for (const [kind, list] of [['vpc', s.vpcs], ['subnet', s.subnets], ['nacl', s.nacls], ['sg', s.securityGroups], ['instance', s.instances]] as const) {
    for (const o of list as readonly { id: string; tags: Record<string, string> }[]) names.set(o.id, `${kind}:${o.tags.Name ?? o.id}`);
  }
  for (const e of s.enis) names.set(e.id, `eni:${names.get(e.instanceId ?? '') ?? e.id}`);
  const rename = (v: unknown): unknown => (typeof v === 'string' && names.has(v) ? names.get(v) : v);
  const sortBy = <T>(list: readonly T[]) => [...list].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  const model = {
    vpcs: s.vpcs,
    subnets: s.subnets,
    nacls: s.nacls.map((n) => ({ ...n, inbound: n.inbound.filter((r) => !r.isDefaultDeny), outbound: n.outbound.filter((r) => !r.isDefaultDeny) })),
    securityGroups: s.securityGroups.map((g) => ({ ...g, ingress: g.ingress, egress: g.egress })),
    enis: s.enis,
    instances: s.instances,
  };
  const plain = JSON.parse(JSON.stringify(model, (key, v: unknown) => (key === 'source' || DEPLOYED_ONLY.has(key) ? undefined : typeof v === 'bigint' ? v.toString() : rename(v)))) as Record<string, unknown[]>;
  for (const g of plain.securityGroups as { ingress: unknown[]; egress: unknown[] }[]) {
    g.ingress = sortBy(g.ingress);
    g.egress = sortBy(g.egress);
  }
  for (const key of Object.keys(plain)) plain[key] = sortBy(plain[key]!);
  return plain;
}

const FLOWS: readonly Omit<FlowQuery, 'from' | 'to'>[] = [
  { protocol: 'tcp', port: 22 },
  { protocol: 'tcp', port: 443 },
  { protocol: 'tcp', port: 5432 },
  { protocol: 'tcp', port: 5432, clientPorts: 'linux' },
  { protocol: 'udp', port: 53 },
  { protocol: 'tcp', port: 8080, clientPorts: 'nat-gateway' },
];

function verdicts(s: Snapshot, a: string, b: string): unknown[] {
  const index = new SnapshotIndex(s);
  return [
    [a, b],
    [b, a],
  ].flatMap(([from, to]) =>
    FLOWS.map((f) => {
      const r = traceFlow(index, { ...f, from: from!, to: to! });
      return `${from}->${to} ${f.protocol}/${f.port}: ${r.verdict} ${JSON.stringify(r.returnPorts.allowed)}`;
    }),
  );
}

describe('hand-written pairs', () => {
  const dir = new URL('../fixtures/terraform/pair/', import.meta.url);
  const read = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(name, dir)), 'utf8')) as unknown;
  const fromPlan = snapshotOf({ 'plan.json': read('plan.json') });
  const fromCli = snapshotOf({ 'cli.json': read('cli.json') });

  it('a plan and the export of what it created give the same model, ids aside', () => {
    expect(normalized(fromPlan)).toEqual(normalized(fromCli));
    expect(fromPlan.nacls.find((n) => n.name === 'db')?.inbound.map((r) => r.source.address)).toEqual(['aws_network_acl_rule.db_no_ssh', 'aws_network_acl.db', 'aws_network_acl.db']);
  });

  it('and the same verdicts', () => {
    const v = verdicts(fromPlan, '10.0.1.10', '10.0.2.20');
    expect(v).toEqual(verdicts(fromCli, '10.0.1.10', '10.0.2.20'));
    expect(v.slice(0, 6)).toEqual([
      '10.0.1.10->10.0.2.20 tcp/22: unreachable [[32768,60999]]',
      '10.0.1.10->10.0.2.20 tcp/443: unreachable [[32768,60999]]',
      '10.0.1.10->10.0.2.20 tcp/5432: partial [[32768,60999]]',
      '10.0.1.10->10.0.2.20 tcp/5432: reachable [[32768,60999]]',
      '10.0.1.10->10.0.2.20 udp/53: unreachable []',
      '10.0.1.10->10.0.2.20 tcp/8080: unreachable [[32768,60999]]',
    ]);
  });
});

// ---------------------------------------------------------------------------------------- random rule sets

interface NaclRuleSpec {
  number: number;
  action: 'allow' | 'deny';
  protocol: number;
  cidr: string;
  ports: [number, number];
  icmp: [number, number];
  standalone: boolean;
  named: boolean;
}

interface SgRuleSpec {
  protocol: number;
  ports: [number, number];
  icmp: [number, number];
  peer: { cidr: string } | { group: 'a' | 'b' };
  named: boolean;
}

interface Side {
  naclIn: NaclRuleSpec[];
  naclOut: NaclRuleSpec[];
  ingress: SgRuleSpec[];
  egress: SgRuleSpec[];
}

const CIDRS = ['0.0.0.0/0', '10.0.0.0/16', '10.0.1.0/24', '10.0.2.0/24', '10.0.2.20/32', '10.0.1.10/32', '192.168.0.0/16'];
const PORTS: [number, number][] = [
  [22, 22],
  [53, 53],
  [443, 443],
  [5432, 5432],
  [1024, 65535],
  [32768, 60999],
  [0, 65535],
  [8000, 9000],
];

const naclRules = fc
  .uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 6 })
  .chain((numbers) =>
    fc.tuple(
      ...numbers.map((n) =>
        fc.record({
          number: fc.constant(n * 10),
          action: fc.constantFrom<'allow' | 'deny'>('allow', 'allow', 'deny'),
          protocol: fc.constantFrom(-1, 6, 6, 17, 1),
          cidr: fc.constantFrom(...CIDRS),
          ports: fc.constantFrom(...PORTS),
          icmp: fc.constantFrom<[number, number]>([-1, -1], [3, 4], [8, 0]),
          standalone: fc.boolean(),
          named: fc.boolean(),
        }),
      ),
    ),
  );

const sgRules = fc.array(
  fc.record({
    protocol: fc.constantFrom(-1, 6, 6, 17, 1),
    ports: fc.constantFrom(...PORTS),
    icmp: fc.constantFrom<[number, number]>([-1, -1], [8, 0]),
    peer: fc.oneof(fc.record({ cidr: fc.constantFrom(...CIDRS) }), fc.record({ group: fc.constantFrom<'a' | 'b'>('a', 'b') })),
    named: fc.boolean(),
  }),
  { maxLength: 4 },
);

const side = fc.record({ naclIn: naclRules, naclOut: naclRules, ingress: sgRules, egress: sgRules });
const network = fc.record({ a: side, b: side });

const SIDES = {
  a: { subnet: '10.0.1.0/24', ip: '10.0.1.10' },
  b: { subnet: '10.0.2.0/24', ip: '10.0.2.20' },
} as const;

const NACL_NAME: Record<number, string> = { [-1]: '-1', 6: 'tcp', 17: 'udp', 1: 'icmp' };
const SG_NAME: Record<number, string> = { [-1]: '-1', 6: 'tcp', 17: 'udp', 1: 'icmp' };

/** What `aws ec2 describe-*` would print for the network. */
function cliExport(net: { a: Side; b: Side }): unknown {
  const entry = (r: NaclRuleSpec, egress: boolean) => ({
    RuleNumber: r.number,
    Egress: egress,
    RuleAction: r.action,
    Protocol: String(r.protocol),
    CidrBlock: r.cidr,
    ...(r.protocol === 6 || r.protocol === 17 ? { PortRange: { From: r.ports[0], To: r.ports[1] } } : {}),
    ...(r.protocol === 1 ? { IcmpTypeCode: { Type: r.icmp[0], Code: r.icmp[1] } } : {}),
  });
  const permission = (r: SgRuleSpec) => ({
    IpProtocol: r.protocol === -1 ? '-1' : SG_NAME[r.protocol],
    ...(r.protocol === 6 || r.protocol === 17 ? { FromPort: r.ports[0], ToPort: r.ports[1] } : r.protocol === 1 ? { FromPort: r.icmp[0], ToPort: r.icmp[1] } : {}),
    IpRanges: 'cidr' in r.peer ? [{ CidrIp: r.peer.cidr }] : [],
    Ipv6Ranges: [],
    PrefixListIds: [],
    UserIdGroupPairs: 'group' in r.peer ? [{ GroupId: `sg-${r.peer.group}`, UserId: '111122223333' }] : [],
  });
  const deny = (egress: boolean) => ({ RuleNumber: 32767, Egress: egress, RuleAction: 'deny', Protocol: '-1', CidrBlock: '0.0.0.0/0' });
  const names = ['a', 'b'] as const;
  return {
    Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', IsDefault: false, Tags: [{ Key: 'Name', Value: 'main' }] }],
    Subnets: names.map((n) => ({ SubnetId: `subnet-${n}`, VpcId: 'vpc-1', CidrBlock: SIDES[n].subnet, Tags: [{ Key: 'Name', Value: n }] })),
    NetworkAcls: names.map((n) => ({
      NetworkAclId: `acl-${n}`,
      VpcId: 'vpc-1',
      IsDefault: false,
      Associations: [{ NetworkAclId: `acl-${n}`, SubnetId: `subnet-${n}` }],
      Entries: [...net[n].naclIn.map((r) => entry(r, false)), deny(false), ...net[n].naclOut.map((r) => entry(r, true)), deny(true)],
      Tags: [{ Key: 'Name', Value: n }],
    })),
    SecurityGroups: names.map((n) => ({
      GroupId: `sg-${n}`,
      GroupName: n,
      Description: 'Managed by Terraform',
      VpcId: 'vpc-1',
      IpPermissions: net[n].ingress.map(permission),
      IpPermissionsEgress: net[n].egress.map(permission),
      Tags: [{ Key: 'Name', Value: n }],
    })),
    Reservations: [
      {
        Instances: names.map((n) => ({
          InstanceId: `i-${n}`,
          Tags: [{ Key: 'Name', Value: n }],
          NetworkInterfaces: [{ NetworkInterfaceId: `eni-${n}`, SubnetId: `subnet-${n}`, VpcId: 'vpc-1', PrivateIpAddress: SIDES[n].ip, Groups: [{ GroupId: `sg-${n}` }], Attachment: { DeviceIndex: 0 } }],
        })),
      },
    ],
  };
}

/**
 * What `terraform show -json` would print for a plan creating the network: every id unknown until apply,
 * references in the configuration; NACL rules inline or as aws_network_acl_rule, group references as
 * aws_security_group_rule, protocols as names or numbers.
 */
function terraformPlan(net: { a: Side; b: Side }): unknown {
  const changes: unknown[] = [];
  const config: unknown[] = [];
  const add = (address: string, after: Record<string, unknown>, unknown: Record<string, unknown>, expressions: Record<string, unknown>) => {
    const [type, name] = address.split('.') as [string, string];
    changes.push({ address, mode: 'managed', type, name, provider_name: 'registry.terraform.io/hashicorp/aws', change: { actions: ['create'], before: null, after, after_unknown: unknown } });
    config.push({ address, mode: 'managed', type, name, provider_config_key: 'aws', expressions, schema_version: 0 });
  };
  const ref = (address: string) => ({ references: [`${address}.id`, address] });
  add('aws_vpc.main', { cidr_block: '10.0.0.0/16', tags: { Name: 'main' } }, { id: true, arn: true, default_network_acl_id: true, default_security_group_id: true }, { cidr_block: { constant_value: '10.0.0.0/16' } });
  const proto = (p: number, named: boolean, names: Record<number, string>) => (named ? names[p]! : String(p));
  const aclBlock = (r: NaclRuleSpec) => ({
    rule_no: r.number,
    action: r.action,
    protocol: proto(r.protocol, r.named, NACL_NAME),
    cidr_block: r.cidr,
    ipv6_cidr_block: '',
    from_port: r.protocol === 6 || r.protocol === 17 ? r.ports[0] : 0,
    to_port: r.protocol === 6 || r.protocol === 17 ? r.ports[1] : 0,
    icmp_type: r.protocol === 1 ? r.icmp[0] : 0,
    icmp_code: r.protocol === 1 ? r.icmp[1] : 0,
  });
  const sgPorts = (r: SgRuleSpec) =>
    r.protocol === 6 || r.protocol === 17 ? { from_port: r.ports[0], to_port: r.ports[1] } : r.protocol === 1 ? { from_port: r.icmp[0], to_port: r.icmp[1] } : { from_port: 0, to_port: 0 };
  for (const n of ['a', 'b'] as const) {
    const s = net[n];
    add(`aws_subnet.${n}`, { cidr_block: SIDES[n].subnet, tags: { Name: n } }, { id: true, vpc_id: true, availability_zone: true }, { vpc_id: ref('aws_vpc.main'), cidr_block: { constant_value: SIDES[n].subnet } });
    const inline = (list: NaclRuleSpec[]) => list.filter((r) => !r.standalone).map(aclBlock);
    add(
      `aws_network_acl.${n}`,
      { ingress: inline(s.naclIn), egress: inline(s.naclOut), tags: { Name: n } },
      { id: true, vpc_id: true, subnet_ids: true, arn: true },
      { vpc_id: ref('aws_vpc.main'), subnet_ids: { references: [`aws_subnet.${n}.id`, `aws_subnet.${n}`] } },
    );
    for (const [list, egress] of [
      [s.naclIn, false],
      [s.naclOut, true],
    ] as const) {
      for (const r of list.filter((x) => x.standalone)) {
        const b = aclBlock(r);
        add(
          `aws_network_acl_rule.${n}_${egress ? 'out' : 'in'}_${r.number}`,
          { rule_number: b.rule_no, egress, rule_action: b.action, protocol: b.protocol, cidr_block: b.cidr_block, ipv6_cidr_block: null, from_port: b.from_port, to_port: b.to_port, icmp_type: r.protocol === 1 ? b.icmp_type : null, icmp_code: r.protocol === 1 ? b.icmp_code : null },
          { id: true, network_acl_id: true },
          { network_acl_id: ref(`aws_network_acl.${n}`) },
        );
      }
    }
    const cidrRule = (r: SgRuleSpec) => ({ protocol: proto(r.protocol, r.named, SG_NAME), ...sgPorts(r), cidr_blocks: 'cidr' in r.peer ? [r.peer.cidr] : [], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: '' });
    add(
      `aws_security_group.${n}`,
      { name: n, description: 'Managed by Terraform', ingress: s.ingress.filter((r) => 'cidr' in r.peer).map(cidrRule), egress: s.egress.filter((r) => 'cidr' in r.peer).map(cidrRule), tags: { Name: n } },
      { id: true, arn: true, owner_id: true, vpc_id: true },
      { name: { constant_value: n }, vpc_id: ref('aws_vpc.main') },
    );
    for (const [list, type] of [
      [s.ingress, 'ingress'],
      [s.egress, 'egress'],
    ] as const) {
      list.forEach((r, i) => {
        if (!('group' in r.peer)) return;
        const self = r.peer.group === n && r.named;
        add(
          `aws_security_group_rule.${n}_${type}_${i}`,
          { type, protocol: proto(r.protocol, r.named, SG_NAME), ...sgPorts(r), self, cidr_blocks: null, ipv6_cidr_blocks: null, prefix_list_ids: null },
          { id: true, security_group_id: true, source_security_group_id: true },
          { security_group_id: ref(`aws_security_group.${n}`), ...(self ? { self: { constant_value: true } } : { source_security_group_id: ref(`aws_security_group.${r.peer.group}`) }) },
        );
      });
    }
    add(
      `aws_instance.${n}`,
      { ami: 'ami-1', instance_type: 't3.micro', private_ip: SIDES[n].ip, tags: { Name: n } },
      { id: true, arn: true, primary_network_interface_id: true, subnet_id: true, vpc_security_group_ids: true, security_groups: true },
      { subnet_id: ref(`aws_subnet.${n}`), vpc_security_group_ids: { references: [`aws_security_group.${n}.id`, `aws_security_group.${n}`] }, private_ip: { constant_value: SIDES[n].ip } },
    );
  }
  return { format_version: '1.2', terraform_version: '1.9.5', planned_values: { root_module: {} }, resource_changes: changes, configuration: { root_module: { resources: config } } };
}

describe('random rule sets written as a Terraform plan and as an AWS CLI export', () => {
  it('give the same model, ids aside, and the same verdicts', () => {
    fc.assert(
      fc.property(network, (net) => {
        const fromPlan = snapshotOf({ 'plan.json': terraformPlan(net) });
        const fromCli = snapshotOf({ 'cli.json': cliExport(net) });
        expect(normalized(fromPlan)).toEqual(normalized(fromCli));
        // Nothing was dropped on both sides alike.
        const naclRuleCount = net.a.naclIn.length + net.a.naclOut.length + net.b.naclIn.length + net.b.naclOut.length;
        expect(fromPlan.nacls.reduce((n, a) => n + a.inbound.length + a.outbound.length, 0)).toBe(naclRuleCount);
        expect(fromPlan.securityGroups.reduce((n, g) => n + g.ingress.length + g.egress.length, 0)).toBe(net.a.ingress.length + net.a.egress.length + net.b.ingress.length + net.b.egress.length);
        expect(verdicts(fromPlan, SIDES.a.ip, SIDES.b.ip)).toEqual(verdicts(fromCli, SIDES.a.ip, SIDES.b.ip));
      }),
      { numRuns: 150 },
    );
  });
});
