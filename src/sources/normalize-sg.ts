// describe-security-groups and describe-security-group-rules objects → SecurityGroup / SgRule.
import { ICMP, ICMPV6, TCP, UDP } from '../model/protocol.js';
import type { IcmpTypeCode, SecurityGroup, SgDirection, SgPeer, SgRule } from '../model/snapshot.js';
import { childLocation, type SourceLocation } from '../model/source.js';
import type { PortRange } from '../net/ports.js';
import type { GroupRuleRecord, Problems } from './document-import.js';
import { bool, compact, int, items, obj, str, tagsOf, text, type JsonObject } from './fields.js';
import { readCidr, readIcmpValue, readPortRange, readProtocol } from './values.js';

export function normalizeSecurityGroup(o: JsonObject, at: SourceLocation, problems: Problems): SecurityGroup | undefined {
  // Permissions are checked even when the group itself is malformed, so one run reports every problem.
  const malformed = problems.invalid(at, ['IpPermissions', 'IpPermissionsEgress']);
  const id = str(o, 'GroupId') ?? '';
  const rules = (key: string, direction: SgDirection): SgRule[] =>
    items(o, key).flatMap(([p, i]) => normalizePermission(p, id, direction, childLocation(at, key, i), problems));
  const ingress = rules('IpPermissions', 'ingress');
  const egress = rules('IpPermissionsEgress', 'egress');
  if (malformed) return undefined;
  return compact({
    id,
    name: text(o, 'GroupName') ?? id,
    vpcId: text(o, 'VpcId'),
    ownerId: text(o, 'OwnerId'),
    description: text(o, 'Description'),
    ingress,
    egress,
    tags: tagsOf(o.Tags),
    source: at,
  });
}

/** One permission → one rule per source (IpRanges, Ipv6Ranges, PrefixListIds, UserIdGroupPairs item). */
export function normalizePermission(p: JsonObject, groupId: string, direction: SgDirection, at: SourceLocation, problems: Problems): SgRule[] {
  const malformed = problems.invalid(at, ['IpRanges', 'Ipv6Ranges', 'PrefixListIds', 'UserIdGroupPairs']);
  const traffic = readTraffic(p, at, problems);
  const rules: SgRule[] = [];
  const add = (peer: SgPeer, item: JsonObject, where: SourceLocation): void => {
    rules.push(compact({ groupId, direction, ...(traffic ?? { protocol: -1 }), peer, description: text(item, 'Description'), source: where }));
  };
  for (const [r, i] of items(p, 'IpRanges')) {
    const where = childLocation(at, 'IpRanges', i);
    if (problems.invalid(where)) continue;
    const cidr = readCidr(str(r, 'CidrIp') as string, childLocation(where, 'CidrIp'), 'CidrIp', problems, 4);
    if (cidr) add({ kind: 'cidr', cidr }, r, where);
  }
  for (const [r, i] of items(p, 'Ipv6Ranges')) {
    const where = childLocation(at, 'Ipv6Ranges', i);
    if (problems.invalid(where)) continue;
    const cidr = readCidr(str(r, 'CidrIpv6') as string, childLocation(where, 'CidrIpv6'), 'CidrIpv6', problems, 6);
    if (cidr) add({ kind: 'cidr', cidr }, r, where);
  }
  for (const [r, i] of items(p, 'PrefixListIds')) {
    const where = childLocation(at, 'PrefixListIds', i);
    if (problems.invalid(where)) continue;
    add({ kind: 'prefix-list', prefixListId: str(r, 'PrefixListId') as string }, r, where);
  }
  for (const [r, i] of items(p, 'UserIdGroupPairs')) {
    const where = childLocation(at, 'UserIdGroupPairs', i);
    if (problems.invalid(where)) continue;
    const peer = groupPeer(r, where, 'UserIdGroupPairs item', problems);
    if (peer) add(peer, r, where);
  }
  return malformed || traffic === undefined ? [] : rules;
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
    const cidr = readCidr(v4, childLocation(at, 'CidrIpv4'), 'CidrIpv4', problems, 4);
    if (cidr) peer = { kind: 'cidr', cidr };
  } else if (v6 !== undefined) {
    const cidr = readCidr(v6, childLocation(at, 'CidrIpv6'), 'CidrIpv6', problems, 6);
    if (cidr) peer = { kind: 'cidr', cidr };
  } else if (pl !== undefined) {
    peer = { kind: 'prefix-list', prefixListId: pl };
  } else if (ref !== undefined) {
    peer = groupPeer(ref, childLocation(at, 'ReferencedGroupInfo'), 'ReferencedGroupInfo', problems);
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
  if (['IpProtocol', 'FromPort', 'ToPort'].some((k) => problems.invalid(childLocation(at, k))) || o.IpProtocol === undefined) return undefined;
  const protocol = readProtocol(o.IpProtocol, at, 'IpProtocol', problems);
  if (protocol === undefined) return undefined;
  const from = int(o, 'FromPort');
  const to = int(o, 'ToPort');
  if (protocol === TCP || protocol === UDP) {
    const ports = readPortRange(
      from,
      to,
      at,
      { from: 'FromPort', to: 'ToPort', fromAt: childLocation(at, 'FromPort'), toAt: childLocation(at, 'ToPort') },
      problems,
    );
    return ports && { protocol, ports };
  }
  if (protocol === ICMP || protocol === ICMPV6) {
    return {
      protocol,
      icmp: {
        type: readIcmpValue(from, childLocation(at, 'FromPort'), 'FromPort (ICMP type)', 'type', problems),
        code: readIcmpValue(to, childLocation(at, 'ToPort'), 'ToPort (ICMP code)', 'code', problems),
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
  return compact({
    kind: 'group' as const,
    groupId,
    userId: text(r, 'UserId'),
    vpcId: text(r, 'VpcId'),
    peeringConnectionId: text(r, 'VpcPeeringConnectionId'),
    peeringStatus: text(r, 'PeeringStatus'),
  });
}
