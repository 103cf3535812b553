// CloudFormation templates (YAML with short tags, and JSON) → the model the stack creates.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/engine/flow.js';
import { SnapshotIndex } from '../../src/model/snapshot-index.js';
import type { SecurityGroup, Snapshot } from '../../src/model/snapshot.js';
import { loadSnapshot, snapshotFromFiles } from '../../src/sources/index.js';
import { problemsRejected, problemsThrown } from './helpers.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/cloudformation/${name}`, import.meta.url));
const YAML = fixture('web-stack.yaml');
const JSON_FORM = fixture('web-stack.json');

function ruleTexts(g: SecurityGroup | undefined): string[] {
  return [...(g?.ingress ?? []), ...(g?.egress ?? [])].map((r) => {
    const what = r.ports ? `${r.ports.from}-${r.ports.to}` : r.icmp ? `icmp ${r.icmp.type}/${r.icmp.code}` : '*';
    const peer = r.peer.kind === 'cidr' ? r.peer.cidr.text : r.peer.kind === 'group' ? r.peer.groupId : r.peer.prefixListId;
    return `${r.direction} ${r.protocol} ${what} ${peer} <${r.source.address}>`;
  });
}

/** A template given as text (YAML unless it starts with `{`). */
function template(text: string, name = 'stack.yaml', parameters?: Record<string, string>): Snapshot {
  return snapshotFromFiles([{ path: name, text, explicit: true }], [], undefined, parameters ? { parameters } : {}).snapshot;
}
function templateProblems(text: string, name = 'stack.yaml') {
  return problemsThrown(() => snapshotFromFiles([{ path: name, text, explicit: true }]));
}

