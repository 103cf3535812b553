import { describe, expect, it } from 'vitest';
import { markdownText, renderMarkdown } from '../../src/report/markdown.js';
import { CLEAN, ONLY_SUPPRESSED, SAMPLE } from '../fixtures/lint/sample-findings.js';

/** The cells of a Markdown table row, split on unescaped pipes (as GFM does). */
function cells(row: string): string[] {
  return row
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('renderMarkdown', () => {
  const md = renderMarkdown(SAMPLE);
  const lines = md.split('\n');

  it('starts with a headline carrying the counts, then what ran and what was suppressed', () => {
    expect(lines[0]).toBe('### ❌ synack lint: 1 error, 2 warnings, 1 note');
    expect(lines[2]).toBe('5 rules ran · 3 suppressed (1 by the configuration, 1 by synack:ignore tags, 1 by the baseline)');
  });

  it('puts the errors in a table: rule (linked to its page), resource, message, location', () => {
    const header = lines.indexOf('| Rule | Resource | Message | Location |');
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 1]).toBe('| --- | --- | --- | --- |');
    const row = cells(lines[header + 2]!);
    expect(row).toHaveLength(4);
    expect(row[0]).toBe('[`nacl-return-missing`](https://github.com/synack-dev/synack/blob/main/docs/rules/nacl-return-missing.md)');
    expect(row[1]).toBe('acl-1 (web)');
    expect(row[2]).toContain('acl-1 allows inbound tcp 443 from 0.0.0.0/0 (rule #100)');
    expect(row[3]).toBe('exports/network-acls.json:25');
    // Only errors are in the first table; suppressed errors are not listed at all.
    expect(lines[header + 3]).toBe('');
    expect(md).not.toContain('sg-bastion');
    expect(md).not.toContain('acl-2');
  });

  it('collapses warnings and notes in a <details> block', () => {
    const open = lines.indexOf('<details><summary>2 warnings and 1 note</summary>');
    const close = lines.indexOf('</details>');
    expect(open).toBeGreaterThan(lines.indexOf('| Rule | Resource | Message | Location |'));
    expect(close).toBe(lines.length - 2);
    const rows = lines.slice(open + 4, close - 1);
    expect(rows.map((r) => cells(r)[0])).toEqual(['warning', 'warning', 'note']);
    expect(rows.every((r) => cells(r).length === 5)).toBe(true);
  });

  it('escapes a hostile Name tag and rule description: no HTML, links, images, code, emphasis, mentions or broken rows', () => {
    // Every table row keeps its cell count, and no row is split by a newline.
    for (const line of lines.filter((l) => l.startsWith('|'))) expect([4, 5]).toContain(cells(line).length);
    expect(md).not.toMatch(/<(?!details>|summary>|\/details>|\/summary>)/);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain('&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md).toContain('\\`rm -rf\\`');
    expect(md).toContain('\\*bold\\* \\_it\\_ \\[click\\](https:\u2060//evil.example)');
    expect(md).toContain('!\\[img\\](http:\u2060//evil.example/a.png)');
    expect(md).toContain('@\u2060org/team');
    expect(md).toContain('\\\\x0asecond line \\\\x1b\\[2J\\\\u{202e}');
    // eslint-disable-next-line no-control-regex
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
  });

  it('says so when nothing is left to report', () => {
    expect(renderMarkdown(CLEAN)).toBe('### ✅ synack lint: no findings\n\n5 rules ran\n');
    expect(renderMarkdown(ONLY_SUPPRESSED)).toBe('### ✅ synack lint: no findings\n\n5 rules ran · 2 suppressed (1 by the configuration, 1 by synack:ignore tags)\n');
  });

  it('matches the reference rendering (regenerate: npx vitest run test/report -u)', async () => {
    await expect(md).toMatchFileSnapshot('./__snapshots__/lint-sample.md');
  });
});

describe('markdownText', () => {
  it('escapes Markdown and HTML', () => {
    expect(markdownText('a|b <c> & `d` *e* _f_ [g] ~h~ \\i')).toBe('a\\|b &lt;c&gt; &amp; \\`d\\` \\*e\\* \\_f\\_ \\[g\\] \\~h\\~ \\\\i');
  });

  it('keeps newlines from ending a table row', () => {
    expect(markdownText('one\ntwo\r\nthree')).toBe('one\\\\x0atwo\\\\x0d\\\\x0athree');
  });

  it('defuses mentions and autolinks', () => {
    expect(markdownText('@admin see https://x.example or www.x.example')).toBe('@\u2060admin see https:\u2060//x.example or www\u2060.x.example');
  });
});
