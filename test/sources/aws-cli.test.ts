import { describe, expect, it } from 'vitest';
import { cidr, ip } from '../../src/net/address.js';
import {
  awsPrefixListsDoc,
  groupRulesDoc,
  managedPrefixListsDoc,
  naclsDoc,
  networkInterfacesDoc,
  prefixListEntriesDoc,
  reservationsDoc,
  routeTablesDoc,
  securityGroupsDoc,
  subnetsDoc,
  vpcsDoc,
} from './cli-docs.js';
import { snapshotOf } from './helpers.js';

describe('AWS CLI describe-network-acls', () => {
  const [acl, def] = snapshotOf({ 'nacls.json': naclsDoc }).nacls;

  it('reads the NACL with its VPC, associations, name tag and owner', () => {
    expect(acl).toMatchObject({ id: 'acl-1', vpcId: 'vpc-1', isDefault: false, subnetIds: ['subnet-a'], name: 'web', ownerId: '111122223333' });
    expect(acl?.tags).toEqual({ Name: 'web' });
    expect(def).toMatchObject({ id: 'acl-default', isDefault: true, subnetIds: ['subnet-b'] });
    expect(def?.name).toBeUndefined();
  });

  it('splits entries by Egress and sorts each direction by ascending rule number', () => {
    expect(acl?.inbound.map((r) => r.number)).toEqual([90, 100, 110, 120, 130, 140, 32767, 32768]);
    expect(acl?.outbound.map((r) => r.number)).toEqual([100, 32767]);
    expect(acl?.inbound.every((r) => !r.egress && r.naclId === 'acl-1')).toBe(true);
    expect(acl?.outbound.every((r) => r.egress)).toBe(true);
  });

  it('points each rule at its entry in the file, in export order', () => {
    expect(acl?.inbound[0]?.source).toEqual({ file: 'nacls.json', pointer: '/NetworkAcls/0/Entries/8' });
    expect(acl?.outbound[0]?.source).toEqual({ file: 'nacls.json', pointer: '/NetworkAcls/0/Entries/1' });
    expect(acl?.source).toEqual({ file: 'nacls.json', pointer: '/NetworkAcls/0' });
    expect(acl?.source.line).toBeUndefined();
  });

  it('keeps ports only for TCP and UDP, from PortRange', () => {
    const byNumber = new Map(acl?.inbound.map((r) => [r.number, r]));
    expect(byNumber.get(100)).toMatchObject({ protocol: 6, action: 'allow', cidr: cidr('0.0.0.0/0'), ports: { from: 443, to: 443 } });
    expect(byNumber.get(90)).toMatchObject({ protocol: 17, action: 'deny', ports: { from: 53, to: 53 } });
    expect(byNumber.get(90)?.icmp).toBeUndefined();
    expect(byNumber.get(140)?.protocol).toBe(50);
    expect(byNumber.get(140)?.ports).toBeUndefined();
  });

  it('keeps ICMP type/code for protocol 1, and for 58 only with an IPv6 CIDR (all types when absent)', () => {
    const byNumber = new Map(acl?.inbound.map((r) => [r.number, r]));
    expect(byNumber.get(110)).toMatchObject({ protocol: 1, icmp: { type: 3, code: 4 } });
    expect(byNumber.get(120)).toMatchObject({ protocol: 58, icmp: { type: -1, code: -1 }, cidr: cidr('2001:db8::/32') });
    expect(byNumber.get(130)?.icmp).toBeUndefined();
    expect(byNumber.get(110)?.ports).toBeUndefined();
  });

  it('reads uncompressed upper-case IPv6 CIDRs in canonical form', () => {
    expect(acl?.inbound.find((r) => r.number === 120)?.cidr.text).toBe('2001:db8::/32');
  });

  it('marks 32767 (0.0.0.0/0) and 32768 (::/0) denies as the default deny, and nothing else', () => {
    expect(acl?.inbound.filter((r) => r.isDefaultDeny).map((r) => [r.number, r.cidr.text])).toEqual([
      [32767, '0.0.0.0/0'],
      [32768, '::/0'],
    ]);
    expect(acl?.outbound.filter((r) => r.isDefaultDeny).map((r) => r.number)).toEqual([32767]);
    expect(def?.inbound[0]?.isDefaultDeny).toBe(false);
  });
});

