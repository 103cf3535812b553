import { countFlows, flowText, reportedFlows, verdictsText, type DiffResult, type FlowCause, type FlowChange, type FlowChangeKind } from '../analysis/diff.js';
import type { RuleRef } from '../engine/types.js';
import type { Finding, Severity } from '../lint/types.js';
import { escapeTerminal } from './escape.js';
import { locationText, percent, ruleText } from './text.js';
import { painter, type Paint, type Style } from './paint.js';

/**
 * Human output of `synack diff`: a headline verdict, then the flows by kind of change — broken first, each
 * with the rule that now decides it and the rule that let it through before, and the fix — then the
 * findings introduced and resolved, endpoints that exist on one side only, notes, and a summary line.
 * Pure; every string from the inputs goes through `escapeTerminal`.
 */
export interface DiffTextOptions {
  readonly color: boolean;
}

const e = escapeTerminal;

const SECTIONS: readonly { kind: FlowChangeKind; title: string; mark: string; style: Style }[] = [
  { kind: 'broken', title: 'Broken flows (they worked before)', mark: '✗', style: 'red' },
  { kind: 'worse', title: 'Worse', mark: '↓', style: 'yellow' },
  { kind: 'changed', title: 'Changed (one side unknown)', mark: '?', style: 'magenta' },
  { kind: 'better', title: 'More reachable', mark: '↑', style: 'green' },
  { kind: 'only-before', title: 'Only in the before snapshot', mark: '–', style: 'dim' },
  { kind: 'only-after', title: 'Only in the after snapshot', mark: '+', style: 'dim' },
  { kind: 'unchanged', title: 'Unchanged (flows file)', mark: '=', style: 'dim' },
];

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', note: 'cyan' };
const LABEL = 12;

export function renderDiffText(result: DiffResult, opts: DiffTextOptions): string {
  const paint = painter(opts.color);
  const lines: string[] = [headline(result, paint)];
  const flows = reportedFlows(result);
  const fixesShown = new Set<string>();
  for (const section of SECTIONS) {
    const list = flows.filter((f) => f.kind === section.kind);
    if (list.length === 0) continue;
    lines.push('', paint(`${section.title} (${list.length})`, 'bold'));
    for (const f of list) lines.push(...flowLines(f, section.mark, section.style, paint, fixesShown));
  }
  const { introduced, resolved } = result.findings;
  if (introduced.length > 0) {
    lines.push('', paint(`New findings (${introduced.length})`, 'bold'));
    const width = Math.max(...introduced.map((c) => c.finding.ruleId.length));
    for (const c of introduced) lines.push(findingLine(c.finding, width, paint, c.change === 'unsuppressed' ? 'no longer suppressed' : c.finding.suppressed ? `suppressed: ${c.finding.suppressed.reason}` : undefined));
  }
  if (resolved.length > 0) {
    lines.push('', paint(`Resolved findings (${resolved.length})`, 'bold'));
    const width = Math.max(...resolved.map((c) => c.finding.ruleId.length));
    for (const c of resolved) lines.push(findingLine(c.finding, width, paint, c.change === 'suppressed' ? 'now suppressed' : undefined));
  }
  const { onlyBefore, onlyAfter } = result.endpoints;
  if (onlyBefore.length > 0 || onlyAfter.length > 0) {
    lines.push('');
    const list = (xs: typeof onlyBefore) => xs.map((x) => e(x.name !== undefined ? `${x.id} (${x.name})` : x.id)).join(', ');
    if (onlyBefore.length > 0) lines.push(`${paint('only before'.padEnd(LABEL), 'bold')}${list(onlyBefore)}`);
    if (onlyAfter.length > 0) lines.push(`${paint('only after'.padEnd(LABEL), 'bold')}${list(onlyAfter)}`);
  }
  if (result.notes.length > 0) {
    lines.push('');
    result.notes.forEach((n, i) => lines.push(`${i === 0 ? paint('notes'.padEnd(LABEL), 'bold') : ' '.repeat(LABEL)}${e(n)}`));
  }
  lines.push('', summaryLine(result, paint));
  return lines.join('\n') + '\n';
}

function headline(r: DiffResult, paint: Paint): string {
  if (r.gate.failed) return paint(`✗ synack diff: this change ${r.gate.reasons.map(reasonVerb).join(' and ')}`, 'bold', 'red');
  const counts = countFlows(r);
  const better = counts.better > 0 ? `; ${counts.better} flow${counts.better === 1 ? '' : 's'} more reachable` : '';
  return paint(`✓ synack diff: no flow that worked is broken and no new finding at or above ${r.failOn}${better}`, 'bold', 'green');
}

/** "2 flows that worked before are broken" → "breaks 2 flows that worked before". */
function reasonVerb(reason: string): string {
  const broken = /^(\d+) flows? that worked before (?:is|are) broken$/.exec(reason);
  if (broken) return `breaks ${broken[1]} flow${broken[1] === '1' ? '' : 's'} that worked before`;
  return `introduces ${reason}`;
}

