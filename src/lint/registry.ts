import { defaultSgHasRules } from './rules/default-sg-has-rules.js';
import { ipv6Gap } from './rules/ipv6-gap.js';
import { naclIcmpIpv6Mismatch } from './rules/nacl-icmp-ipv6-mismatch.js';
import { naclReturnMissing } from './rules/nacl-return-missing.js';
import { naclReturnPartial } from './rules/nacl-return-partial.js';
import { naclReturnRangeExposes } from './rules/nacl-return-range-exposes.js';
import { naclRuleOverridden } from './rules/nacl-rule-overridden.js';
import { naclRuleShadowed } from './rules/nacl-rule-shadowed.js';
import { naclUnassociated } from './rules/nacl-unassociated.js';
import { naclWorldOpenAdmin } from './rules/nacl-world-open-admin.js';
import { pmtudBlocked } from './rules/pmtud-blocked.js';
import { quotaExceeded } from './rules/quota-exceeded.js';
import { sgReferenceDangling } from './rules/sg-reference-dangling.js';
import { sgRuleDead } from './rules/sg-rule-dead.js';
import { sgRuleRedundant } from './rules/sg-rule-redundant.js';
import { sgUnused } from './rules/sg-unused.js';
import { sgWorldOpen } from './rules/sg-world-open.js';
import { sgWorldOpenAdmin } from './rules/sg-world-open-admin.js';
import type { LintRule } from './types.js';

/**
 * Every lint rule, imported explicitly (no file-system scanning at run time). Adding a rule touches its
 * file in rules/, its test, its page in docs/rules/ and one line here.
 */
export const RULES: readonly LintRule[] = [
  defaultSgHasRules,
  ipv6Gap,
  naclIcmpIpv6Mismatch,
  naclReturnMissing,
  naclReturnPartial,
  naclReturnRangeExposes,
  naclRuleOverridden,
  naclRuleShadowed,
  naclUnassociated,
  naclWorldOpenAdmin,
  pmtudBlocked,
  quotaExceeded,
  sgReferenceDangling,
  sgRuleDead,
  sgRuleRedundant,
  sgUnused,
  sgWorldOpen,
  sgWorldOpenAdmin,
];

export function ruleById(id: string): LintRule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
