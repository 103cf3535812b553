/**
 * Parity between the rule registry and everything that documents or tests it (docs/architecture.md,
 * convention 9): every registered rule has its page, its test file with valid and invalid cases, a row in
 * the README's rule table and in docs/rules/README.md; every page has a rule.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/lint/registry.js';
import { SEVERITIES } from '../../src/lint/types.js';

const ROOT = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');
const exists = (path: string) => existsSync(new URL(path, ROOT));
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

interface TableRow {
  readonly id: string;
  readonly link: string;
  readonly severity: string;
}

/** Rows `| [\`id\`](link) | severity | … |` of the tables in a Markdown text (or in one of its sections). */
function ruleRows(markdown: string): TableRow[] {
  const rows: TableRow[] = [];
  for (const m of markdown.matchAll(/^\| \[`([^`]+)`\]\(([^)]+)\) \| ([a-z]+) \|/gm)) rows.push({ id: m[1]!, link: m[2]!, severity: m[3]! });
  return rows;
}

/** The text of a `## title` section, up to the next `## ` heading. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) return '';
  const next = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
}

describe('the rule registry', () => {
  it('holds rules', () => {
    expect(RULES.length).toBeGreaterThan(0);
  });

  it('has unique kebab-case ids and valid severities', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(ids.filter((id) => !KEBAB.test(id))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(RULES.filter((r) => !SEVERITIES.includes(r.meta.severity)).map((r) => r.meta.id)).toEqual([]);
  });

  it('gives every rule a one-line summary and a rationale', () => {
    for (const { meta } of RULES) {
      expect(meta.summary, meta.id).toMatch(/^\S.*\S$/);
      expect(meta.summary, meta.id).not.toContain('\n');
      expect(meta.rationale.trim(), meta.id).not.toBe('');
    }
  });
});

describe.each(RULES.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
  it(`links its page docs/rules/${id}.md, which exists and is about it`, () => {
    expect(rule.meta.docs).toBe(`docs/rules/${id}.md`);
    expect(exists(rule.meta.docs), `${rule.meta.docs} is missing`).toBe(true);
    const page = read(rule.meta.docs);
    expect(page.split('\n')[0]).toBe(`# ${id}`);
    expect(page, 'the page states the severity').toMatch(new RegExp(`\\*\\*Severity:\\*\\* ${rule.meta.severity}\\b`));
  });

  it(`has test/lint/rules/${id}.test.ts with valid and invalid cases`, () => {
    const file = `test/lint/rules/${id}.test.ts`;
    expect(exists(file), `${file} is missing`).toBe(true);
    const text = read(file);
    expect(text, `${file} has no valid: cases`).toMatch(/\bvalid:\s*\[\s*\{/);
    expect(text, `${file} has no invalid: cases`).toMatch(/\binvalid:\s*\[\s*\{/);
  });

  it('has a row in the README rule table, with its severity and page', () => {
    const rows = ruleRows(section(read('README.md'), 'Lint rules')).filter((r) => r.id === id);
    expect(rows, `README.md "## Lint rules" has no row for ${id}`).toHaveLength(1);
    expect(rows[0]).toEqual({ id, link: rule.meta.docs, severity: rule.meta.severity });
  });

  it('has a row in docs/rules/README.md', () => {
    const rows = ruleRows(read('docs/rules/README.md')).filter((r) => r.id === id);
    expect(rows).toEqual([{ id, link: `${id}.md`, severity: rule.meta.severity }]);
  });
});

describe('the documentation', () => {
  const ids = new Set(RULES.map((r) => r.meta.id));

  it('has no rule page without a registered rule', () => {
    const pages = readdirSync(new URL('docs/rules/', ROOT)).filter((f) => f.endsWith('.md') && f !== 'README.md');
    expect(pages.filter((f) => !ids.has(f.replace(/\.md$/, '')))).toEqual([]);
  });

  it('has no table row for a rule that does not exist', () => {
    expect(ruleRows(section(read('README.md'), 'Lint rules')).filter((r) => !ids.has(r.id))).toEqual([]);
    expect(ruleRows(read('docs/rules/README.md')).filter((r) => !ids.has(r.id))).toEqual([]);
  });

  it('has no rule test file without a registered rule', () => {
    const tests = readdirSync(new URL('test/lint/rules/', ROOT)).filter((f) => f.endsWith('.test.ts'));
    expect(tests.filter((f) => !ids.has(f.replace(/\.test\.ts$/, '')))).toEqual([]);
  });
});
