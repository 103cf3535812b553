import { countFlows, flowText, reportedFlows, verdictsText, type DiffResult, type FlowCause, type FlowChange } from '../analysis/diff.js';
import type { RuleRef } from '../engine/types.js';
import { escapeTerminal } from './escape.js';
import { locationCell, markdownText, resourceCell, ruleCell } from './markdown.js';
import { ruleHelpUri } from './sarif.js';
import { percent } from './text.js';

/**
 * `synack diff --format markdown`: a pull-request comment a reviewer reads in ten seconds. A headline with
 * the verdict, one line of counts, the broken flows first (with the rule that now decides them and the rule
 * that let them through before), then the new errors; everything else (worse and better flows, other new
 * findings, resolved findings, fixes, notes) in one collapsed `<details>` block. Every string from the
 * inputs goes through `markdownText` (no links, mentions, HTML or broken tables from a Name tag).
 */

const MARK = { fail: '❌', warn: '⚠️', pass: '✅' } as const;

export function renderDiffMarkdown(result: DiffResult): string {
  const c = countFlows(result);
  const flows = reportedFlows(result);
  const broken = flows.filter((f) => f.kind === 'broken');
  const introduced = result.findings.introduced.filter((i) => !i.finding.suppressed);
  const newErrors = introduced.filter((i) => i.finding.severity === 'error');
  const otherNew = result.findings.introduced.filter((i) => i.finding.severity !== 'error' || i.finding.suppressed);
  const docs = new Map(result.rules.map((r) => [r.meta.id, ruleHelpUri(r.meta)] as const));
  const out: string[] = [];

  const warn = c.worse > 0 || c.changed > 0 || introduced.length > 0;
  const mark = result.gate.failed ? MARK.fail : warn ? MARK.warn : MARK.pass;
  const head: string[] = [];
  if (broken.length > 0) head.push(`breaks ${plural(broken.length, 'flow')} that worked`);
  if (newErrors.length > 0) head.push(plural(newErrors.length, 'new error'));
  const gatingOther = introduced.filter((i) => i.gating && i.finding.severity !== 'error').length;
  if (gatingOther > 0) head.push(`${plural(gatingOther, 'new finding')} at or above ${result.failOn}`);
  if (head.length === 0) head.push(warn ? 'nothing that fails the gate, but see below' : 'no broken flow, no new finding');
  out.push(`### ${mark} synack diff: ${head.join(' · ')}`, '');

  const flowCounts = [`**${c.broken} broken**`, `${c.worse} worse`, `${c.better} more reachable`];
  if (c.changed > 0) flowCounts.push(`${c.changed} changed`);
  flowCounts.push(`${c.unchanged} unchanged`);
  const sides = c['only-before'] + c['only-after'];
  if (sides > 0) flowCounts.push(`${sides} on one side only`);
  const findingCounts = `findings: ${introduced.length} new, ${result.findings.resolved.length} resolved`;
  out.push(`${flowCounts.join(' · ')} — ${plural(result.flows.length, 'flow')} compared · ${findingCounts}`);

  if (broken.length > 0) {
    out.push('', '| Broken flow | Verdict | Decided by (after) | Before |', '| --- | --- | --- | --- |');
    for (const f of broken) out.push(`| ${flowCell(f)} | ${verdictCell(f)} | ${rulesCell(f.cause, 'after')} | ${rulesCell(f.cause, 'before')} |`);
  }
  if (newErrors.length > 0) {
    out.push('', '| New error | Resource | Message | Location |', '| --- | --- | --- | --- |');
    for (const i of newErrors) out.push(`| ${ruleCell(i.finding, docs)} | ${resourceCell(i.finding)} | ${markdownText(i.finding.message)} | ${locationCell(i.finding.location)} |`);
  }

  const details: string[] = [];
  // One line per distinct fix, with the flows it repairs.
  const byFix = new Map<string, { summary: string; command?: string; flows: string[] }>();
  for (const f of broken) {
    for (const x of f.after?.fixes ?? []) {
      const key = `${x.summary}|${x.command ?? ''}`;
      const entry = byFix.get(key) ?? { summary: x.summary, ...(x.command !== undefined ? { command: x.command } : {}), flows: [] };
      entry.flows.push(flowText(f));
      byFix.set(key, entry);
    }
  }
  const fixes = [...byFix.values()].map((x) => {
    const command = x.command !== undefined ? ` \`${inlineCode(x.command)}\`` : '';
    const flowsText = x.flows.length === 1 ? markdownText(x.flows[0]!) : `${x.flows.length} flows (${markdownText(x.flows.join('; '))})`;
    return `- ${markdownText(x.summary)}${command} — repairs ${flowsText}`;
  });
  if (fixes.length > 0) details.push('**Fixes for the broken flows**', '', ...fixes, '');
  for (const [kind, title] of [
    ['worse', 'Worse'],
    ['changed', 'Changed (one side unknown)'],
    ['better', 'More reachable'],
    ['only-before', 'Only in the before snapshot'],
    ['only-after', 'Only in the after snapshot'],
  ] as const) {
    const list = flows.filter((f) => f.kind === kind);
    if (list.length === 0) continue;
    details.push(`**${title}**`, '', '| Flow | Verdict | Why (after) |', '| --- | --- | --- |');
    for (const f of list) details.push(`| ${flowCell(f)} | ${verdictCell(f)} | ${markdownText(f.missing ?? f.after?.summary ?? '')} |`);
    details.push('');
  }
  if (otherNew.length > 0) {
    details.push('**Other new findings**', '', '| Severity | Rule | Resource | Message | Location |', '| --- | --- | --- | --- | --- |');
    for (const i of otherNew) {
      const sev = i.finding.suppressed ? `${i.finding.severity} (suppressed)` : i.finding.severity;
      details.push(`| ${sev} | ${ruleCell(i.finding, docs)} | ${resourceCell(i.finding)} | ${markdownText(i.finding.message)} | ${locationCell(i.finding.location)} |`);
    }
    details.push('');
  }
  if (result.findings.resolved.length > 0) {
    details.push('**Resolved findings**', '', '| Severity | Rule | Resource | Message |', '| --- | --- | --- | --- |');
    for (const r of result.findings.resolved) {
      details.push(`| ${r.finding.severity}${r.change === 'suppressed' ? ' (now suppressed)' : ''} | ${ruleCell(r.finding, docs)} | ${resourceCell(r.finding)} | ${markdownText(r.finding.message)} |`);
    }
    details.push('');
  }
  const { onlyBefore, onlyAfter } = result.endpoints;
  const ends = (xs: typeof onlyBefore) => xs.map((x) => markdownText(x.name !== undefined ? `${x.id} (${x.name})` : x.id)).join(', ');
  if (onlyBefore.length > 0) details.push(`Only in the before snapshot: ${ends(onlyBefore)}`, '');
  if (onlyAfter.length > 0) details.push(`Only in the after snapshot: ${ends(onlyAfter)}`, '');
  for (const n of result.notes) details.push(`> ${markdownText(n)}`, '');
  if (details.length > 0) {
    const parts: string[] = [];
    if (c.worse + c.changed > 0) parts.push(`${c.worse + c.changed} worse or changed`);
    if (c.better > 0) parts.push(`${c.better} more reachable`);
    if (otherNew.length > 0) parts.push(plural(otherNew.length, 'other new finding'));
    if (result.findings.resolved.length > 0) parts.push(`${result.findings.resolved.length} resolved`);
    if (fixes.length > 0) parts.push(plural(fixes.length, 'fix', 'fixes'));
    out.push('', `<details><summary>Details${parts.length > 0 ? `: ${parts.join(', ')}` : ''}</summary>`, '', ...details, '</details>');
  }
  return out.join('\n') + '\n';
}

