import type { Snapshot } from '../model/snapshot.js';
import { SnapshotIndex } from '../model/snapshot-index.js';
import { fingerprintOf } from './fingerprint.js';
import { RULES } from './registry.js';
import { SEVERITIES, defaultSettings, type Finding, type FindingDraft, type LintRule, type LintSettings, type Severity, type Suppression } from './types.js';
import { ProposedNumbers } from './proposed-numbers.js';

export interface RuleOverride {
  readonly enabled?: boolean;
  readonly severity?: Severity;
}

export interface Ignore {
  /** Rule id, or undefined for every rule. */
  readonly ruleId?: string;
  /** Resource id, or undefined for every resource. */
  readonly resourceId?: string;
  readonly reason: string;
}

export interface LintOptions {
  readonly settings?: LintSettings;
  readonly rules?: Readonly<Record<string, RuleOverride>>;
  readonly ignores?: readonly Ignore[];
  /** Fingerprints recorded by `--write-baseline`: findings already known, not gated on. */
  readonly baseline?: ReadonlySet<string>;
  /** For tests: run these rules instead of the registry. */
  readonly ruleSet?: readonly LintRule[];
  /** Hears each rule as it starts (1-based position among the enabled rules): progress for the CLI. */
  readonly onRule?: (rule: LintRule, position: number, count: number) => void;
}

export interface LintResult {
  readonly findings: readonly Finding[];
  /** Rules that ran, for reporters (SARIF tool.driver.rules). */
  readonly rules: readonly LintRule[];
}

/** The tag a resource carries to suppress rules on itself: `synack:ignore = rule-id[,rule-id]`. */
export const IGNORE_TAG = 'synack:ignore';

/**
 * Runs every enabled rule and returns all findings, suppressed ones included and marked — never
 * silently dropped. Order is stable: by resource id, then rule id, then fingerprint.
 */
export function lintSnapshot(snapshot: Snapshot, options: LintOptions = {}): LintResult {
  const index = new SnapshotIndex(snapshot);
  const ctx = { snapshot, index, settings: options.settings ?? defaultSettings(), proposed: new ProposedNumbers() };
  const rules = (options.ruleSet ?? RULES).filter((r) => options.rules?.[r.meta.id]?.enabled !== false);
  const tagIgnores = resourceTagIgnores(snapshot);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const [i, rule] of rules.entries()) {
    options.onRule?.(rule, i + 1, rules.length);
    const severity = options.rules?.[rule.meta.id]?.severity ?? rule.meta.severity;
    for (const draft of rule.check(ctx)) {
      const fingerprint = fingerprintOf(rule.meta.id, draft.resource.id, draft.key);
      if (seen.has(fingerprint)) continue;
      seen.add(fingerprint);
      const suppressed = suppressionFor(rule.meta.id, draft.resource.id, fingerprint, options, tagIgnores);
      findings.push(findingOf(draft, rule.meta.id, severity, fingerprint, suppressed));
    }
  }
  findings.sort((a, b) => cmp(a.resource.id, b.resource.id) || cmp(a.ruleId, b.ruleId) || cmp(a.key, b.key) || cmp(a.fingerprint, b.fingerprint));
  return { findings, rules };
}

/**
 * The finding in one fixed shape, optional fields only when present: spreading drafts of a dozen rules'
 * shapes went through V8's slowest object copy, about 10 µs a finding.
 */
function findingOf(draft: FindingDraft, ruleId: string, severity: Severity, fingerprint: string, suppressed: Suppression | undefined): Finding {
  const f: Mutable<Finding> = { ruleId, severity, message: draft.message, resource: draft.resource, key: draft.key, fingerprint };
  if (draft.location !== undefined) f.location = draft.location;
  if (draft.related !== undefined) f.related = draft.related;
  if (draft.fix !== undefined) f.fix = draft.fix;
  if (draft.details !== undefined) f.details = draft.details;
  if (suppressed !== undefined) f.suppressed = suppressed;
  return f;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function suppressionFor(ruleId: string, resourceId: string, fingerprint: string, options: LintOptions, tagIgnores: ReadonlyMap<string, ReadonlySet<string>>): Suppression | undefined {
  const ignore = options.ignores?.find((i) => (i.ruleId === undefined || i.ruleId === ruleId) && (i.resourceId === undefined || i.resourceId === resourceId));
  if (ignore) return { kind: 'config', reason: ignore.reason };
  const tagged = tagIgnores.get(resourceId);
  if (tagged && (tagged.has(ruleId) || tagged.has('*') || tagged.has('all'))) return { kind: 'tag', reason: `${IGNORE_TAG} tag on ${resourceId}` };
  if (options.baseline?.has(fingerprint)) return { kind: 'baseline', reason: 'in the baseline' };
  return undefined;
}

function resourceTagIgnores(snapshot: Snapshot): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const resources = [...snapshot.nacls, ...snapshot.securityGroups, ...snapshot.subnets, ...snapshot.enis, ...snapshot.vpcs, ...snapshot.instances];
  for (const r of resources) {
    const value = r.tags[IGNORE_TAG];
    if (value) out.set(r.id, new Set(value.split(',').map((s) => s.trim()).filter(Boolean)));
  }
  return out;
}

/** Whether an unsuppressed finding reaches the `--fail-on` threshold. */
export function failsAt(findings: readonly Finding[], threshold: Severity | 'none'): boolean {
  if (threshold === 'none') return false;
  const limit = SEVERITIES.indexOf(threshold);
  return findings.some((f) => !f.suppressed && SEVERITIES.indexOf(f.severity) <= limit);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
