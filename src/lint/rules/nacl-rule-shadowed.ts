import type { Nacl, NaclRule } from '../../model/snapshot.js';
import { coveredRules } from '../earlier-coverage.js';
import { directionText, naclResource, ruleText } from '../finding-text.js';
import type { FindingDraft, LintContext, LintRule } from '../types.js';

/**
 * A rule that can never match: the rules numbered before it (same direction, same address family) decide
 * every packet of its scope. When they all decide it the other way, nacl-rule-overridden reports it
 * instead. AWS's default deny (32767/32768) is never reported.
 */
export const naclRuleShadowed: LintRule = {
  meta: {
    id: 'nacl-rule-shadowed',
    severity: 'warning',
    summary: 'A NACL rule can never match: earlier rules decide all of its traffic first.',
    rationale:
      'NACL rules are read in number order and the first match decides. A rule whose whole scope is taken by earlier rules is dead weight: it misleads readers, hides the rule that really decides, and uses up one of the 20 rules a direction may hold.',
    docs: 'docs/rules/nacl-rule-shadowed.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    const findings: FindingDraft[] = [];
    for (const { nacl, rule, coverage } of coveredRules(ctx.snapshot.nacls)) {
      if (!coverage.actions.has(rule.action)) continue; // decided only the other way: nacl-rule-overridden
      findings.push(shadowed(nacl, rule, coverage.by, coverage.actions.size > 1));
    }
    return findings;
  },
};

function shadowed(nacl: Nacl, rule: NaclRule, by: readonly NaclRule[], mixed: boolean): FindingDraft {
  const direction = directionText(rule.egress);
  const coverers = by.map((r) => ruleText(r));
  const verb = by.length === 1 ? 'decides' : 'decide';
  const flag = rule.egress ? '--egress' : '--ingress';
  return {
    message:
      `${nacl.id} ${direction} rule ${ruleText(rule)} can never match: ${by.length === 1 ? 'rule' : 'rules'} ${coverers.join(', ')} ${verb} all of its traffic first` +
      `${mixed ? `, partly the other way (${rule.action === 'allow' ? 'deny' : 'allow'})` : ''}. ` +
      `It changes nothing but misleads readers and uses up one of the direction's rules. Delete it, or renumber it before #${by[0]!.number} if it was meant to decide.`,
    resource: naclResource(nacl),
    location: rule.source,
    related: by.map((r) => ({ message: `rule ${ruleText(r)} decides this traffic first`, location: r.source })),
    fix: {
      summary: `Delete rule #${rule.number} from ${nacl.id} ${direction}: it never matches.`,
      command: `aws ec2 delete-network-acl-entry --network-acl-id ${nacl.id} ${flag} --rule-number ${rule.number}`,
    },
    key: `${direction}:${rule.number}`,
    details: { ruleNumber: rule.number, direction, action: rule.action, shadowedBy: by.map((r) => r.number), partlyOpposite: mixed },
  };
}