describe('AWS CLI describe-security-groups', () => {
  const [web, db] = snapshotOf({ 'sg.json': securityGroupsDoc }).securityGroups;

  it('reads the group fields', () => {
    expect(web).toMatchObject({ id: 'sg-1', name: 'web', vpcId: 'vpc-1', ownerId: '111122223333', description: 'web servers', tags: { env: 'prod' } });
    expect(db).toMatchObject({ id: 'sg-2', name: 'db', ingress: [], egress: [] });
  });

  it('splits a permission with several sources into one rule per source, each pointing at its source item', () => {
    const first = web?.ingress.filter((r) => r.source.pointer.startsWith('/SecurityGroups/0/IpPermissions/0/'));
    expect(first?.map((r) => [r.source.pointer, r.peer.kind, r.description])).toEqual([
      ['/SecurityGroups/0/IpPermissions/0/IpRanges/0', 'cidr', 'world'],
      ['/SecurityGroups/0/IpPermissions/0/IpRanges/1', 'cidr', undefined],
      ['/SecurityGroups/0/IpPermissions/0/Ipv6Ranges/0', 'cidr', 'world v6'],
      ['/SecurityGroups/0/IpPermissions/0/PrefixListIds/0', 'prefix-list', 's3'],
      ['/SecurityGroups/0/IpPermissions/0/UserIdGroupPairs/0', 'group', undefined],
    ]);
    expect(first?.every((r) => r.protocol === 6 && r.ports?.from === 443 && r.ports.to === 443 && r.groupId === 'sg-1')).toBe(true);
    expect(first?.[2]?.peer).toEqual({ kind: 'cidr', cidr: cidr('::/0') });
    expect(first?.[3]?.peer).toEqual({ kind: 'prefix-list', prefixListId: 'pl-1' });
    expect(first?.[4]?.peer).toEqual({ kind: 'group', groupId: 'sg-2', userId: '111122223333' });
  });

  it('reads protocol -1 without FromPort/ToPort as all traffic, without ports', () => {
    const all = web?.ingress.find((r) => r.source.pointer === '/SecurityGroups/0/IpPermissions/1/UserIdGroupPairs/0');
    expect(all).toMatchObject({ protocol: -1, direction: 'ingress', peer: { kind: 'group', groupId: 'sg-1' } });
    expect(all?.ports).toBeUndefined();
    expect(all?.icmp).toBeUndefined();
    expect(web?.egress).toHaveLength(1);
    expect(web?.egress[0]).toMatchObject({ protocol: -1, direction: 'egress', peer: { kind: 'cidr', cidr: cidr('0.0.0.0/0') } });
  });

  it('reads ICMP FromPort/ToPort as type/code and ignores ports of other protocols', () => {
    const icmp = web?.ingress.find((r) => r.protocol === 1);
    expect(icmp?.icmp).toEqual({ type: 3, code: 4 });
    expect(icmp?.ports).toBeUndefined();
    expect(web?.ingress.find((r) => r.protocol === 58)?.icmp).toEqual({ type: -1, code: -1 });
    const esp = web?.ingress.find((r) => r.protocol === 50);
    expect(esp?.ports).toBeUndefined();
    expect(esp?.icmp).toBeUndefined();
  });

  it('keeps the peering details of a cross-VPC group reference', () => {
    const peered = web?.ingress.find((r) => r.peer.kind === 'group' && r.peer.groupId === 'sg-9');
    expect(peered?.peer).toEqual({ kind: 'group', groupId: 'sg-9', userId: '444455556666', vpcId: 'vpc-9', peeringConnectionId: 'pcx-1', peeringStatus: 'active' });
  });
});