function flowCell(f: FlowChange): string {
  const name = f.name !== undefined ? `${markdownText(f.name)}: ` : '';
  return `${name}${markdownText(flowText(f))}`;
}

function verdictCell(f: FlowChange): string {
  const after = f.after?.verdict;
  let text = f.kind === 'broken' && after ? `${f.before?.verdict ?? '(absent)'} → **${after}**` : verdictsText(f);
  if (after === 'partial' && f.after) text += ` (${percent(1 - f.after.returnPorts.fraction)} of client ports denied)`;
  return text;
}

function rulesCell(cause: FlowCause | undefined, side: 'before' | 'after'): string {
  if (!cause) return '';
  const where = `${cause.component === 'nacl' ? 'nacl' : 'sg'} ${cause.direction}`;
  const one = (r: RuleRef, prefix: string) => `${markdownText(`${prefix}${ruleWords(r, cause)}`)}${r.source ? ` (${locationCell(r.source)})` : ''}`;
  if (side === 'after') {
    if (cause.after.length === 0) return markdownText(`${where} ${cause.at}`);
    return cause.after.map((r) => one(r, `${r.ownerId} ${where} `)).join('<br>');
  }
  if (cause.effect === 'opened') return cause.before.map((w) => `denied by ${one(w.rule, `${w.rule.ownerId} `)}`).join('<br>');
  return cause.before.map((w) => `allowed by ${one(w.rule, `${w.rule.ownerId} `)} — ${w.now ? `now ${one(w.now, '')}` : '**deleted**'}`).join('<br>');
}

/** `#32767 default deny`, `#110 allow tcp 1024-65535 → 0.0.0.0/0`, `allow tcp 443 ← sg-1`. */
function ruleWords(r: RuleRef, cause: Pick<FlowCause, 'direction'>): string {
  const arrow = cause.direction === 'egress' || cause.direction === 'outbound' ? '→' : '←';
  if (r.isDefault) return r.component === 'nacl' && r.number !== undefined ? `#${r.number} default ${r.action}` : (r.description ?? 'no rule allows it');
  const id = r.number !== undefined ? `#${r.number} ` : r.ruleId !== undefined ? `${r.ruleId} ` : '';
  const traffic = r.ports === 'all' ? (r.protocol === 'all' ? 'all traffic' : `${r.protocol} all ports`) : `${r.protocol} ${r.ports}`;
  return `${id}${r.action} ${traffic} ${arrow} ${r.peer}`;
}

/**
 * Text inside an inline code span: code spans show their content literally (no links, HTML or emphasis),
 * so only what can end the span or the table cell matters: backticks and `|` are replaced by look-alikes
 * and control and bidi characters by visible escapes.
 */
function inlineCode(text: string): string {
  return escapeTerminal(text).replace(/`/g, 'ˋ').replace(/\|/g, '¦');
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
