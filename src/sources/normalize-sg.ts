// describe-security-groups and describe-security-group-rules objects → SecurityGroup / SgRule.
import { ICMP, ICMPV6, TCP, UDP } from '../model/protocol.js';
import type { IcmpTypeCode, SecurityGroup, SgDirection, SgPeer, SgRule } from '../model/snapshot.js';
import { childAt, itemAt, type SourceLocation } from '../model/source.js';
import type { Cidr } from '../net/address.js';
import type { PortRange } from '../net/ports.js';
import type { GroupRuleRecord, Problems } from './document-import.js';
import { bool, compact, int, isObject, list, obj, str, tagsOf, text, type Building, type JsonObject } from './fields.js';
import { readCidr, readCidrField, readIcmpField, readPortRange, readProtocol, validPortRange } from './values.js';

const PERMISSION_LISTS = ['IpPermissions', 'IpPermissionsEgress'];
const SOURCE_LISTS = ['IpRanges', 'Ipv6Ranges', 'PrefixListIds', 'UserIdGroupPairs'];

export function normalizeSecurityGroup(o: JsonObject, at: SourceLocation, problems: Problems): SecurityGroup | undefined {
  // Permissions are checked even when the group itself is malformed, so one run reports every problem.
  const malformed = problems.invalid(at, PERMISSION_LISTS);
  const id = str(o, 'GroupId') ?? '';
  const ingress = permissionRules(o, 'IpPermissions', id, 'ingress', at, problems);
  const egress = permissionRules(o, 'IpPermissionsEgress', id, 'egress', at, problems);
  if (malformed) return undefined;
  const group = { id, name: text(o, 'GroupName') ?? id } as Building<SecurityGroup>;
  const vpcId = text(o, 'VpcId');
  if (vpcId !== undefined) group.vpcId = vpcId;
  const ownerId = text(o, 'OwnerId');
  if (ownerId !== undefined) group.ownerId = ownerId;
  const description = text(o, 'Description');
  if (description !== undefined) group.description = description;
  group.ingress = ingress;
  group.egress = egress;
  group.tags = tagsOf(o.Tags);
  group.source = at;
  return group;
}

function permissionRules(o: JsonObject, key: string, groupId: string, direction: SgDirection, at: SourceLocation, problems: Problems): SgRule[] {
  const rules: SgRule[] = [];
  const permissions = list(o, key);
  for (let i = 0; i < permissions.length; i++) {
    const p = permissions[i];
    if (isObject(p)) addPermissionRules(rules, p, groupId, direction, itemAt(at, key, i), problems);
  }
  return rules;
}

/**
 * One permission → one rule per source (IpRanges, Ipv6Ranges, PrefixListIds, UserIdGroupPairs item),
 * appended to `rules`; none when the permission is malformed, but every source is still checked.
 */
function addPermissionRules(rules: SgRule[], p: JsonObject, groupId: string, direction: SgDirection, at: SourceLocation, problems: Problems): void {
  const malformed = problems.invalid(at, SOURCE_LISTS);
  const traffic = readTraffic(p, at, problems);
  for (const key of SOURCE_LISTS) {
    const sources = list(p, key);
    for (let i = 0; i < sources.length; i++) {
      const item = sources[i];
      if (!isObject(item)) continue;
      const where = itemAt(at, key, i);
      if (problems.invalid(where)) continue;
      const peer = sourcePeer(key, item, where, problems);
      if (peer !== undefined && !malformed && traffic !== undefined) rules.push(sgRule(groupId, direction, traffic, peer, text(item, 'Description'), where));
    }
  }
}

/** The peer of one item of the permission's list `key` (one of SOURCE_LISTS). */
function sourcePeer(key: string, r: JsonObject, where: SourceLocation, problems: Problems): SgPeer | undefined {
  switch (key) {
    case 'IpRanges': {
      const cidr = readCidrField(str(r, 'CidrIp') as string, where, 'CidrIp', 'CidrIp', problems, 4);
      return cidr && cidrPeer(cidr);
    }
    case 'Ipv6Ranges': {
      const cidr = readCidrField(str(r, 'CidrIpv6') as string, where, 'CidrIpv6', 'CidrIpv6', problems, 6);
      return cidr && cidrPeer(cidr);
    }
    case 'PrefixListIds':
      return { kind: 'prefix-list', prefixListId: str(r, 'PrefixListId') as string };
    default:
      return groupPeer(r, where, 'UserIdGroupPairs item', problems);
  }
}

/** Peers are immutable and CIDRs shared (parseCidr): the rules of one block share its peer object too. */
function cidrPeer(cidr: Cidr): SgPeer {
  let peer = cidrPeers.get(cidr);
  if (peer === undefined) {
    peer = { kind: 'cidr', cidr };
    if (cidrPeers.size >= 100_000) cidrPeers.clear();
    cidrPeers.set(cidr, peer);
  }
  return peer;
}

const cidrPeers = new Map<Cidr, SgPeer>();

/**
 * The rule in its final shape, one literal per shape: made at once, with optional fields absent rather than
 * undefined (adding fields one by one to tens of thousands of rules costs a growing property store each).
 */