describe('AWS CLI describe-security-group-rules', () => {
  const snapshot = snapshotOf({ 'sg.json': securityGroupsDoc, 'rules.json': groupRulesDoc });
  const byId = new Map(snapshot.securityGroups.map((g) => [g.id, g]));

  it("replace the permission-derived rules of a group that has them, with rule ids and -1/-1 read as all traffic", () => {
    const web = byId.get('sg-1');
    expect(web?.name).toBe('web');
    expect(web?.ingress.map((r) => r.ruleId)).toEqual(['sgr-1', 'sgr-3', 'sgr-4']);
    expect(web?.egress.map((r) => r.ruleId)).toEqual(['sgr-2']);
    expect(web?.ingress[0]).toMatchObject({ protocol: 6, ports: { from: 22, to: 22 }, peer: { kind: 'cidr', cidr: cidr('10.0.0.0/8') }, description: 'ssh' });
    expect(web?.ingress[0]?.source).toEqual({ file: 'rules.json', pointer: '/SecurityGroupRules/0' });
    expect(web?.ingress[1]).toMatchObject({ protocol: 17, ports: { from: 53, to: 53 }, peer: { kind: 'prefix-list', prefixListId: 'pl-1' } });
    expect(web?.ingress[2]?.peer).toEqual({ kind: 'group', groupId: 'sg-2', userId: '111122223333' });
    expect(web?.egress[0]).toMatchObject({ protocol: -1, peer: { kind: 'cidr', cidr: cidr('::/0') } });
    expect(web?.egress[0]?.ports).toBeUndefined();
  });

  it('leaves groups without rules in the file as described', () => {
    expect(byId.get('sg-2')?.ingress).toEqual([]);
  });

  it('gives a group known only from its rules a stub named by its id', () => {
    const stub = byId.get('sg-7');
    expect(stub).toMatchObject({ id: 'sg-7', name: 'sg-7', ownerId: '111122223333', egress: [], tags: {} });
    expect(stub?.vpcId).toBeUndefined();
    expect(stub?.ingress.map((r) => r.ruleId)).toEqual(['sgr-5']);
  });
});

describe('AWS CLI describe-vpcs and describe-subnets', () => {
  const snapshot = snapshotOf({ 'vpcs.json': vpcsDoc, 'subnets.json': subnetsDoc });

  it('reads a VPC with its primary block first, then associated IPv4 and IPv6 blocks', () => {
    const [vpc] = snapshot.vpcs;
    expect(vpc).toMatchObject({ id: 'vpc-1', isDefault: false, ownerId: '111122223333', name: 'prod' });
    expect(vpc?.cidrs.map((c) => c.text)).toEqual(['10.0.0.0/16', '100.64.0.0/16', '2600:1f18:aaaa:bb00::/56']);
  });

  it('reads a subnet with its IPv4 block then its associated IPv6 blocks', () => {
    const [a, b] = snapshot.subnets;
    expect(a).toMatchObject({ id: 'subnet-a', vpcId: 'vpc-1', availabilityZone: 'eu-west-1a', name: 'public-a' });
    expect(a?.cidrs.map((c) => c.text)).toEqual(['10.0.1.0/24', '2600:1f18:aaaa:bb01::/64']);
    expect(b?.cidrs).toEqual([cidr('10.0.2.0/24')]);
    expect(b?.source).toEqual({ file: 'subnets.json', pointer: '/Subnets/1' });
  });
});