/** `fixesShown`: fixes already printed for an earlier flow, which later flows only refer to. */
function flowLines(f: FlowChange, mark: string, style: Style, paint: Paint, fixesShown: Set<string>): string[] {
  const name = f.name !== undefined ? `${e(f.name)}: ` : '';
  const verdicts = f.kind === 'unchanged' ? (f.after?.verdict ?? '') : verdictsText(f);
  const head = `  ${paint(mark, style)} ${name}${e(flowText(f))}  ${paint(verdicts, style)}${represents(f)}`;
  const out = [head];
  const indent = '      ';
  const label = (word: string) => paint(word.padEnd(LABEL), 'dim');
  if (f.missing !== undefined) {
    out.push(`${indent}${e(f.missing)}`);
    return out;
  }
  if (f.kind === 'unchanged') return out;
  const after = f.after!;
  const summary = after.summary.startsWith(`${after.verdict}: `) ? after.summary.slice(after.verdict.length + 2) : after.summary;
  out.push(`${indent}${e(summary)}`);
  if (f.before?.verdict === 'partial') {
    out.push(`${indent}${label('replies')}${percent(f.before!.returnPorts.fraction)} → ${percent(after.returnPorts.fraction)} of client ports ${after.clientPorts.range[0]}-${after.clientPorts.range[1]} (${e(after.clientPorts.profile)})`);
  }
  if (f.cause) out.push(...causeLines(f.cause, indent, label, paint));
  if (f.kind === 'broken' || f.kind === 'worse') {
    const fix = after.fixes[0];
    const key = fix ? `${fix.summary}|${fix.command ?? ''}` : '';
    if (fix && fixesShown.has(key)) out.push(`${indent}${label('fix')}${paint('the same as above', 'dim')}`);
    else if (fix) {
      fixesShown.add(key);
      out.push(`${indent}${label('fix')}${e(fix.summary)}`);
      if (fix.command !== undefined) out.push(`${indent}${' '.repeat(LABEL)}${paint(e(fix.command), 'cyan')}`);
    }
  }
  return out;
}

function causeLines(c: FlowCause, indent: string, label: (w: string) => string, paint: Paint): string[] {
  const hop = { direction: c.direction, ids: c.ids };
  const where = `${c.component === 'nacl' ? 'nacl' : 'sg'} ${c.direction} ${e(c.at)}`;
  const out: string[] = [];
  const rules = (list: readonly RuleRef[]) => list.map((r) => `${c.component === 'nacl' ? `${e(r.ownerId)} ` : ''}${ruleText(r, hop, (t, ...s) => paint(t, ...(s as Style[])))}`);
  const [first, ...more] = rules(c.after);
  out.push(`${indent}${label(c.effect === 'opened' ? 'allowed by' : 'decided by')}${where}: ${first ?? '(no rule reported)'}`);
  for (const m of more) out.push(`${indent}${' '.repeat(LABEL)}${m}`);
  c.before.forEach((w, i) => {
    out.push(`${indent}${i === 0 ? label(c.effect === 'opened' ? 'denied before' : 'before') : ' '.repeat(LABEL)}${rules([w.rule])[0]}`);
    if (c.effect === 'closed') out.push(`${indent}${label('now')}${w.now ? rules([w.now])[0] : paint('deleted', 'red')}`);
  });
  return out;
}

function represents(f: FlowChange): string {
  if (!f.represents) return '';
  const parts: string[] = [];
  if (f.represents.clients > 1) parts.push(`clients stand for ${f.represents.clients} interfaces`);
  if (f.represents.servers > 1) parts.push(`server stands for ${f.represents.servers} interfaces`);
  return parts.length > 0 ? `  (${parts.join(', ')})` : '';
}

function findingLine(f: Finding, ruleWidth: number, paint: Paint, extra: string | undefined): string {
  const severity = paint(f.severity.padEnd('warning'.length), SEVERITY_STYLE[f.severity]);
  const where = f.location ? `  ${paint(locationText(f.location), 'dim')}` : '';
  const note = extra !== undefined ? `  ${paint(`(${e(extra)})`, 'dim')}` : '';
  return `  ${severity}  ${paint(f.ruleId.padEnd(ruleWidth), 'bold')}  ${e(f.resource.id)}: ${e(f.message)}${where}${note}`;
}

function summaryLine(r: DiffResult, paint: Paint): string {
  const c = countFlows(r);
  const file = r.flows.filter((f) => f.origin === 'file').length;
  const flowParts = [`${c.broken} broken`, `${c.worse} worse`, `${c.better} more reachable`];
  if (c.changed > 0) flowParts.push(`${c.changed} changed`);
  flowParts.push(`${c.unchanged} unchanged`);
  if (c['only-before'] + c['only-after'] > 0) flowParts.push(`${c['only-before'] + c['only-after']} on one side only`);
  const derived = r.derived.candidates > r.derived.limit ? `${r.derived.compared} derived of ${r.derived.candidates}` : `${r.derived.compared} derived`;
  const sev = { error: 0, warning: 0, note: 0 };
  for (const i of r.findings.introduced) if (!i.finding.suppressed) sev[i.finding.severity]++;
  const findings = `findings: ${r.findings.introduced.length} new (${sev.error} error${sev.error === 1 ? '' : 's'}, ${sev.warning} warning${sev.warning === 1 ? '' : 's'}, ${sev.note} note${sev.note === 1 ? '' : 's'}), ${r.findings.resolved.length} resolved`;
  const text = `flows: ${flowParts.join(', ')} (${r.flows.length} compared: ${file} from --flows, ${derived}); ${findings}`;
  return paint(text, 'bold', r.gate.failed ? 'red' : 'green');
}
