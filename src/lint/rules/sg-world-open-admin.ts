import { describeKeys, describeProtocol } from '../../engine/match.js';
import { PROTOCOL_ALL } from '../../model/protocol.js';
import { groupLabel, revokeCommand, sgRuleKey, sgRuleText } from '../sg-text.js';
import type { FindingDraft, LintContext, LintRule } from '../types.js';
import { describeAdminPorts, isWorldOpenAdmin, worldExposure } from '../world-exposure.js';

export const sgWorldOpenAdmin: LintRule = {
  meta: {
    id: 'sg-world-open-admin',
    severity: 'error',
    summary: 'A security group allows inbound traffic from 0.0.0.0/0 or ::/0 to an administrative or database port, or to all ports.',
    rationale:
      'SSH, RDP and database ports open to the whole internet are found by scanners within minutes and brute-forced or exploited; a security group is the last filter in front of the instance.',
    docs: 'docs/rules/sg-world-open-admin.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    const findings: FindingDraft[] = [];
    for (const group of ctx.snapshot.securityGroups) {
      for (const rule of group.ingress) {
        const exposure = worldExposure(rule, ctx.settings);
        if (!isWorldOpenAdmin(exposure)) continue;
        const cidr = rule.peer.kind === 'cidr' ? rule.peer.cidr : undefined;
        const who = cidr?.family === 6 ? 'any IPv6 address' : 'any IPv4 address';
        const listed = `admin port${exposure.adminPorts.length === 1 ? '' : 's'} ${describeAdminPorts(exposure.adminPorts)}`;
        const everything = rule.protocol === PROTOCOL_ALL ? 'every protocol and port' : 'every port';
        const subject = exposure.allPorts ? (exposure.adminPorts.length > 0 ? `${everything} (including ${listed})` : everything) : listed;
        const verb = exposure.allPorts || exposure.adminPorts.length === 1 ? 'is' : 'are';
        findings.push({
          message:
            `Security group ${groupLabel(group)} allows inbound ${sgRuleText(rule)}: ${subject} ${verb} reachable from ${who} on the internet, ` +
            `and scanners find exposed admin ports within minutes, then brute-force or exploit whatever answers. Restrict the source to the addresses that need it (a VPN or office CIDR, ` +
            `or a bastion's security group), or remove the rule and reach the instances through AWS Systems Manager Session Manager.`,
          resource: { type: 'security-group', id: group.id, ...(group.name ? { name: group.name } : {}) },
          location: rule.source,
          key: sgRuleKey(rule),
          fix: { summary: `Replace ${cidr?.text ?? 'the world CIDR'} with the administrators' addresses or a security group, or revoke the rule.`, command: revokeCommand(rule) },
          details: { adminPorts: exposure.adminPorts, allPorts: exposure.allPorts, cidr: cidr?.text, protocol: describeProtocol(rule.protocol), ports: describeKeys(rule) },
        });
      }
    }
    return findings;
  },
};
