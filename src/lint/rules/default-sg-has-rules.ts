import type { FindingDraft, LintContext, LintRule } from '../types.js';
import { sgRuleText } from '../sg-text.js';

/** AWS's own default rules count too: the CIS AWS Foundations Benchmark and Security Hub EC2.2 want the default group empty. */
export const defaultSgHasRules: LintRule = {
  meta: {
    id: 'default-sg-has-rules',
    severity: 'warning',
    summary: 'A VPC\'s default security group has inbound or outbound rules.',
    rationale:
      'Anything launched without an explicit group lands in the default group and silently gets its access; with no rules it gets none, which makes the mistake visible at once (CIS AWS Foundations Benchmark, Security Hub control EC2.2).',
    docs: 'docs/rules/default-sg-has-rules.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    const findings: FindingDraft[] = [];
    for (const group of ctx.snapshot.securityGroups) {
      if (group.name !== 'default') continue;
      const rules = [...group.ingress, ...group.egress];
      if (rules.length === 0) continue;
      const listed = rules.slice(0, 4).map((r) => `${r.direction === 'ingress' ? 'inbound' : 'outbound'} ${sgRuleText(r)}`);
      const more = rules.length > listed.length ? `, and ${rules.length - listed.length} more` : '';
      const users = ctx.index.enisWithGroup(group.id);
      const attached = users.length > 0 ? ` It is attached to ${users.length} interface${users.length === 1 ? '' : 's'} (${users.slice(0, 5).map((e) => e.id).join(', ')}${users.length > 5 ? ', …' : ''}): move ${users.length === 1 ? 'it' : 'them'} to purpose-built groups first.` : '';
      findings.push({
        message:
          `Default security group ${group.id}${group.vpcId ? ` of ${group.vpcId}` : ''} has ${rules.length} rule${rules.length === 1 ? '' : 's'} (${group.ingress.length} inbound, ${group.egress.length} outbound: ` +
          `${listed.join('; ')}${more}): resources launched without a group land in it and silently get this access. ` +
          `The CIS AWS Foundations Benchmark (Security Hub EC2.2) asks for the default group to restrict all traffic: remove every rule (it cannot be deleted) and use purpose-built groups.${attached}`,
        resource: { type: 'security-group', id: group.id, name: group.name },
        location: group.source,
        related: rules.map((r) => ({ message: `${r.direction} rule ${sgRuleText(r)}`, location: r.source })),
        key: 'has-rules',
        fix: {
          summary: `Revoke every rule of ${group.id} (${rules.length} in all).`,
          command: `aws ec2 revoke-security-group-ingress --group-id ${group.id} --security-group-rule-ids <ids>; aws ec2 revoke-security-group-egress --group-id ${group.id} --security-group-rule-ids <ids>`,
        },
        details: { inbound: group.ingress.length, outbound: group.egress.length, attachedEnis: users.length },
      });
    }
    return findings;
  },
};
