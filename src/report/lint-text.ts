import type { LintResult } from '../lint/run.js';
import type { Finding, ResourceRef, Severity, Suppression } from '../lint/types.js';
import { escapeTerminal, isTerminalSafeLines } from './escape.js';
import { summarize, type LintSummary } from './lint-json.js';
import { locationText } from './text.js';
import { painter, type Paint, type Style } from './paint.js';

/**
 * Human output of `synack lint`: the unsuppressed findings grouped by resource, one line each (severity,
 * rule id, message, file:line), then a summary line with the counts — suppressed findings only as a count
 * (`--format json` and `sarif` list them). Pure: the caller decides about colour. Every string from the
 * input (ids, names, descriptions inside messages, file names) goes through `escapeTerminal`, or is shown
 * to need no escaping (messages, a part at a time).
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

/**
 * The report is made in parts of whole lines, each about this many characters of messages: written one by
 * one, they never add up to one string of the whole report (tens of MB for a large account), which cost
 * more to build, and then to encode, than everything else.
 */
const PART_SIZE = 1 << 15;

export function renderLintText(result: Pick<LintResult, 'findings' | 'rules'>, opts: LintTextOptions): string {
  return [...lintTextParts(result, opts)].join('');
}

/** `renderLintText` in parts of whole lines, made as they are asked for: write each before taking the next. */
export function* lintTextParts(result: Pick<LintResult, 'findings' | 'rules'>, opts: LintTextOptions): Generator<string> {
  const paint = painter(opts.color);
  const shown = result.findings.filter((f) => !f.suppressed);
  let ruleWidth = 0;
  for (const f of shown) ruleWidth = Math.max(ruleWidth, f.ruleId.length);
  const columns = findingColumns(ruleWidth, paint);
  for (let from = 0; from < shown.length; ) {
    let to = from;
    for (let size = 0; to < shown.length && size < PART_SIZE; to++) size += shown[to]!.message.length;
    const lines = (message: (text: string) => string) => findingLines(shown, from, to, columns, paint, message);
    let part: string | undefined;
    if (!opts.color) {
      // Messages are long and built piece by piece: one test of the part (no escape codes of ours in it)
      // costs far less than escaping each; a part where it fails is made again with every message escaped.
      const raw = lines((text) => text);
      part = raw.join('\n');
      if (!isTerminalSafeLines(part, raw.length - 1)) part = undefined;
    }
    yield part ?? lines(e).join('\n');
    from = to;
  }
  yield `${shown.length ? '\n' : ''}${summaryLine(summarize(result.findings), result.rules.length, paint)}\n`;
}

/** The lines of findings[from, to), each resource's led by its header, and an empty last one (a final line feed). */
function findingLines(findings: readonly Finding[], from: number, to: number, columns: (f: Finding) => string, paint: Paint, message: (text: string) => string): string[] {
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    const f = findings[i]!;
    const before = findings[i - 1];
    if (before?.resource.type !== f.resource.type || before.resource.id !== f.resource.id) {
      if (before) lines.push('');
      lines.push(resourceHeader(f.resource, paint));
    }
    const where = f.location ? `  ${paint(locationText(f.location), 'dim')}` : '';
    lines.push(`${columns(f)}${message(f.message)}${where}`);
  }
  lines.push('');
  return lines;
}

function resourceHeader(r: ResourceRef, paint: Paint): string {
  const name = r.name !== undefined && r.name !== '' && r.name !== r.id ? ` (${e(r.name)})` : '';
  return `${paint(e(r.id), 'bold')}${name} ${paint(RESOURCE_WORD[r.type], 'dim')}`;
}

/** A finding line up to its message: the severity and rule id columns, made once per pair. */
function findingColumns(ruleWidth: number, paint: Paint): (f: Finding) => string {
  const made = new Map<string, Partial<Record<Severity, string>>>();
  return (f) => {
    let byRule = made.get(f.ruleId);
    if (!byRule) made.set(f.ruleId, (byRule = {}));
    return (byRule[f.severity] ??= `  ${paint(f.severity.padEnd(SEVERITY_WIDTH), SEVERITY_STYLE[f.severity])}  ${paint(f.ruleId.padEnd(ruleWidth), 'bold')}  `);
  };
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
