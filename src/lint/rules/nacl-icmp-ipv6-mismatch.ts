import { describeKeys } from '../../engine/match.js';
import { ICMP, ICMPV6 } from '../../model/protocol.js';
import type { Nacl, NaclRule, SecurityGroup, SgRule } from '../../model/snapshot.js';
import type { Cidr } from '../../net/address.js';
import type { FindingDraft, LintContext, LintRule } from '../types.js';
import { groupLabel, sgRuleKey } from '../sg-text.js';

/**
 * ICMP (protocol 1) exists only over IPv4 and ICMPv6 (protocol 58) only over IPv6. A NACL entry or a
 * security group rule that pairs one with the other family's CIDR is accepted by AWS and matches nothing.
 */
export const naclIcmpIpv6Mismatch: LintRule = {
  meta: {
    id: 'nacl-icmp-ipv6-mismatch',
    severity: 'error',
    summary: 'A NACL entry or security group rule uses ICMP (1) with an IPv6 CIDR, or ICMPv6 (58) with an IPv4 CIDR: it matches nothing.',
    rationale:
      'IPv6 carries ICMPv6, never ICMP. An "icmp from ::/0" allow therefore lets no IPv6 ping or Path MTU "packet too big" message through, and a deny of that shape blocks nothing; IPv6 connections then hang on large packets.',
    docs: 'docs/rules/nacl-icmp-ipv6-mismatch.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    const findings: FindingDraft[] = [];
    for (const nacl of ctx.snapshot.nacls) {
      for (const rule of [...nacl.inbound, ...nacl.outbound]) {
        if (mismatched(rule.protocol, rule.cidr)) findings.push(naclFinding(nacl, rule));
      }
    }
    for (const group of ctx.snapshot.securityGroups) {
      for (const rule of [...group.ingress, ...group.egress]) {
        if (rule.peer.kind === 'cidr' && mismatched(rule.protocol, rule.peer.cidr)) findings.push(groupFinding(group, rule, rule.peer.cidr));
      }
    }
    return findings;
  },
};

function mismatched(protocol: number, cidr: Cidr): boolean {
  return (protocol === ICMP && cidr.family === 6) || (protocol === ICMPV6 && cidr.family === 4);
}

function explain(protocol: number): { name: string; right: string; consequence: string } {
  return protocol === ICMP
    ? {
        name: 'protocol 1 (ICMP, IPv4 only)',
        right: 'protocol 58 (ICMPv6) with the IPv6 type numbers (echo request 128, echo reply 129, destination unreachable 1, packet too big 2)',
        consequence: 'IPv6 ping and Path MTU discovery ("packet too big") are not covered by it',
      }
    : {
        name: 'protocol 58 (ICMPv6, IPv6 only)',
        right: 'protocol 1 (ICMP) with the IPv4 type numbers (echo request 8, echo reply 0, destination unreachable 3, code 4 for "fragmentation needed")',
        consequence: 'IPv4 ping and Path MTU discovery (type 3 code 4) are not covered by it',
      };
}

function naclFinding(nacl: Nacl, rule: NaclRule): FindingDraft {
  const dir = rule.egress ? 'outbound' : 'inbound';
  const e = explain(rule.protocol);
  const effect = rule.action === 'allow' ? `it allows nothing and ${e.consequence}` : 'the deny blocks nothing';
  return {
    message:
      `NACL ${nacl.id} ${dir} rule ${rule.number} (${rule.action} ${e.name} ${rule.egress ? 'to' : 'from'} ${rule.cidr.text}) pairs ICMP of one IP version with a CIDR of the other: ` +
      `it can never match a packet, so ${effect}. Use ${e.right}.`,
    resource: { type: 'nacl', id: nacl.id, ...(nacl.name ? { name: nacl.name } : {}) },
    location: rule.source,
    key: `${dir}:${rule.number}`,
    fix: { summary: `Change rule ${rule.number} to protocol ${rule.protocol === ICMP ? 58 : 1} for ${rule.cidr.text}.` },
    details: { ruleNumber: rule.number, protocol: rule.protocol, cidr: rule.cidr.text, family: rule.cidr.family },
  };
}

function groupFinding(group: SecurityGroup, rule: SgRule, cidr: Cidr): FindingDraft {
  const dir = rule.direction === 'ingress' ? 'inbound' : 'outbound';
  const e = explain(rule.protocol);
  return {
    message:
      `Security group ${groupLabel(group)} ${dir} rule (${rule.protocol === ICMP ? 'icmp' : 'icmpv6'} ${describeKeys(rule)} ${rule.direction === 'ingress' ? 'from' : 'to'} ${cidr.text}) uses ${e.name} with ` +
      `an IPv${cidr.family} CIDR: it can never match a packet, so it allows nothing and ${e.consequence}. Use ${e.right}.`,
    resource: { type: 'security-group', id: group.id, ...(group.name ? { name: group.name } : {}) },
    location: rule.source,
    key: sgRuleKey(rule),
    fix: { summary: `Replace the rule with IpProtocol ${rule.protocol === ICMP ? 'icmpv6' : 'icmp'} for ${cidr.text}.` },
    details: { protocol: rule.protocol, cidr: cidr.text, family: cidr.family },
  };
}
