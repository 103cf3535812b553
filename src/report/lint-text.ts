import type { LintResult } from '../lint/run.js';
import type { Finding, ResourceRef, Severity, Suppression } from '../lint/types.js';
import { escapeTerminal } from './escape.js';
import { summarize, type LintSummary } from './lint-json.js';
import { locationText } from './text.js';
import { painter, type Paint, type Style } from './paint.js';

/**
 * Human output of `synack lint`: the unsuppressed findings grouped by resource, one line each (severity,
 * rule id, message, file:line), then a summary line with the counts — suppressed findings only as a count
 * (`--format json` and `sarif` list them). Pure: the caller decides about colour. Every string from the
 * input (ids, names, descriptions inside messages, file names) goes through `escapeTerminal`.
 */
export interface LintTextOptions {
  readonly color: boolean;
}

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', note: 'cyan' };
const SEVERITY_WIDTH = 'warning'.length;
const RESOURCE_WORD: Record<ResourceRef['type'], string> = {
  nacl: 'network ACL',
  'security-group': 'security group',
  subnet: 'subnet',
  eni: 'network interface',
  vpc: 'VPC',
  instance: 'instance',
};

const e = escapeTerminal;

export function renderLintText(result: Pick<LintResult, 'findings' | 'rules'>, opts: LintTextOptions): string {
  const paint = painter(opts.color);
  const shown = result.findings.filter((f) => !f.suppressed);
  const ruleWidth = Math.max(0, ...shown.map((f) => f.ruleId.length));
  const lines: string[] = [];
  let current: string | undefined;
  for (const f of shown) {
    const group = `${f.resource.type}\0${f.resource.id}`;
    if (group !== current) {
      if (current !== undefined) lines.push('');
      current = group;
      lines.push(resourceHeader(f.resource, paint));
    }
    lines.push(findingLine(f, ruleWidth, paint));
  }
  if (shown.length) lines.push('');
  lines.push(summaryLine(summarize(result.findings), result.rules.length, paint));
  return lines.join('\n') + '\n';
}

function resourceHeader(r: ResourceRef, paint: Paint): string {
  const name = r.name !== undefined && r.name !== '' && r.name !== r.id ? ` (${e(r.name)})` : '';
  return `${paint(e(r.id), 'bold')}${name} ${paint(RESOURCE_WORD[r.type], 'dim')}`;
}

function findingLine(f: Finding, ruleWidth: number, paint: Paint): string {
  const severity = paint(f.severity.padEnd(SEVERITY_WIDTH), SEVERITY_STYLE[f.severity]);
  const where = f.location ? `  ${paint(locationText(f.location), 'dim')}` : '';
  return `  ${severity}  ${paint(f.ruleId.padEnd(ruleWidth), 'bold')}  ${e(f.message)}${where}`;
}

const KIND_WORD: Record<Suppression['kind'], string> = { config: 'by the configuration', tag: 'by synack:ignore tags', baseline: 'by the baseline' };

function summaryLine(s: LintSummary, ruleCount: number, paint: Paint): string {
  const total = s.error + s.warning + s.note;
  const kinds = (Object.keys(KIND_WORD) as Suppression['kind'][]).filter((k) => s.suppressedBy[k] > 0).map((k) => `${s.suppressedBy[k]} ${KIND_WORD[k]}`);
  const suppressed = s.suppressed > 0 ? `; ${s.suppressed} suppressed (${kinds.join(', ')})` : '';
  if (total === 0) return paint(`✓ no findings from ${ruleCount} rule${ruleCount === 1 ? '' : 's'}${suppressed}`, 'green');
  const counts = `${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${plural(s.note, 'note')}${suppressed}`;
  return paint(counts, 'bold', s.error > 0 ? 'red' : s.warning > 0 ? 'yellow' : 'cyan');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