function sgRule(groupId: string, direction: SgDirection, traffic: Traffic, peer: SgPeer, description: string | undefined, source: SourceLocation): SgRule {
  const { protocol, ports, icmp } = traffic;
  if (description === undefined) {
    if (ports !== undefined) return { groupId, direction, protocol, ports, peer, source };
    if (icmp !== undefined) return { groupId, direction, protocol, icmp, peer, source };
    return { groupId, direction, protocol, peer, source };
  }
  if (ports !== undefined) return { groupId, direction, protocol, ports, peer, description, source };
  if (icmp !== undefined) return { groupId, direction, protocol, icmp, peer, description, source };
  return { groupId, direction, protocol, peer, description, source };
}

/** describe-security-group-rules item → SgRule (one source per rule). */
export function normalizeGroupRule(o: JsonObject, at: SourceLocation, problems: Problems): GroupRuleRecord | undefined {
  const malformed = problems.invalid(at);
  const traffic = readTraffic(o, at, problems);
  const v4 = text(o, 'CidrIpv4');
  const v6 = text(o, 'CidrIpv6');
  const pl = text(o, 'PrefixListId');
  const ref = obj(o, 'ReferencedGroupInfo');
  const given = [v4, v6, pl, ref].filter((x) => x !== undefined).length;
  if (given !== 1) {
    problems.add(
      at,
      `security group rule has ${given === 0 ? 'no peer' : `${given} peers`}; expected exactly one of CidrIpv4, CidrIpv6, PrefixListId, ReferencedGroupInfo`,
    );
    return undefined;
  }
  let peer: SgPeer | undefined;
  if (v4 !== undefined) {
    const cidr = readCidr(v4, childAt(at, 'CidrIpv4'), 'CidrIpv4', problems, 4);
    if (cidr) peer = { kind: 'cidr', cidr };
  } else if (v6 !== undefined) {
    const cidr = readCidr(v6, childAt(at, 'CidrIpv6'), 'CidrIpv6', problems, 6);
    if (cidr) peer = { kind: 'cidr', cidr };
  } else if (pl !== undefined) {
    peer = { kind: 'prefix-list', prefixListId: pl };
  } else if (ref !== undefined) {
    peer = groupPeer(ref, childAt(at, 'ReferencedGroupInfo'), 'ReferencedGroupInfo', problems);
  }
  if (malformed || traffic === undefined || peer === undefined) return undefined;
  const rule: SgRule = compact({
    groupId: str(o, 'GroupId') as string,
    direction: (bool(o, 'IsEgress') ? 'egress' : 'ingress') as SgDirection,
    ...traffic,
    peer,
    description: text(o, 'Description'),
    ruleId: text(o, 'SecurityGroupRuleId'),
    source: at,
  });
  return compact({ rule, groupOwnerId: text(o, 'GroupOwnerId') });
}

interface Traffic {
  protocol: number;
  ports?: PortRange;
  icmp?: IcmpTypeCode;
}

/** IpProtocol with FromPort/ToPort: ports for TCP/UDP, type/code for ICMP(v6), nothing otherwise. */
function readTraffic(o: JsonObject, at: SourceLocation, problems: Problems): Traffic | undefined {
  // Fields the schema rejected were reported there.
  if (problems.invalidChild(at, 'IpProtocol') || problems.invalidChild(at, 'FromPort') || problems.invalidChild(at, 'ToPort') || o.IpProtocol === undefined) {
    return undefined;
  }
  const protocol = readProtocol(o.IpProtocol, at, 'IpProtocol', problems);
  if (protocol === undefined) return undefined;
  const from = int(o, 'FromPort');
  const to = int(o, 'ToPort');
  if (protocol === TCP || protocol === UDP) {
    const ports =
      validPortRange(from, to) ??
      readPortRange(from, to, at, { from: 'FromPort', to: 'ToPort', fromAt: childAt(at, 'FromPort'), toAt: childAt(at, 'ToPort') }, problems);
    return ports && { protocol, ports };
  }
  if (protocol === ICMP || protocol === ICMPV6) {
    return {
      protocol,
      icmp: {
        type: readIcmpField(from, at, 'FromPort', 'FromPort (ICMP type)', 'type', problems),
        code: readIcmpField(to, at, 'ToPort', 'ToPort (ICMP code)', 'code', problems),
      },
    };
  }
  return { protocol };
}

function groupPeer(r: JsonObject, at: SourceLocation, what: string, problems: Problems): SgPeer | undefined {
  const groupId = text(r, 'GroupId');
  if (groupId === undefined) {
    const name = text(r, 'GroupName');
    problems.add(
      at,
      `${what} names ${name === undefined ? 'no group' : `group ${JSON.stringify(name)} by name only`}; expected a GroupId (sg-…)`,
    );
    return undefined;
  }
  const userId = text(r, 'UserId');
  const vpcId = text(r, 'VpcId');
  const peeringConnectionId = text(r, 'VpcPeeringConnectionId');
  const peeringStatus = text(r, 'PeeringStatus');
  if (vpcId === undefined && peeringConnectionId === undefined && peeringStatus === undefined) {
    // The usual shapes, as literals (the peering fields are rare).
    return userId === undefined ? { kind: 'group', groupId } : { kind: 'group', groupId, userId };
  }
  return compact({ kind: 'group' as const, groupId, userId, vpcId, peeringConnectionId, peeringStatus });
}