describe('AWS CLI describe-network-interfaces and describe-instances', () => {
  const snapshot = snapshotOf({ 'enis.json': networkInterfacesDoc, 'instances.json': reservationsDoc });
  const enis = new Map(snapshot.enis.map((e) => [e.id, e]));

  it('reads an ENI: groups, primary private IP first, IPv6 addresses, type, description, tags from TagSet', () => {
    const eni = enis.get('eni-2');
    expect(eni).toMatchObject({
      subnetId: 'subnet-a',
      vpcId: 'vpc-1',
      groupIds: ['sg-1', 'sg-2'],
      interfaceType: 'interface',
      description: 'second interface',
      requesterManaged: false,
      instanceId: 'i-1',
      deviceIndex: 1,
      name: 'web-eth1',
      tags: { Name: 'web-eth1' },
    });
    expect(eni?.privateIps).toEqual([ip('10.0.1.20'), ip('10.0.1.21')]);
    expect(eni?.ipv6s).toEqual([ip('2600:1f18:aaaa:bb01::10')]);
    expect(enis.get('eni-3')).toMatchObject({ requesterManaged: true, description: 'ELB app/my-alb/50dc6c495c0c9188' });
    expect(enis.get('eni-3')?.instanceId).toBeUndefined();
  });

  it('prefers describe-network-interfaces over the copy inside the instance', () => {
    expect(enis.get('eni-2')?.source).toEqual({ file: 'enis.json', pointer: '/NetworkInterfaces/0' });
    expect(snapshot.enis.filter((e) => e.id === 'eni-2')).toHaveLength(1);
  });

  it("adds instance interfaces not described elsewhere, with the instance id and device index", () => {
    expect(enis.get('eni-1')).toMatchObject({ instanceId: 'i-1', deviceIndex: 0, groupIds: ['sg-1'], privateIps: [ip('10.0.1.10')] });
    expect(enis.get('eni-1')?.source).toEqual({ file: 'instances.json', pointer: '/Reservations/0/Instances/0/NetworkInterfaces/1' });
  });

  it('reads an instance with its interfaces (primary first), platform, state and name', () => {
    const [web] = snapshot.instances;
    expect(web).toMatchObject({ id: 'i-1', eniIds: ['eni-1', 'eni-2'], platform: 'windows', platformDetails: 'Windows', state: 'running', name: 'web-1' });
    expect(web?.source).toEqual({ file: 'instances.json', pointer: '/Reservations/0/Instances/0' });
  });

  it('keeps a terminated instance without interfaces', () => {
    const dead = snapshot.instances.find((i) => i.id === 'i-dead');
    expect(dead).toMatchObject({ eniIds: [], state: 'terminated', platformDetails: 'Linux/UNIX', tags: {} });
    expect(dead?.platform).toBeUndefined();
  });
});

describe('AWS CLI prefix lists', () => {
  it('leaves the CIDRs of a managed prefix list unknown without its entries', () => {
    const [pl] = snapshotOf({ 'pl.json': managedPrefixListsDoc }).prefixLists;
    expect(pl).toMatchObject({ id: 'pl-1', name: 'corp', maxEntries: 10, family: 4 });
    expect(pl?.cidrs).toBeUndefined();
  });

  it('attaches get-managed-prefix-list-entries output named by a top-level PrefixListId', () => {
    const lists = snapshotOf({ 'pl.json': managedPrefixListsDoc, 'entries.json': { PrefixListId: 'pl-1', ...prefixListEntriesDoc } }).prefixLists;
    expect(lists.find((p) => p.id === 'pl-1')?.cidrs).toEqual([cidr('192.168.0.0/24'), cidr('192.168.10.0/24')]);
    expect(lists.find((p) => p.id === 'pl-2')?.cidrs).toBeUndefined();
  });

  it('attaches entries named by the pl- id in the file name', () => {
    const lists = snapshotOf({ 'pl.json': managedPrefixListsDoc, 'exports/entries-pl-2.json': { Entries: [{ Cidr: '2001:db8::/48' }] } }).prefixLists;
    expect(lists.find((p) => p.id === 'pl-2')).toMatchObject({ family: 6, cidrs: [cidr('2001:db8::/48')] });
  });

  it('creates the list from entries alone when it is not described', () => {
    const [pl] = snapshotOf({ 'pl-0abc.json': prefixListEntriesDoc }).prefixLists;
    expect(pl).toMatchObject({ id: 'pl-0abc', family: 4, cidrs: [cidr('192.168.0.0/24'), cidr('192.168.10.0/24')] });
    expect(pl?.source).toEqual({ file: 'pl-0abc.json', pointer: '/Entries' });
  });

  it('reads describe-prefix-lists with the CIDRs inline', () => {
    const [pl] = snapshotOf({ 'aws-pl.json': awsPrefixListsDoc }).prefixLists;
    expect(pl).toMatchObject({ id: 'pl-68a54001', name: 'com.amazonaws.us-west-2.s3', family: 4 });
    expect(pl?.cidrs?.map((c) => c.text)).toEqual(['52.218.128.0/17', '54.231.160.0/19']);
  });
});

