/** How findings name security groups and their rules, and the command that revokes a rule. */
import { describeKeys, describeProtocol } from '../engine/match.js';
import { PROTOCOL_ALL } from '../model/protocol.js';
import type { SecurityGroup, SgRule } from '../model/snapshot.js';

export function sgRuleText(rule: SgRule): string {
  const p = rule.peer;
  const peer = p.kind === 'cidr' ? p.cidr.text : p.kind === 'prefix-list' ? p.prefixListId : p.groupId;
  const ports = describeKeys(rule);
  const what = rule.protocol === PROTOCOL_ALL ? 'all traffic' : `${describeProtocol(rule.protocol)} ${ports === 'all' ? 'all ports' : ports}`;
  return `${what} ${rule.direction === 'ingress' ? 'from' : 'to'} ${peer}`;
}

export function sgRuleKey(rule: SgRule): string {
  const p = rule.peer;
  const peer = p.kind === 'cidr' ? p.cidr.text : p.kind === 'prefix-list' ? p.prefixListId : p.groupId;
  return `${rule.direction}:${describeProtocol(rule.protocol)}:${describeKeys(rule)}:${peer}`;
}

/** `aws ec2 revoke-security-group-ingress|egress …` for one rule: by its sgr- id when known. */
export function revokeCommand(rule: SgRule): string {
  const verb = rule.direction === 'ingress' ? 'revoke-security-group-ingress' : 'revoke-security-group-egress';
  if (rule.ruleId) return `aws ec2 ${verb} --group-id ${rule.groupId} --security-group-rule-ids ${rule.ruleId}`;
  const p = rule.peer;
  const peer =
    p.kind === 'cidr'
      ? p.cidr.family === 4
        ? `IpRanges=[{CidrIp=${p.cidr.text}}]`
        : `Ipv6Ranges=[{CidrIpv6=${p.cidr.text}}]`
      : p.kind === 'prefix-list'
        ? `PrefixListIds=[{PrefixListId=${p.prefixListId}}]`
        : `UserIdGroupPairs=[{GroupId=${p.groupId}}]`;
  const range = rule.ports ? `,FromPort=${rule.ports.from},ToPort=${rule.ports.to}` : rule.icmp ? `,FromPort=${rule.icmp.type},ToPort=${rule.icmp.code}` : '';
  return `aws ec2 ${verb} --group-id ${rule.groupId} --ip-permissions 'IpProtocol=${rule.protocol === PROTOCOL_ALL ? '-1' : describeProtocol(rule.protocol)}${range},${peer}'`;
}

export function groupLabel(group: SecurityGroup): string {
  return group.name && group.name !== group.id ? `${group.id} (${group.name})` : group.id;
}
