import type * as Sarif from 'sarif';
import { causeLocation, flowText, type DiffResult, type FlowChange } from '../analysis/diff.js';
import { fnv1a64 } from '../lint/fingerprint.js';
import type { Finding, LintRule, RuleMeta } from '../lint/types.js';
import { escapeJsonText } from './escape.js';
import { lintToSarif, type SarifOptions } from './sarif.js';

/**
 * SARIF 2.1.0 output of `synack diff`: the findings the change introduces (`baselineState: new`; suppressed
 * ones listed with their suppression) and one `flow-broken` result per flow the change breaks, located at
 * the rule that now decides it, with the rule that let it through before as a related location. Built by
 * sarif.ts's `lintToSarif`, so both share rule descriptors, locations and fingerprints.
 */

export const FLOW_BROKEN: RuleMeta = {
  id: 'flow-broken',
  severity: 'error',
  summary: 'A flow that worked before the change no longer does.',
  rationale:
    'synack diff traced the flow (named in --flows, or derived from the rules of the "before" snapshot) in both snapshots: it was reachable (or met its expectation) before and is not after. Merging the change drops these connections.',
  docs: 'docs/ci.md',
};

const FLOW_BROKEN_RULE: LintRule = { meta: FLOW_BROKEN, check: () => [] };

export function diffToSarif(result: DiffResult, opts: Omit<SarifOptions, 'baseline'>): Sarif.Log {
  const broken = result.flows.filter((f) => f.kind === 'broken').map(brokenFlowFinding);
  const findings = [...broken, ...result.findings.introduced.map((i) => i.finding)];
  const rules = broken.length > 0 ? [...result.rules, FLOW_BROKEN_RULE] : [...result.rules];
  return lintToSarif({ findings, rules }, { ...opts, baseline: true });
}

export function renderDiffSarif(result: DiffResult, opts: Omit<SarifOptions, 'baseline'>): string {
  return escapeJsonText(JSON.stringify(diffToSarif(result, opts), null, 2)) + '\n';
}

/** A broken flow as a finding: at the deciding rule (else the flow's entry in the flows file). */
export function brokenFlowFinding(f: FlowChange): Finding {
  const cause = f.cause;
  const deciding = cause?.after.find((r) => r.source) ?? cause?.after[0];
  const key = `${f.query.protocol}:${f.query.port}:${f.query.from}>${f.query.to}`;
  const summary = f.after?.summary ?? f.missing ?? '';
  const before = !cause?.before.length
    ? ''
    : cause.effect === 'opened'
      ? ` Before, ${cause.before.map((w) => ruleWords(w.rule)).join(' and ')} denied it; now ${cause.after.map((r) => ruleWords(r)).join(' and ') || 'nothing'} lets it through.`
      : ` Before, ${cause.before.map((w) => `${ruleWords(w.rule)}${w.now ? `, now ${ruleWords(w.now)},` : ' (deleted since)'}`).join(' and ')} let it through.`;
  const message = `${f.name !== undefined ? `${f.name}: ` : ''}${flowText(f)} was ${f.before?.verdict ?? 'absent'} before and is ${f.after?.verdict ?? 'absent'} after: ${summary}.${before}`;
  const location = causeLocation(cause) ?? f.source;
  const fix = f.after?.fixes[0];
  return {
    ruleId: FLOW_BROKEN.id,
    severity: 'error',
    message,
    resource: cause
      ? { type: cause.component === 'nacl' ? 'nacl' : 'security-group', id: deciding?.ownerId ?? cause.ids[0] ?? cause.at }
      : { type: 'eni', id: f.query.to },
    ...(location ? { location } : {}),
    ...(cause && (cause.before.some((w) => w.rule.source) || deciding?.source)
      ? {
          related: [
            ...(deciding?.source && deciding.source !== location ? [{ message: `after, ${ruleWords(deciding)} decides it`, location: deciding.source }] : []),
            ...cause.before.flatMap((w) => (w.rule.source ? [{ message: `before, ${ruleWords(w.rule)} ${cause.effect === 'opened' ? 'denied' : 'allowed'} it`, location: w.rule.source }] : [])),
          ],
        }
      : {}),
    ...(fix ? { fix: { summary: fix.summary, ...(fix.command !== undefined ? { command: fix.command } : {}) } } : {}),
    key,
    fingerprint: fnv1a64(`${FLOW_BROKEN.id}\u0000${key}`),
    details: { from: f.query.from, to: f.query.to, protocol: f.query.protocol, port: f.query.port, before: f.before?.verdict, after: f.after?.verdict, origin: f.origin },
  };
}

function ruleWords(r: { ownerId: string; number?: number; action: string; protocol: string; ports: string; peer: string; isDefault: boolean }): string {
  if (r.isDefault) return `${r.ownerId} ${r.number !== undefined ? `rule #${r.number} (default ${r.action})` : 'the implicit deny'}`;
  return `${r.ownerId} ${r.number !== undefined ? `rule #${r.number}` : 'a rule'} (${r.action} ${r.protocol} ${r.ports} ${r.peer})`;
}
