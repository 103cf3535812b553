/**
 * What the earlier rules of a NACL list decide of a rule's scope: the question behind nacl-rule-shadowed
 * (decided the same way) and nacl-rule-overridden (decided only the other way).
 */
import type { Nacl, NaclRule, RuleAction } from '../model/snapshot.js';
import { naclRuleAddresses, ruleKeys } from '../engine/match.js';
import { evaluateNacl } from '../engine/nacl.js';
import { protocolsToCheck } from './protocols-to-check.js';

export interface EarlierCoverage {
  /** Earlier rules decide every packet the rule could match. */
  readonly covered: boolean;
  /** What the earlier rules decide on the rule's scope. */
  readonly actions: ReadonlySet<RuleAction>;
  /** The earlier rules that decide part of the rule's scope, in rule order. */
  readonly by: readonly NaclRule[];
}

/**
 * What the rules numbered before `rule` (same list, same family) decide of its scope — protocol × CIDR
 * × keys — evaluated with the engine once per protocol the rule covers.
 */
export function earlierCoverage(rules: readonly NaclRule[], rule: NaclRule): EarlierCoverage {
  const family = rule.cidr.family;
  const earlier = rules.filter((r) => r.number < rule.number && r.cidr.family === family);
  const actions = new Set<RuleAction>();
  const by = new Set<NaclRule>();
  let covered = true;
  for (const protocol of protocolsToCheck(rule.protocol, earlier)) {
    const segments = evaluateNacl(earlier, { protocol, family, addresses: naclRuleAddresses(rule), keys: ruleKeys(rule) });
    for (const s of segments) {
      if (!s.rule) covered = false;
      else {
        actions.add(s.action);
        by.add(s.rule);
      }
    }
  }
  return { covered, actions, by: [...by].sort((a, b) => a.number - b.number) };
}

/** A rule whose whole scope earlier rules decide, with what they decide. */
export interface CoveredRule {
  readonly nacl: Nacl;
  /** The rule's list: the NACL's inbound or outbound rules. */
  readonly list: readonly NaclRule[];
  readonly rule: NaclRule;
  readonly coverage: EarlierCoverage;
}

/**
 * Every rule of the NACLs that earlier rules decide entirely, NACL by NACL, inbound then outbound, in rule
 * order. AWS's default deny is never one. Lazy, so callers that claim rule numbers do so in this order.
 */
export function* coveredRules(nacls: readonly Nacl[]): Generator<CoveredRule> {
  for (const nacl of nacls) {
    for (const list of [nacl.inbound, nacl.outbound]) {
      for (const rule of list) {
        if (rule.isDefaultDeny) continue;
        const coverage = earlierCoverage(list, rule);
        if (coverage.covered && coverage.by.length > 0) yield { nacl, list, rule, coverage };
      }
    }
  }
}