describe('CloudFormation: a web and database stack in YAML', async () => {
  const loaded = await loadSnapshot([YAML]);
  const s = loaded.snapshot;
  const group = (id: string) => s.securityGroups.find((g) => g.id === id);

  it('uses logical ids as ids, and evaluates Ref, !Sub, !Join, !Select and !Cidr', () => {
    expect(s.vpcs.map((v) => [v.id, v.name, v.cidrs.map((c) => c.text)])).toEqual([['Vpc', 'prod-vpc', ['10.20.0.0/16']]]);
    expect(s.subnets.map((x) => [x.id, x.vpcId, x.cidrs.map((c) => c.text).join(), x.availabilityZone])).toEqual([
      // The IPv6 block comes from Amazon's pool and the AZ from !GetAZs: AWS's to assign, left out.
      ['WebSubnet', 'Vpc', '10.20.0.0/24', undefined],
      ['DbSubnet', 'Vpc', '10.20.1.0/24', undefined],
    ]);
    expect(group('WebGroup')?.name).toBe('prod-web');
  });

  it('resolves !Ref and !GetAtt X.GroupId to the logical id, and a parameter without Default in an id position to its name', () => {
    expect(ruleTexts(group('DbGroup'))).toEqual([
      'ingress 6 5432-5432 WebGroup <DbGroup>',
      'ingress 6 9187-9187 SharedServicesGroup <DbFromShared>',
      // EC2 stores the block with its host bits cleared (10.20.0.5/16 → 10.20.0.0/16)
      'egress 1 icmp 3/4 10.20.0.0/16 <DbGroup>',
    ]);
  });

  it('evaluates conditions: !If with AWS::NoValue drops the rule, and a resource whose Condition is false is not created', () => {
    // IsProd (Environment defaults to prod): the SSH rule and WebInDevHttp are left out.
    expect(ruleTexts(group('WebGroup')).filter((r) => r.startsWith('ingress'))).toEqual(['ingress 6 443-443 0.0.0.0/0 <WebGroup>']);
    expect(s.nacls.find((n) => n.id === 'WebAcl')?.inbound.map((r) => r.number)).toEqual([100, 110, 120]);
  });

  it("adds AWS's allow-all egress to a group declared without egress rules (and ::/0 when its VPC has IPv6); a standalone rule adds to it", () => {
    expect(ruleTexts(group('WebGroup')).filter((r) => r.startsWith('egress'))).toEqual(['egress -1 * 0.0.0.0/0 <WebGroup>', 'egress -1 * ::/0 <WebGroup>', 'egress 6 5432-5432 DbGroup <WebToDb>']);
    expect(group('WebGroup')?.egress[0]?.description).toBe('default egress rule AWS adds to a group declared without egress rules');
  });

  it('skips a standalone rule without a source: it deploys but adds nothing', () => {
    expect(ruleTexts(group('DbGroup')).some((r) => r.includes('DbNoSource'))).toBe(false);
  });

  it('reads NetworkAclEntry: string numbers and booleans, Egress false by default, Icmp, FindInMap ports, GetAtt CIDRs', () => {
    const web = s.nacls.find((n) => n.id === 'WebAcl')!;
    expect(web).toMatchObject({ vpcId: 'Vpc', isDefault: false, subnetIds: ['WebSubnet'], name: 'web' });
    expect(web.inbound.map((r) => [r.number, r.action, r.protocol, r.cidr.text, r.ports ?? r.icmp ?? null, r.source.address])).toEqual([
      [100, 'allow', 6, '0.0.0.0/0', { from: 443, to: 443 }, 'WebInHttps'],
      [110, 'allow', 6, '10.20.1.0/24', { from: 1024, to: 65535 }, 'WebInReturn'],
      [120, 'allow', 58, '::/0', { type: -1, code: -1 }, 'WebInIcmpV6'],
    ]);
    expect(web.outbound.map((r) => [r.number, r.protocol, r.cidr.text])).toEqual([[100, -1, '0.0.0.0/0']]);
    const db = s.nacls.find((n) => n.id === 'DbAcl')!;
    expect(db.inbound.map((r) => [r.number, r.cidr.text, r.ports])).toEqual([[100, '10.20.0.0/24', { from: 5432, to: 5432 }]]);
  });

  it('reads instances with their interfaces, and attaches a separate interface', () => {
    expect(s.instances.map((i) => [i.id, i.name, i.eniIds])).toEqual([
      ['WebServer', 'web-1', ['WebServer.NetworkInterfaces.0']],
      ['DbServer', 'db-1', ['DbServer.NetworkInterfaces.0', 'DbReplicaInterface']],
    ]);
    expect(s.enis.map((e) => [e.id, e.subnetId, e.vpcId, e.groupIds.join(), e.privateIps.map((a) => a.text).join(), e.instanceId, e.deviceIndex])).toEqual([
      ['DbReplicaInterface', 'DbSubnet', 'Vpc', 'Vpc.DefaultSecurityGroup', '10.20.1.21', 'DbServer', 1],
      ['WebServer.NetworkInterfaces.0', 'WebSubnet', 'Vpc', 'WebGroup', '10.20.0.10', 'WebServer', 0],
      ['DbServer.NetworkInterfaces.0', 'DbSubnet', 'Vpc', 'DbGroup', '10.20.1.20', 'DbServer', 0],
    ]);
  });

  it('traces flows through the stack: web reaches the database on 5432 for Linux clients', () => {
    const index = new SnapshotIndex(s);
    expect(traceFlow(index, { from: 'web-1', to: 'db-1', protocol: 'tcp', port: 5432, clientPorts: 'linux' }).verdict).toBe('reachable');
    expect(traceFlow(index, { from: 'web-1', to: 'db-1', protocol: 'tcp', port: 22 }).verdict).toBe('unreachable');
  });

  it('points each object at its resource with the logical id, and finds YAML lines', () => {
    const rule = group('DbGroup')!.egress[0]!;
    expect(rule.source).toEqual({ file: YAML, pointer: '/Resources/DbGroup/Properties/SecurityGroupEgress/0', address: 'DbGroup' });
    const lines = readFileSync(YAML, 'utf8').split('\n');
    expect(lines[loaded.locate(rule.source)! - 1]).toBe('        - IpProtocol: icmp');
    const entry = s.nacls.find((n) => n.id === 'WebAcl')!.inbound[1]!;
    expect(lines[loaded.locate(entry.source)! - 1]).toBe('  WebInReturn:');
    const ssh = { file: YAML, pointer: '/Resources/WebGroup/Properties/SecurityGroupIngress/1/Fn::If/2/CidrIp' };
    expect(lines[loaded.locate(ssh)! - 1]).toBe('            CidrIp: !Ref AdminCidr');
  });

  it('gives the same model from the JSON form of the template', async () => {
    const json = (await loadSnapshot([JSON_FORM])).snapshot;
    const strip = (x: Snapshot) => JSON.parse(JSON.stringify({ ...x, inputs: [] }, (k, v: unknown) => (k === 'file' ? undefined : typeof v === 'bigint' ? String(v) : v))) as unknown;
    expect(strip(json)).toEqual(strip(s));
  });

  it('uses parameter values given to the loader before Defaults', () => {
    const dev = template(readFileSync(YAML, 'utf8'), 'stack.yaml', { Environment: 'dev', SharedServicesGroup: 'sg-0shared' });
    expect(ruleTexts(dev.securityGroups.find((g) => g.id === 'WebGroup')).filter((r) => r.startsWith('ingress'))).toEqual(['ingress 6 443-443 0.0.0.0/0 <WebGroup>', 'ingress 6 22-22 203.0.113.0/24 <WebGroup>']);
    expect(dev.nacls.find((n) => n.id === 'WebAcl')?.inbound.map((r) => r.number)).toEqual([100, 110, 120, 130]);
    expect(ruleTexts(dev.securityGroups.find((g) => g.id === 'DbGroup'))[1]).toBe('ingress 6 9187-9187 sg-0shared <DbFromShared>');
  });
});

