import type { LintResult } from '../lint/run.js';
import type { Finding, Severity } from '../lint/types.js';
import type { SourceLocation } from '../model/source.js';
import { escapeTerminal } from './escape.js';
import { summarize } from './lint-json.js';
import { ruleHelpUri } from './sarif.js';

/**
 * `synack lint --format markdown`: a pull-request comment. A headline with the counts, a table of the
 * errors (rule, resource, message, location), and the warnings and notes in a collapsed `<details>` block.
 * Suppressed findings are counted, not listed. Every string from the input is escaped for Markdown and HTML
 * (`markdownText`), so a Name tag or rule description cannot add links, images, mentions, HTML or break the
 * table.
 */

const HEADLINE_MARK = { error: '❌', warning: '⚠️', clean: '✅' } as const;

export function renderMarkdown(result: Pick<LintResult, 'findings' | 'rules'>): string {
  const s = summarize(result.findings);
  const shown = result.findings.filter((f) => !f.suppressed);
  const errors = shown.filter((f) => f.severity === 'error');
  const others = shown.filter((f) => f.severity !== 'error');
  const docs = new Map(result.rules.map((r) => [r.meta.id, ruleHelpUri(r.meta)] as const));
  const out: string[] = [];

  const total = s.error + s.warning + s.note;
  const mark = s.error > 0 ? HEADLINE_MARK.error : total > 0 ? HEADLINE_MARK.warning : HEADLINE_MARK.clean;
  const counts = total === 0 ? 'no findings' : `${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${plural(s.note, 'note')}`;
  out.push(`### ${mark} synack lint: ${counts}`);
  out.push('');
  const facts = [`${plural(result.rules.length, 'rule')} ran`];
  if (s.suppressed > 0) {
    const by = (['config', 'tag', 'baseline'] as const).filter((k) => s.suppressedBy[k] > 0).map((k) => `${s.suppressedBy[k]} ${SUPPRESSED_BY[k]}`);
    facts.push(`${s.suppressed} suppressed (${by.join(', ')})`);
  }
  out.push(facts.join(' · '));

  if (errors.length) {
    out.push('', '| Rule | Resource | Message | Location |', '| --- | --- | --- | --- |');
    for (const f of errors) out.push(`| ${ruleCell(f, docs)} | ${resourceCell(f)} | ${markdownText(f.message)} | ${locationCell(f.location)} |`);
  }
  if (others.length) {
    const w = others.filter((f) => f.severity === 'warning').length;
    const n = others.length - w;
    const summary = [w ? plural(w, 'warning') : '', n ? plural(n, 'note') : ''].filter(Boolean).join(' and ');
    out.push('', `<details><summary>${summary}</summary>`, '');
    out.push('| Severity | Rule | Resource | Message | Location |', '| --- | --- | --- | --- | --- |');
    for (const f of others) {
      out.push(`| ${SEVERITY_WORD[f.severity]} | ${ruleCell(f, docs)} | ${resourceCell(f)} | ${markdownText(f.message)} | ${locationCell(f.location)} |`);
    }
    out.push('', '</details>');
  }
  return out.join('\n') + '\n';
}

const SUPPRESSED_BY = { config: 'by the configuration', tag: 'by synack:ignore tags', baseline: 'by the baseline' } as const;
const SEVERITY_WORD: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'note' };

/** Table cells shared with the diff report (diff-markdown.ts). */
export function ruleCell(f: Finding, docs: ReadonlyMap<string, string>): string {
  // Rule ids are ours, kebab-case; still escaped in case a custom rule set says otherwise.
  const id = /^[a-z0-9-]+$/.test(f.ruleId) ? `\`${f.ruleId}\`` : markdownText(f.ruleId);
  const link = docs.get(f.ruleId);
  return link ? `[${id}](${link})` : id;
}

export function resourceCell(f: Finding): string {
  const name = f.resource.name !== undefined && f.resource.name !== '' && f.resource.name !== f.resource.id ? ` (${markdownText(f.resource.name)})` : '';
  return `${markdownText(f.resource.id)}${name}`;
}

export function locationCell(l: SourceLocation | undefined): string {
  if (!l) return '';
  return markdownText(l.line !== undefined ? `${l.file}:${l.line}` : l.pointer ? `${l.file} ${l.pointer}` : l.file);
}

/**
 * Untrusted text as inert Markdown inside a table cell:
 * - control characters become visible escapes (`\x0a` for a newline, as in the text output), so a newline
 *   cannot end the table row;
 * - `&`, `<`, `>` become HTML entities: no tags, no comments, no `<details>` of the attacker's;
 * - the Markdown punctuation that acts inside a line (`\` `` ` `` `*` `_` `[` `]` `|` `~`) is
 *   backslash-escaped: no emphasis, code, links, images, strike-through or cell breaks (a cell never starts
 *   a line, so `#`, `-`, `+` and `>` cannot start headings, lists or quotes);
 * - `@` gets a word joiner (U+2060) after it, so `@org/team` in a tag does not notify anyone; `:` in `://`
 *   gets one too, so URLs are not auto-linked.
 */
export function markdownText(text: string): string {
  return escapeTerminal(text)
    .replace(/[&<>]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : '&gt;'))
    .replace(/[\\`*_[\]|~]/g, (ch) => `\\${ch}`)
    .replace(/@/g, '@\u2060')
    .replace(/:\/\//g, ':\u2060//')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\u2060.`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
