import { flowText, reportedFlows, verdictsText, type DiffResult } from '../analysis/diff.js';
import type { LintResult } from '../lint/run.js';
import { SEVERITIES, type Finding, type Severity } from '../lint/types.js';
import type { SourceLocation } from '../model/source.js';
import type { FlowCheck } from './json.js';
import { locationText, renderTrace } from './text.js';

/**
 * JUnit XML for CI systems that show test reports (GitLab `artifacts:reports:junit`, Jenkins, Azure
 * DevOps, GitHub test-report actions): `<testsuites>` → `<testsuite>` → `<testcase>` with `<failure>` and
 * `<system-out>`, the subset every consumer reads.
 * - check: one test case per flow of the flows file; it fails when the flow misses its expectation.
 * - lint: one test case per rule that ran; it fails when the rule has unsuppressed findings at or above
 *   `--fail-on`, listing them; findings below the threshold are listed in `<system-out>`.
 * - diff: one test case per flow reported (a broken flow fails) and per introduced finding (it fails when
 *   it gates); a suite with nothing to report holds one passing case that says so.
 * Times are 0 (synack does not time its checks) and there is no timestamp, so the output is reproducible.
 * Every string is escaped for XML, and characters XML 1.0 cannot carry (most C0 controls, U+FFFE/U+FFFF,
 * lone surrogates) or that reorder text (bidi controls) become visible escapes such as `\x1b`.
 */

export interface JUnitCase {
  readonly name: string;
  readonly classname: string;
  readonly file?: string;
  readonly failure?: { readonly message: string; readonly type: string; readonly text: string };
  readonly systemOut?: string;
}

export interface JUnitSuite {
  readonly name: string;
  readonly cases: readonly JUnitCase[];
}

