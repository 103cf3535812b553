/**
 * ESLint-RuleTester-style specification of a lint rule: snapshots it must pass clean (`valid`) and
 * snapshots with the exact findings it must report (`invalid`). Every rule's test file uses it, and the
 * parity test checks each rule's file has both kinds of case.
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot.js';
import { lintSnapshot } from '../../src/lint/run.js';
import { defaultSettings, type LintRule, type LintSettings } from '../../src/lint/types.js';
import { snapshot } from '../helpers/model.js';

export interface ExpectedFinding {
  resourceId: string;
  /** A regular expression or substring the message must contain. */
  message?: RegExp | string;
  key?: string;
  details?: Record<string, unknown>;
  fix?: RegExp | string;
}

export interface ValidCase {
  name: string;
  snapshot: Partial<Snapshot>;
  settings?: Partial<LintSettings>;
}

export interface InvalidCase extends ValidCase {
  findings: ExpectedFinding[];
}

export function ruleTester(rule: LintRule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const run = (c: ValidCase) => lintSnapshot(snapshot(c.snapshot), { ruleSet: [rule], settings: { ...defaultSettings(), ...c.settings } }).findings;
  describe(`${rule.meta.id} (${rule.meta.severity})`, () => {
    if (cases.valid.length === 0 || cases.invalid.length === 0) throw new Error(`${rule.meta.id}: a rule test needs valid and invalid cases`);
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, () => {
          expect(run(c).map((f) => f.message)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, () => {
          const findings = run(c);
          expect(findings.map((f) => f.resource.id).sort(), findings.map((f) => f.message).join('\n')).toEqual(c.findings.map((f) => f.resourceId).sort());
          for (const expected of c.findings) {
            const candidates = findings.filter((f) => f.resource.id === expected.resourceId && (expected.key === undefined || f.key === expected.key));
            expect(candidates.length, `no finding on ${expected.resourceId}${expected.key ? ` with key ${expected.key}` : ''}`).toBeGreaterThan(0);
            const match = candidates.find((f) => expected.message === undefined || (typeof expected.message === 'string' ? f.message.includes(expected.message) : expected.message.test(f.message)));
            expect(match, `message of ${expected.resourceId}: ${candidates.map((f) => f.message).join(' | ')}`).toBeDefined();
            if (expected.details) expect(match!.details).toMatchObject(expected.details);
            if (expected.fix) {
              const fix = match!.fix?.summary ?? '';
              expect(typeof expected.fix === 'string' ? fix.includes(expected.fix) : expected.fix.test(fix), fix).toBe(true);
            }
            expect(match!.ruleId).toBe(rule.meta.id);
            expect(match!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
          }
        });
      }
    });
  });
}