describe('AWS CLI input in general', () => {
  it('keeps route tables verbatim', () => {
    expect(snapshotOf({ 'rt.json': routeTablesDoc }).routeTables).toEqual(routeTablesDoc.RouteTables);
  });

  it('reads several lists from one file and several VPCs per snapshot', () => {
    const other = { ...vpcsDoc.Vpcs[0], VpcId: 'vpc-2', CidrBlock: '10.1.0.0/16', CidrBlockAssociationSet: [] };
    const snapshot = snapshotOf({ 'all.json': { ...naclsDoc, ...subnetsDoc, Vpcs: [vpcsDoc.Vpcs[0], other] } });
    expect(snapshot.vpcs.map((v) => v.id)).toEqual(['vpc-1', 'vpc-2']);
    expect(snapshot.nacls).toHaveLength(2);
    expect(snapshot.subnets).toHaveLength(2);
    expect(snapshot.inputs).toEqual(['all.json']);
  });

  it('unwraps a cloud-custodian placebo response and points into its data', () => {
    const snapshot = snapshotOf({ 'ec2.DescribeSecurityGroups_1.json': { status_code: 200, data: { ...securityGroupsDoc, ResponseMetadata: {} } } });
    expect(snapshot.securityGroups[0]?.source.pointer).toBe('/data/SecurityGroups/0');
  });

  it('accepts explicit nulls for absent fields, extra fields and ids that do not look like AWS ids', () => {
    const doc = {
      NetworkAcls: [
        {
          Associations: [{ NetworkAclAssociationId: null, NetworkAclId: 'NetworkAclId:1', SubnetId: null }],
          Entries: [
            { CidrBlock: '0.0.0.0/0', Egress: true, IcmpTypeCode: null, Ipv6CidrBlock: null, PortRange: null, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
            { CidrBlock: null, Egress: false, IcmpTypeCode: null, Ipv6CidrBlock: '::/0', PortRange: { From: 22, To: 22 }, Protocol: '6', RuleAction: 'allow', RuleNumber: 100, Extra: { any: 1 } },
          ],
          IsDefault: null,
          NetworkAclId: 'NetworkAclId:1',
          OwnerId: null,
          Tags: null,
          VpcId: 'VpcId:1',
        },
      ],
      SecurityGroups: [
        {
          Description: null,
          GroupId: 'GroupId:1',
          GroupName: null,
          IpPermissions: [
            { FromPort: null, IpProtocol: '-1', IpRanges: null, Ipv6Ranges: null, PrefixListIds: null, ToPort: null, UserIdGroupPairs: [{ Description: null, GroupId: 'GroupId:1', GroupName: null, PeeringStatus: null, UserId: null, VpcId: null, VpcPeeringConnectionId: null }] },
          ],
          IpPermissionsEgress: null,
          OwnerId: null,
          Tags: null,
          VpcId: null,
        },
      ],
      Subnets: [{ CidrBlock: '10.0.0.0/24', Ipv6CidrBlockAssociationSet: null, SubnetId: 'SubnetId:1', Tags: null, VpcId: 'VpcId:1', AvailabilityZone: null }],
      Reservations: [{ Instances: [{ InstanceId: 'InstanceId:1', NetworkInterfaces: null, Platform: null, State: null, Tags: null }] }],
    };
    const s = snapshotOf({ 'nulls.json': doc });
    expect(s.nacls[0]).toMatchObject({ id: 'NetworkAclId:1', vpcId: 'VpcId:1', isDefault: false, subnetIds: [], tags: {} });
    expect(s.nacls[0]?.inbound[0]).toMatchObject({ cidr: cidr('::/0'), ports: { from: 22, to: 22 } });
    expect(s.securityGroups[0]).toMatchObject({ id: 'GroupId:1', name: 'GroupId:1', egress: [] });
    expect(s.securityGroups[0]?.ingress[0]?.peer).toEqual({ kind: 'group', groupId: 'GroupId:1' });
    expect(s.subnets[0]?.cidrs).toEqual([cidr('10.0.0.0/24')]);
    expect(s.instances[0]).toMatchObject({ id: 'InstanceId:1', eniIds: [] });
  });
});