export function renderJUnit(name: string, suites: readonly JUnitSuite[]): string {
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + s.cases.filter((c) => c.failure).length, 0);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${xmlAttr(name)}" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="0">`];
  for (const s of suites) {
    const f = s.cases.filter((c) => c.failure).length;
    out.push(`  <testsuite name="${xmlAttr(s.name)}" tests="${s.cases.length}" failures="${f}" errors="0" skipped="0" time="0">`);
    for (const c of s.cases) {
      const attrs = `name="${xmlAttr(c.name)}" classname="${xmlAttr(c.classname)}"${c.file !== undefined ? ` file="${xmlAttr(c.file)}"` : ''} time="0"`;
      if (!c.failure && c.systemOut === undefined) {
        out.push(`    <testcase ${attrs}/>`);
        continue;
      }
      out.push(`    <testcase ${attrs}>`);
      if (c.failure) out.push(`      <failure message="${xmlAttr(c.failure.message)}" type="${xmlAttr(c.failure.type)}">${xmlText(c.failure.text)}</failure>`);
      if (c.systemOut !== undefined) out.push(`      <system-out>${xmlText(c.systemOut)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------
// lint, check, diff

export function lintJUnit(result: Pick<LintResult, 'findings' | 'rules'>, failOn: Severity | 'none'): string {
  const limit = failOn === 'none' ? -1 : SEVERITIES.indexOf(failOn);
  const ids = [...new Set([...result.rules.map((r) => r.meta.id), ...result.findings.map((f) => f.ruleId)])];
  const cases = ids.map((id): JUnitCase => {
    const mine = result.findings.filter((f) => f.ruleId === id);
    const active = mine.filter((f) => !f.suppressed);
    const failing = active.filter((f) => SEVERITIES.indexOf(f.severity) <= limit);
    const passing = active.filter((f) => SEVERITIES.indexOf(f.severity) > limit);
    const suppressed = mine.length - active.length;
    const out: string[] = [];
    if (passing.length > 0) out.push(`${plural(passing.length, 'finding')} below --fail-on ${failOn}:`, ...passing.map(findingText));
    if (suppressed > 0) out.push(`${plural(suppressed, 'suppressed finding')}.`);
    return {
      name: id,
      classname: 'synack.lint',
      ...(failing.length > 0
        ? { failure: { message: `${plural(failing.length, 'finding')}: ${severityCounts(failing)}`, type: worst(failing), text: failing.map(findingText).join('\n') } }
        : {}),
      ...(out.length > 0 ? { systemOut: out.join('\n') } : {}),
    };
  });
  return renderJUnit('synack lint', [{ name: 'synack lint', cases }]);
}

/** `sources[i]` is the flow's entry in the flows file (its `file` names the test case's file). */
export function checkJUnit(checks: readonly FlowCheck[], sources: readonly (SourceLocation | undefined)[] = []): string {
  const cases = checks.map((c, i): JUnitCase => {
    const r = c.result;
    const expected = c.expect ?? 'reachable';
    const file = sources[i]?.file;
    const label = `${r.query.from} → ${r.query.to} ${r.protocol}/${r.port}`;
    return {
      name: c.name !== undefined ? `${c.name} (${label})` : label,
      classname: 'synack.check',
      ...(file !== undefined ? { file } : {}),
      ...(c.pass
        ? { systemOut: `${r.verdict}: ${stripVerdict(r.summary, r.verdict)}` }
        : { failure: { message: `expected ${expected}, got ${r.verdict}: ${stripVerdict(r.summary, r.verdict)}`, type: r.verdict, text: renderTrace(r, { color: false }) } }),
    };
  });
  return renderJUnit('synack check', [{ name: 'synack check', cases }]);
}

export function diffJUnit(result: DiffResult): string {
  const flows = reportedFlows(result).map((f): JUnitCase => {
    const label = `${f.name !== undefined ? `${f.name}: ` : ''}${flowText(f)}`;
    const summary = f.missing ?? (f.after ? stripVerdict(f.after.summary, f.after.verdict) : '');
    const text = [`${verdictsText(f)}: ${summary}`];
    if (f.cause) {
      const opened = f.cause.effect === 'opened';
      text.push(`${opened ? 'allowed by' : 'decided by'}: ${f.cause.after.map(ruleLine).join('; ')}`);
      if (f.cause.before.length > 0) {
        text.push(`${opened ? 'denied before by' : 'allowed before by'}: ${f.cause.before.map((w) => `${ruleLine(w.rule)}${opened ? '' : `, now ${w.now ? ruleLine(w.now) : 'deleted'}`}`).join('; ')}`);
      }
    }
    const fix = f.after?.fixes[0];
    if (fix && f.kind === 'broken') text.push(`fix: ${fix.summary}${fix.command !== undefined ? `\n  ${fix.command}` : ''}`);
    return {
      name: label,
      classname: `synack.diff.flows.${f.kind}`,
      ...(f.source ? { file: f.source.file } : {}),
      ...(f.kind === 'broken' ? { failure: { message: `${verdictsText(f)}: ${summary}`, type: 'broken-flow', text: text.join('\n') } } : { systemOut: text.join('\n') }),
    };
  });
  if (flows.length === 0) {
    flows.push({ name: `no flow changed (${plural(result.flows.length, 'flow')} compared)`, classname: 'synack.diff.flows', systemOut: result.notes.join('\n') || 'nothing to report' });
  }
  const findings = result.findings.introduced.map((c): JUnitCase => {
    const f = c.finding;
    const text = findingText(f);
    return {
      name: `${f.ruleId} ${f.resource.id}`,
      classname: `synack.diff.findings.${f.ruleId}`,
      ...(f.location ? { file: f.location.file } : {}),
      ...(c.gating ? { failure: { message: f.message, type: f.severity, text } } : { systemOut: `${text}${f.suppressed ? ` (suppressed: ${f.suppressed.reason})` : ' (below --fail-on)'}` }),
    };
  });
  if (findings.length === 0) {
    findings.push({ name: 'no new finding', classname: 'synack.diff.findings', systemOut: `${plural(result.findings.resolved.length, 'finding')} resolved` });
  }
  return renderJUnit('synack diff', [
    { name: 'synack diff: flows', cases: flows },
    { name: 'synack diff: findings', cases: findings },
  ]);
}

function findingText(f: Finding): string {
  return `${f.severity} ${f.resource.id}: ${f.message}${f.location ? ` (${locationText(f.location)})` : ''}`;
}

function ruleLine(r: { ownerId: string; number?: number; action: string; protocol: string; ports: string; peer: string; isDefault: boolean; source?: SourceLocation }): string {
  const what = r.isDefault ? `${r.ownerId} ${r.number !== undefined ? `#${r.number} default ${r.action}` : 'implicit deny'}` : `${r.ownerId} ${r.number !== undefined ? `#${r.number} ` : ''}${r.action} ${r.protocol} ${r.ports} ${r.peer}`;
  return r.source ? `${what} (${locationText(r.source)})` : what;
}

function severityCounts(findings: readonly Finding[]): string {
  return SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => plural(n, s))
    .join(', ');
}

function worst(findings: readonly Finding[]): Severity {
  return SEVERITIES.find((s) => findings.some((f) => f.severity === s)) ?? 'note';
}

function stripVerdict(summary: string, verdict: string): string {
  return summary.startsWith(`${verdict}: `) ? summary.slice(verdict.length + 2) : summary;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------------------
// XML escaping

/**
 * Characters XML 1.0 cannot carry (C0 controls but tab, LF and CR; U+FFFE, U+FFFF; unpaired surrogates),
 * the C1 controls and DEL (legal but invisible), and the bidi controls and line separators that reorder
 * or break what a reader sees: all replaced by visible escapes.
 */
// eslint-disable-next-line no-control-regex
const XML_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function visible(text: string): string {
  return text.replace(XML_UNSAFE, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16).padStart(4, '0')}}`;
  });
}

/** Element content: `&`, `<`, `>` as entities; CR as `&#13;` (a parser would turn a raw CR into LF). */
export function xmlText(text: string): string {
  return visible(text).replace(/[&<>\r]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&#13;'));
}

/** Attribute values (double-quoted): also `"` and `'`, and tab/LF/CR as character references (else normalised to spaces). */
export function xmlAttr(text: string): string {
  return visible(text).replace(/[&<>"'\t\n\r]/g, (ch) => ENTITY[ch]!);
}

const ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
