import { describeKeys, describeProtocol, ruleKeys } from '../../engine/match.js';
import { formatPortSet } from '../../net/ports.js';
import type { FindingDraft, LintContext, LintRule } from '../types.js';
import { groupLabel, revokeCommand, sgRuleKey, sgRuleText } from '../sg-text.js';
import { isWorldOpenAdmin, portSetOf, worldExposure } from '../world-exposure.js';

export const sgWorldOpen: LintRule = {
  meta: {
    id: 'sg-world-open',
    severity: 'warning',
    summary: 'A security group allows inbound TCP/UDP from 0.0.0.0/0 or ::/0 to ports that are neither web ports nor admin ports.',
    rationale:
      'Every port open to the internet is scanned; services on unusual ports (8080, 9000, game or VPN ports) are often development servers or dashboards never meant to be public.',
    docs: 'docs/rules/sg-world-open.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    const findings: FindingDraft[] = [];
    const web = portSetOf(ctx.settings.webPorts);
    for (const group of ctx.snapshot.securityGroups) {
      for (const rule of group.ingress) {
        const exposure = worldExposure(rule, ctx.settings);
        // Admin ports and all-port rules are sg-world-open-admin's (an error); not reported twice.
        if (exposure === undefined || isWorldOpenAdmin(exposure)) continue;
        const open = ruleKeys(rule).subtract(web);
        if (open.isEmpty()) continue;
        const cidr = rule.peer.kind === 'cidr' ? rule.peer.cidr : undefined;
        const ports = formatPortSet(open);
        const plural = open.sizeNumber() > 1;
        findings.push({
          message:
            `Security group ${groupLabel(group)} allows inbound ${sgRuleText(rule)}: ${describeProtocol(rule.protocol)} port${plural ? 's' : ''} ${ports} ${plural ? 'are' : 'is'} reachable ` +
            `from any ${cidr?.family === 6 ? 'IPv6' : 'IPv4'} address on the internet, and whatever listens there is scanned and probed. ` +
            `If the service is meant to be public, serve it on a web port (${ctx.settings.webPorts.join(', ') || 'none configured'}) behind a load balancer or add the port to webPorts; ` +
            `otherwise narrow ${cidr?.text ?? 'the source'} to the clients that need it.`,
          resource: { type: 'security-group', id: group.id, ...(group.name ? { name: group.name } : {}) },
          location: rule.source,
          key: sgRuleKey(rule),
          fix: { summary: `Narrow ${cidr?.text ?? 'the source'} to the clients of ${describeProtocol(rule.protocol)} ${ports}, or revoke the rule.`, command: revokeCommand(rule) },
          details: { openPorts: open.toNumberRanges(), cidr: cidr?.text, protocol: describeProtocol(rule.protocol), ports: describeKeys(rule) },
        });
      }
    }
    return findings;
  },
};
