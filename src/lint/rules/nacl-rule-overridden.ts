import { protocolName } from '../../model/protocol.js';
import type { Nacl, NaclRule } from '../../model/snapshot.js';
import { describeKeys, naclRuleAddresses, protocolMatches, ruleKeys } from '../../engine/match.js';
import { coveredRules } from '../earlier-coverage.js';
import { directionText, naclResource, ruleText } from '../finding-text.js';
import { freeNumberBefore } from '../rule-numbers.js';
import { proposedRuleText, type ProposedNumbers } from '../proposed-numbers.js';
import type { FindingDraft, LintContext, LintRule } from '../types.js';

/**
 * A rule whose whole scope earlier rules decide the opposite way: a deny after a broader allow never
 * denies, an allow after a broader deny never allows. Reported here only, not also as shadowed.
 */
export const naclRuleOverridden: LintRule = {
  meta: {
    id: 'nacl-rule-overridden',
    severity: 'error',
    summary: 'A NACL rule never takes effect: earlier rules decide all of its traffic the opposite way.',
    rationale:
      'The first matching rule decides. A deny numbered after a broader allow blocks nothing; an allow after a broader deny lets nothing through. The author’s intent is silently lost — often a block that people believe is in place.',
    docs: 'docs/rules/nacl-rule-overridden.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    const findings: FindingDraft[] = [];
    for (const { nacl, list, rule, coverage } of coveredRules(ctx.snapshot.nacls)) {
      if (coverage.actions.has(rule.action)) continue; // decided the same way, at least in part: nacl-rule-shadowed
      findings.push(overridden(ctx.proposed, nacl, list, rule, coverage.by));
    }
    return findings;
  },
};

function overridden(proposed: ProposedNumbers, nacl: Nacl, list: readonly NaclRule[], rule: NaclRule, by: readonly NaclRule[]): FindingDraft {
  const direction = directionText(rule.egress);
  const limit = by[0]!.number;
  // The proposal is this rule, moved: its text names the rule so that no other proposal shares it.
  const proposal = proposedRuleText({ action: rule.action, protocol: rule.protocol, ports: `as #${rule.number}`, peer: rule.cidr.text });
  const number = freeNumberBefore(list, limit, (r) => overlaps(r, rule), proposed.takenBy(nacl.id, rule.egress, proposal));
  proposed.claim(nacl.id, rule.egress, number, proposal);
  const effect = rule.action === 'deny' ? 'the deny blocks nothing' : 'the allow lets nothing through';
  const flag = rule.egress ? '--egress' : '--ingress';
  const cidrFlag = rule.cidr.family === 6 ? '--ipv6-cidr-block' : '--cidr-block';
  const keys = rule.ports ? ` --port-range From=${rule.ports.from},To=${rule.ports.to}` : rule.icmp ? ` --icmp-type-code Type=${rule.icmp.type},Code=${rule.icmp.code}` : '';
  const todo =
    number === undefined
      ? `Move it before #${limit}: no rule number is free there, renumber the rules first.`
      : `Re-create it as rule #${number} (before #${limit}) and delete #${rule.number}.`;
  return {
    message:
      `${nacl.id} ${direction} rule ${ruleText(rule)} never takes effect: ${by.length === 1 ? 'rule' : 'rules'} ${by.map((r) => ruleText(r)).join(', ')} ` +
      `${by.length === 1 ? 'decides' : 'decide'} all of its traffic first, the other way, so ${effect}. ${todo}`,
    resource: naclResource(nacl),
    location: rule.source,
    related: by.map((r) => ({ message: `rule ${ruleText(r)} ${r.action}s this traffic first`, location: r.source })),
    fix: {
      summary: todo,
      ...(number === undefined
        ? {}
        : {
            command:
              `aws ec2 create-network-acl-entry --network-acl-id ${nacl.id} ${flag} --rule-number ${number} --protocol ${rule.protocol === -1 ? '-1' : protocolName(rule.protocol)}${keys} ` +
              `${cidrFlag} ${rule.cidr.text} --rule-action ${rule.action} && aws ec2 delete-network-acl-entry --network-acl-id ${nacl.id} ${flag} --rule-number ${rule.number}`,
          }),
    },
    key: `${direction}:${rule.number}`,
    details: { ruleNumber: rule.number, direction, action: rule.action, keys: describeKeys(rule), overriddenBy: by.map((r) => r.number), ...(number !== undefined ? { suggestedNumber: number } : {}) },
  };
}

function overlaps(a: NaclRule, b: NaclRule): boolean {
  if (a.cidr.family !== b.cidr.family) return false;
  if (!protocolMatches(a.protocol, b.protocol) && !protocolMatches(b.protocol, a.protocol)) return false;
  return naclRuleAddresses(a).overlaps(naclRuleAddresses(b)) && ruleKeys(a).overlaps(ruleKeys(b));
}
