import type { LintRule } from './types.js';

/**
 * Every lint rule, imported explicitly (no file-system scanning at run time). Adding a rule touches its
 * file in rules/, its test, its page in docs/rules/ and one line here.
 */
export const RULES: readonly LintRule[] = [];

export function ruleById(id: string): LintRule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
