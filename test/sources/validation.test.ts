import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.js';
import { snapshotFromFiles } from '../../src/sources/index.js';
import { naclsDoc, networkInterfacesDoc, securityGroupsDoc, subnetsDoc } from './cli-docs.js';
import { lineOf, problemsOf, snapshotOf, textOf } from './helpers.js';

/** A one-NACL document whose entries are given. */
function naclWith(entries: object[], extra: object = {}): object {
  return { NetworkAcls: [{ NetworkAclId: 'acl-1', VpcId: 'vpc-1', IsDefault: false, Associations: [], Entries: entries, ...extra }] };
}

const entry = (fields: object): object => ({ Egress: false, Protocol: '6', RuleAction: 'allow', RuleNumber: 100, CidrBlock: '10.0.0.0/8', PortRange: { From: 443, To: 443 }, ...fields });

/** A one-group document whose inbound permissions are given. */
function groupWith(permissions: object[]): object {
  return { SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'web', VpcId: 'vpc-1', IpPermissions: permissions, IpPermissionsEgress: [] }] };
}

describe('input problems', () => {
  it('reports invalid JSON with its line and column', () => {
    const text = '{\n  "NetworkAcls": [\n    {"NetworkAclId": "acl-1",}\n  ]\n}\n';
    const [p, ...rest] = problemsOf({ 'broken.json': text });
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ file: 'broken.json', line: 3 });
    expect(p?.message).toMatch(/^invalid JSON at line 3, column 30: expected a double-quoted property name/);
  });

  it('reports wrong types found by the schema, naming what was found and what was expected', () => {
    const doc = naclWith([entry({ RuleNumber: '100' })], { IsDefault: 'yes' });
    const problems = problemsOf({ 'types.json': doc });
    expect(problems).toEqual([
      { file: 'types.json', pointer: '/NetworkAcls/0/IsDefault', line: lineOf(doc, '"IsDefault"'), message: 'IsDefault is the string "yes"; expected a boolean' },
      {
        file: 'types.json',
        pointer: '/NetworkAcls/0/Entries/0/RuleNumber',
        line: lineOf(doc, '"RuleNumber"'),
        message: 'RuleNumber is the string "100"; expected an integer',
      },
    ]);
  });

  it('reports a missing required field at the object that lacks it', () => {
    const doc = { Subnets: [{ SubnetId: 'subnet-1', CidrBlock: '10.0.0.0/24' }] };
    expect(problemsOf({ 's.json': doc })).toEqual([
      { file: 's.json', pointer: '/Subnets/0', line: 3, message: 'Subnets item without "VpcId"; expected it to be present' },
    ]);
  });

  it('reports a CIDR that does not parse', () => {
    const doc = groupWith([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.300/24' }] }]);
    expect(problemsOf({ 'sg.json': doc })).toEqual([
      {
        file: 'sg.json',
        pointer: '/SecurityGroups/0/IpPermissions/0/IpRanges/0/CidrIp',
        line: lineOf(doc, '"CidrIp"'),
        message: 'CidrIp "10.0.0.300/24" is not a valid CIDR block; expected a block such as 10.0.0.0/16',
      },
    ]);
  });

  it('reports a CIDR of the wrong family for its field', () => {
    const doc = naclWith([entry({ CidrBlock: '::/0' })]);
    expect(problemsOf({ 'n.json': doc })[0]).toMatchObject({
      pointer: '/NetworkAcls/0/Entries/0/CidrBlock',
      message: 'CidrBlock "::/0" is an IPv6 block; expected an IPv4 block such as 10.0.0.0/16',
    });
  });

  it('reports a CIDR with host bits set and suggests the canonical block', () => {
    const doc = naclWith([entry({ CidrBlock: '10.0.0.18/18' })]);
    expect(problemsOf({ 'n.json': doc })).toEqual([
      {
        file: 'n.json',
        pointer: '/NetworkAcls/0/Entries/0/CidrBlock',
        line: lineOf(doc, '"CidrBlock"'),
        message: 'CidrBlock "10.0.0.18/18" has host bits set; AWS stores canonical blocks: did you mean 10.0.0.0/18?',
      },
    ]);
  });

  it('reports a NACL port outside 0-65535 and a range whose From is above its To', () => {
    const doc = naclWith([entry({ PortRange: { From: 80, To: 70000 } }), entry({ RuleNumber: 110, PortRange: { From: 443, To: 80 } })]);
    expect(problemsOf({ 'n.json': doc })).toEqual([
      {
        file: 'n.json',
        pointer: '/NetworkAcls/0/Entries/0/PortRange/To',
        line: lineOf(doc, '"To": 70000'),
        message: 'PortRange.To 70000 is outside 0-65535; expected a port 0-65535',
      },
      {
        file: 'n.json',
        pointer: '/NetworkAcls/0/Entries/1/PortRange',
        line: lineOf(doc, '"PortRange"', 2),
        message: 'PortRange.From 443 is greater than PortRange.To 80; expected PortRange.From <= PortRange.To',
      },
    ]);
  });

  it('reports security group ports outside 0-65535 and From above To', () => {
    const doc = groupWith([
      { IpProtocol: 'tcp', FromPort: -1, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
      { IpProtocol: 'udp', FromPort: 53, ToPort: 52, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
    ]);
    expect(problemsOf({ 'sg.json': doc })).toEqual([
      {
        file: 'sg.json',
        pointer: '/SecurityGroups/0/IpPermissions/0/FromPort',
        line: lineOf(doc, '"FromPort": -1'),
        message: 'FromPort -1 is outside 0-65535; expected a port 0-65535',
      },
      {
        file: 'sg.json',
        pointer: '/SecurityGroups/0/IpPermissions/1',
        line: lineOf(doc, '"IpProtocol": "udp"') - 1,
        message: 'FromPort 53 is greater than ToPort 52; expected FromPort <= ToPort',
      },
    ]);
  });

  it('reports NACL rule numbers outside 1-32766 except the default 32767 and 32768', () => {
    const doc = naclWith([
      entry({ RuleNumber: 0 }),
      entry({ RuleNumber: 32769 }),
      entry({ RuleNumber: 32767, Protocol: '-1', CidrBlock: '0.0.0.0/0', RuleAction: 'deny' }),
      entry({ RuleNumber: 32768, Protocol: '-1', CidrBlock: undefined, Ipv6CidrBlock: '::/0', RuleAction: 'deny' }),
    ]);
    const problems = problemsOf({ 'n.json': doc });
    expect(problems.map((p) => [p.pointer, p.line, p.message])).toEqual([
      [
        '/NetworkAcls/0/Entries/0/RuleNumber',
        lineOf(doc, '"RuleNumber": 0'),
        "RuleNumber 0 is out of range; expected 1-32766 (32767 and 32768 are only AWS's default deny rules)",
      ],
      [
        '/NetworkAcls/0/Entries/1/RuleNumber',
        lineOf(doc, '"RuleNumber": 32769'),
        "RuleNumber 32769 is out of range; expected 1-32766 (32767 and 32768 are only AWS's default deny rules)",
      ],
    ]);
  });

  it('reports an unknown protocol', () => {
    const doc = naclWith([entry({ Protocol: 'gre' })]);
    expect(problemsOf({ 'n.json': doc })).toEqual([
      {
        file: 'n.json',
        pointer: '/NetworkAcls/0/Entries/0/Protocol',
        line: lineOf(doc, '"Protocol"'),
        message: 'Protocol "gre" is not a protocol; expected -1 (all), a protocol number 0-255, or tcp, udp, icmp, icmpv6',
      },
    ]);
    const sg = groupWith([{ IpProtocol: '300', IpRanges: [{ CidrIp: '10.0.0.0/8' }] }]);
    expect(problemsOf({ 'sg.json': sg })[0]).toMatchObject({ pointer: '/SecurityGroups/0/IpPermissions/0/IpProtocol', message: expect.stringMatching(/^IpProtocol "300" is not a protocol/) });
  });

  it('reports a TCP or UDP entry without PortRange', () => {
    const doc = naclWith([entry({ PortRange: undefined }), entry({ RuleNumber: 110, Protocol: '17', PortRange: null })]);
    expect(problemsOf({ 'n.json': doc })).toEqual([
      {
        file: 'n.json',
        pointer: '/NetworkAcls/0/Entries/0',
        line: lineOf(doc, '"Egress"') - 1,
        message: 'TCP entry without PortRange; expected PortRange {From, To} for protocols 6 (TCP) and 17 (UDP)',
      },
      {
        file: 'n.json',
        pointer: '/NetworkAcls/0/Entries/1',
        line: lineOf(doc, '"Egress"', 2) - 1,
        message: 'UDP entry without PortRange; expected PortRange {From, To} for protocols 6 (TCP) and 17 (UDP)',
      },
    ]);
  });

  it('reports an entry with both or neither of CidrBlock and Ipv6CidrBlock', () => {
    const doc = naclWith([entry({ Ipv6CidrBlock: '::/0' }), entry({ RuleNumber: 110, CidrBlock: null })]);
    expect(problemsOf({ 'n.json': doc }).map((p) => [p.pointer, p.line, p.message])).toEqual([
      ['/NetworkAcls/0/Entries/0', lineOf(doc, '"Egress"') - 1, 'entry has both CidrBlock "10.0.0.0/8" and Ipv6CidrBlock "::/0"; expected exactly one of them'],
      ['/NetworkAcls/0/Entries/1', lineOf(doc, '"Egress"', 2) - 1, 'entry has neither CidrBlock nor Ipv6CidrBlock; expected exactly one of them'],
    ]);
  });

  it('reports a rule number used twice in one direction, but not the same number inbound and outbound', () => {
    const doc = naclWith([entry({}), entry({ Egress: true }), entry({ CidrBlock: '192.168.0.0/16' })]);
    expect(problemsOf({ 'n.json': doc })).toEqual([
      {
        file: 'n.json',
        pointer: '/NetworkAcls/0/Entries/2/RuleNumber',
        line: lineOf(doc, '"RuleNumber"', 3),
        message: 'inbound rule number 100 of acl-1 is used twice (also at /NetworkAcls/0/Entries/0); expected rule numbers unique per direction',
      },
    ]);
  });

  it('reports a subnet associated with two NACLs', () => {
    const second = { NetworkAcls: [{ NetworkAclId: 'acl-2', VpcId: 'vpc-1', Associations: [{ SubnetId: 'subnet-a' }], Entries: [] }] };
    expect(problemsOf({ 'nacls.json': naclsDoc, 'other.json': second })).toEqual([
      {
        file: 'other.json',
        pointer: '/NetworkAcls/0/Associations/0/SubnetId',
        line: lineOf(second, '"SubnetId"'),
        message:
          'subnet subnet-a is associated with two network ACLs: acl-1 (nacls.json at /NetworkAcls/0/Associations/0/SubnetId) and acl-2; expected exactly one NACL per subnet',
      },
    ]);
  });

  it('reports a NACL association naming a subnet the snapshot lacks, when it holds subnets of that VPC', () => {
    const doc = naclWith([], { Associations: [{ SubnetId: 'subnet-a' }, { SubnetId: 'subnet-gone' }] });
    expect(problemsOf({ 'n.json': doc, 'subnets.json': subnetsDoc })).toEqual([
      {
        file: 'n.json',
        pointer: '/NetworkAcls/0/Associations/1/SubnetId',
        line: lineOf(doc, '"subnet-gone"'),
        message:
          'network ACL acl-1 is associated with subnet subnet-gone, which is not among the 2 subnets of vpc-1 in this snapshot; expected a subnet the snapshot holds (export all subnets, or drop the stale association)',
      },
    ]);
    expect(snapshotOf({ 'n.json': doc }).nacls[0]?.subnetIds).toEqual(['subnet-a', 'subnet-gone']);
  });

  it('reports an ENI in a subnet the snapshot lacks, when it holds subnets of that VPC', () => {
    const doc = { NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', SubnetId: 'subnet-x', VpcId: 'vpc-1', Groups: [] }] };
    expect(problemsOf({ 'e.json': doc, 'subnets.json': subnetsDoc })).toEqual([
      {
        file: 'e.json',
        pointer: '/NetworkInterfaces/0/SubnetId',
        line: lineOf(doc, '"SubnetId"'),
        message: 'network interface eni-1 is in subnet subnet-x, which is not among the 2 subnets of vpc-1 in this snapshot; expected a subnet the snapshot holds',
      },
    ]);
  });

  it('reports an ENI carrying a group the snapshot lacks, when it holds groups of that VPC', () => {
    const doc = { NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', VpcId: 'vpc-1', Groups: [{ GroupId: 'sg-1' }, { GroupId: 'sg-gone' }] }] };
    expect(problemsOf({ 'e.json': doc, 'sg.json': securityGroupsDoc })).toEqual([
      {
        file: 'e.json',
        pointer: '/NetworkInterfaces/0/Groups/1/GroupId',
        line: lineOf(doc, '"sg-gone"'),
        message:
          'network interface eni-1 carries security group sg-gone, which is not among the 2 groups of vpc-1 in this snapshot; expected a group the snapshot holds',
      },
    ]);
    expect(snapshotOf({ 'e.json': doc }).enis[0]?.groupIds).toEqual(['sg-1', 'sg-gone']);
  });

  it('does not report a security group rule that references an unknown group (a lint finding, not an input error)', () => {
    const doc = groupWith([{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: 'sg-deleted' }] }]);
    expect(snapshotOf({ 'sg.json': doc }).securityGroups[0]?.ingress[0]?.peer).toEqual({ kind: 'group', groupId: 'sg-deleted' });
  });

  it('reports prefix list entries without a list id and says how to name them', () => {
    expect(problemsOf({ 'entries.json': { Entries: [{ Cidr: '10.0.0.0/8' }] } })).toEqual([
      {
        file: 'entries.json',
        pointer: '/Entries',
        line: 2,
        message:
          'prefix list entries (get-managed-prefix-list-entries output) without a prefix list id; expected a top-level "PrefixListId": "pl-…" next to "Entries", or the list id in the file name (e.g. pl-0123456789abcdef0.json)',
      },
    ]);
  });

  it('reports an ICMP type outside -1..255', () => {
    const doc = naclWith([entry({ Protocol: '1', PortRange: undefined, IcmpTypeCode: { Type: 300, Code: -1 } })]);
    expect(problemsOf({ 'n.json': doc })[0]).toMatchObject({
      pointer: '/NetworkAcls/0/Entries/0/IcmpTypeCode/Type',
      message: 'IcmpTypeCode.Type 300 is outside -1..255; expected -1 (all) or an ICMP type 0-255',
    });
  });

  it('reports an invalid address on a network interface', () => {
    const doc = { NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', PrivateIpAddress: '10.0.0.256' }] };
    expect(problemsOf({ 'e.json': doc })[0]).toMatchObject({
      pointer: '/NetworkInterfaces/0/PrivateIpAddress',
      message: 'PrivateIpAddress "10.0.0.256" is not a valid IP address; expected an address such as 10.0.0.5 or 2001:db8::5',
    });
  });

  it('reports a file named explicitly that is in no format synack reads', () => {
    expect(problemsOf({ 'Addresses.json': { Addresses: [] } })).toEqual([
      {
        file: 'Addresses.json',
        pointer: '',
        line: 1,
        message: expect.stringMatching(/^not a format synack reads; expected AWS CLI describe-\* output/),
      },
    ]);
  });

  it('reports every problem of every file at once, in one InputError', () => {
    const a = naclWith([entry({ CidrBlock: '10.0.0.1/8' }), entry({ RuleNumber: 40000 }), entry({ RuleNumber: 120, Protocol: 'bogus' })]);
    const b = groupWith([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 80000, IpRanges: [{ CidrIp: 'nope' }] }]);
    let error: unknown;
    try {
      snapshotFromFiles([
        { path: 'a.json', text: textOf(a), explicit: true },
        { path: 'b.json', text: textOf(b), explicit: true },
        { path: 'c.json', text: '[', explicit: true },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems;
    expect(problems.map((p) => `${p.file} ${p.pointer ?? ''}`)).toEqual([
      'a.json /NetworkAcls/0/Entries/0/CidrBlock',
      'a.json /NetworkAcls/0/Entries/1/RuleNumber',
      'a.json /NetworkAcls/0/Entries/2/Protocol',
      'b.json /SecurityGroups/0/IpPermissions/0/ToPort',
      'b.json /SecurityGroups/0/IpPermissions/0/IpRanges/0/CidrIp',
      'c.json ',
    ]);
    expect(problems.every((p) => typeof p.line === 'number')).toBe(true);
    expect((error as InputError).message.split('\n')).toHaveLength(6);
    expect((error as InputError).message.split('\n')[0]).toBe(
      `a.json:${lineOf(a, '"10.0.0.1/8"')} /NetworkAcls/0/Entries/0/CidrBlock: CidrBlock "10.0.0.1/8" has host bits set; AWS stores canonical blocks: did you mean 10.0.0.0/8?`,
    );
  });
});

describe('the same resource in several files', () => {
  it('keeps one copy of an identical resource', () => {
    const s = snapshotOf({ 'a.json': naclsDoc, 'b.json': naclsDoc, 'enis.json': networkInterfacesDoc, 'enis-again.json': networkInterfacesDoc });
    expect(s.nacls.map((n) => n.id)).toEqual(['acl-1', 'acl-default']);
    expect(s.nacls[0]?.source.file).toBe('a.json');
    expect(s.enis).toHaveLength(2);
    expect(s.inputs).toEqual(['a.json', 'b.json', 'enis.json', 'enis-again.json']);
  });

  it('treats the same data at other places in the file (other key order, nulls) as identical', () => {
    const [acl] = naclsDoc.NetworkAcls;
    const reordered = { NetworkAcls: [{ ...acl, Entries: [...(acl?.Entries ?? [])].reverse(), Extra: null }] };
    expect(snapshotOf({ 'a.json': naclsDoc, 'b.json': reordered }).nacls).toHaveLength(2);
  });

  it('reports a resource whose copies differ, naming both files', () => {
    const changed = { SecurityGroups: [{ ...securityGroupsDoc.SecurityGroups[1], Description: 'changed' }] };
    expect(problemsOf({ 'a.json': securityGroupsDoc, 'b.json': changed })).toEqual([
      {
        file: 'b.json',
        pointer: '/SecurityGroups/0',
        line: 3,
        message:
          'security group sg-2 is defined twice with different content: in a.json at /SecurityGroups/1 and in b.json at /SecurityGroups/0; expected one definition per id (load one export per resource)',
      },
    ]);
  });
});