describe('CloudFormation: what only deployment knows', () => {
  const sg = (rule: string, params = '') => `
${params}
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: test
      SecurityGroupIngress:
        - ${rule}
`;

  it('reports a CIDR from a parameter without Default, naming the logical id and property, with its line', () => {
    expect(templateProblems(sg('{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Office}', 'Parameters: {Office: {Type: String}}'))).toEqual([
      {
        file: 'stack.yaml',
        pointer: '/Resources/Sg/Properties/SecurityGroupIngress/0/CidrIp',
        line: 9,
        message: 'Sg SecurityGroupIngress[0]: CidrIp is parameter Office, which has no Default, so synack cannot know it before deployment; pass --parameter Office=VALUE, give parameter Office a Default, or write the value',
      },
    ]);
  });

  it('reports a port from an import, a pseudo parameter, or an SSM parameter', () => {
    const messages = (rule: string, params = '') => templateProblems(sg(rule, params)).map((p) => p.message);
    expect(messages('{IpProtocol: tcp, FromPort: !ImportValue shared-port, ToPort: 443, CidrIp: 10.0.0.0/8}')).toEqual([
      'Sg SecurityGroupIngress[0]: FromPort is Fn::ImportValue shared-port, a value another stack exports, so synack cannot know it before deployment; write the value, or take it from a parameter with a Default',
    ]);
    expect(messages('{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: !Sub "${AWS::Region}"}')).toEqual([
      'Sg SecurityGroupIngress[0]: CidrIp is the pseudo parameter AWS::Region, known at deployment, so synack cannot know it before deployment; write the value, or take it from a parameter with a Default',
    ]);
    expect(messages('{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: !Ref Cidr}', "Parameters: {Cidr: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /net/office}}")).toEqual([
      'Sg SecurityGroupIngress[0]: CidrIp is parameter Cidr, read from SSM Parameter Store at deployment, so synack cannot know it before deployment; write the value, or take it from a parameter with a Default',
    ]);
  });

  it('lets an imported id stand for itself', () => {
    const s = template(sg('{IpProtocol: tcp, FromPort: 443, ToPort: 443, SourceSecurityGroupId: !ImportValue shared-sg}'));
    expect(ruleTexts(s.securityGroups[0])[0]).toBe('ingress 6 443-443 !ImportValue shared-sg <Sg>');
  });

  it('reports a resource whose Condition depends on what only deployment knows', () => {
    const text = `
Conditions:
  InVirginia: !Equals [!Ref 'AWS::Region', us-east-1]
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Condition: InVirginia
    Properties: {GroupDescription: test}
`;
    expect(templateProblems(text).map((p) => [p.pointer, p.line, p.message])).toEqual([
      [
        '/Resources/Sg/Condition',
        7,
        'Sg: the resource exists only if the pseudo parameter AWS::Region, known at deployment holds, which synack cannot know before deployment; give the parameters it depends on a Default',
      ],
    ]);
    expect(template(text, 'stack.yaml', { 'AWS::Region': 'us-east-1' }).securityGroups).toHaveLength(1);
    expect(template(text, 'stack.yaml', { 'AWS::Region': 'eu-west-1' }).securityGroups).toHaveLength(0);
  });

  it('reports a rule with two peers, a rule without protocol, and a source group named only by name', () => {
    const text = `
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: test
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 10.0.0.0/8, SourceSecurityGroupId: sg-1}
        - {FromPort: 80, ToPort: 80, CidrIp: 10.0.0.0/8}
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, SourceSecurityGroupName: other}
`;
    expect(templateProblems(text).map((p) => [p.line, p.message])).toEqual([
      [8, 'Sg SecurityGroupIngress[0]: the rule names 2 peers (CidrIp, SourceSecurityGroupId); expected exactly one of CidrIp, CidrIpv6, SourcePrefixListId, SourceSecurityGroupId, SourceSecurityGroupName'],
      [9, 'Sg SecurityGroupIngress[1]: the rule has no IpProtocol; expected tcp, udp, icmp, icmpv6, -1 (all) or a protocol number'],
      [10, 'Sg SecurityGroupIngress[2]: SourceSecurityGroupName "other" names a group by name only, and no group of the template has that GroupName; expected SourceSecurityGroupId'],
    ]);
  });

  it('reports a NetworkAclEntry without its required properties (schema), and a rule number used twice', () => {
    const text = `
Resources:
  Acl: {Type: AWS::EC2::NetworkAcl, Properties: {VpcId: vpc-1}}
  A: {Type: AWS::EC2::NetworkAclEntry, Properties: {NetworkAclId: !Ref Acl, RuleNumber: 100, Protocol: -1, RuleAction: allow, CidrBlock: 0.0.0.0/0}}
  B: {Type: AWS::EC2::NetworkAclEntry, Properties: {NetworkAclId: !Ref Acl, RuleNumber: 100, Protocol: -1, RuleAction: deny, CidrBlock: 0.0.0.0/0}}
  C: {Type: AWS::EC2::NetworkAclEntry, Properties: {NetworkAclId: !Ref Acl, Protocol: -1, CidrBlock: 0.0.0.0/0}}
  D: {Type: AWS::EC2::NetworkAclEntry, Properties: {NetworkAclId: !Ref Acl, RuleNumber: 100, Protocol: -1, RuleAction: allow, Egress: true, CidrBlock: 0.0.0.0/0}}
`;
    expect(templateProblems(text).map((p) => [p.pointer, p.line, p.message])).toEqual([
      ['/Resources/C/Properties', 6, 'the Properties of C has no "RuleAction"; expected it to be present'],
      ['/Resources/C/Properties', 6, 'the Properties of C has no "RuleNumber"; expected it to be present'],
      ['/Resources/B/Properties/RuleNumber', 5, 'B: inbound rule number 100 of network ACL Acl is also used by A; expected rule numbers unique per direction (AWS rejects the second entry)'],
    ]);
  });

  it('reports invalid YAML and tags that are not CloudFormation functions, with their lines', () => {
    expect(templateProblems('Resources:\n  Sg: !Bogus x\n')).toEqual([
      { file: 'stack.yaml', line: 2, message: 'invalid YAML at line 2: Unresolved tag: !Bogus; expected a CloudFormation short tag (!Ref, !GetAtt, !Sub, !Join, !Select, !If, …)' },
    ]);
    expect(templateProblems('Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Type: again\n')[0]).toMatchObject({ line: 4, message: 'invalid YAML at line 4: Map keys must be unique' });
  });

  it('leaves out entries and associations of a NACL the template does not define, and knows an outside group by its rules', () => {
    const text = `
Parameters: {SharedAcl: {Type: String}, SharedSg: {Type: 'AWS::EC2::SecurityGroup::Id'}}
Resources:
  E: {Type: AWS::EC2::NetworkAclEntry, Properties: {NetworkAclId: !Ref SharedAcl, RuleNumber: 100, Protocol: 6, RuleAction: allow, CidrBlock: 0.0.0.0/0, PortRange: {From: 80, To: 80}}}
  R: {Type: AWS::EC2::SecurityGroupIngress, Properties: {GroupId: !Ref SharedSg, IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0}}
`;
    const s = template(text);
    expect(s.nacls).toEqual([]);
    expect(s.securityGroups.map((g) => [g.id, g.name, ruleTexts(g)])).toEqual([['SharedSg', 'SharedSg', ['ingress 6 80-80 0.0.0.0/0 <R>']]]);
  });
});

describe('CloudFormation among the other inputs', () => {
  it('reads YAML templates in a folder, and skips other YAML, other JSON and other .template files', async () => {
    const { snapshot } = await loadSnapshot([fixture('folder')]);
    expect(snapshot.inputs).toEqual([fixture('folder/network.yaml')]);
    expect(snapshot.nacls.map((n) => n.id)).toEqual(['WebAcl', 'DbAcl']);
  });

  it('reports a YAML file named explicitly that is not a template', async () => {
    expect(await problemsRejected(() => loadSnapshot([fixture('folder/docker-compose.yml')]))).toEqual([
      { file: fixture('folder/docker-compose.yml'), pointer: '', line: 1, message: 'not a CloudFormation template; expected a YAML document with AWSTemplateFormatVersion or Resources whose entries have Type: AWS::…' },
    ]);
  });

  it('reads any file as a template when the source type says so', () => {
    const text = 'Resources:\n  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: x}}\n';
    const { snapshot } = snapshotFromFiles([{ path: 'stack.txt', text, explicit: true }], [], undefined, { sourceType: 'cloudformation' });
    expect(snapshot.securityGroups.map((g) => g.id)).toEqual(['Sg']);
  });
});
