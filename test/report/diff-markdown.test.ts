import { describe, expect, it } from 'vitest';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diff, EVIL_NAME, net, sampleDiff } from '../fixtures/diff/networks.js';

/** The cells of a Markdown table row (`|` escaped as `\|` does not split). */
const cells = (row: string) => row.slice(1, -1).split(/(?<!\\)\|/);

describe('synack diff --format markdown: a PR comment read in ten seconds', () => {
  it('headline verdict, one line of counts, broken flows with the deciding rule, new errors; the rest collapsed', async () => {
    const md = renderDiffMarkdown(sampleDiff());
    await expect(md).toMatchFileSnapshot('../fixtures/diff/sample.md');
    const lines = md.split('\n');
    expect(lines[0]).toBe('### ❌ synack diff: breaks 2 flows that worked · 2 new errors');
    expect(lines[2]).toMatch(/^\*\*2 broken\*\* · 0 worse · 1 more reachable · 2 unchanged — 5 flows compared · findings: 6 new, 0 resolved$/);
    const broken = md.indexOf('| Broken flow |');
    const errors = md.indexOf('| New error |');
    const details = md.indexOf('<details>');
    expect(broken).toBeGreaterThan(0);
    expect(broken).toBeLessThan(errors);
    expect(errors).toBeLessThan(details);
    expect(md).toContain('acl-web nacl outbound #32767 default deny');
    expect(md).toContain('allowed by acl-web #110 allow tcp 1024-65535 → 0.0.0.0/0');
    expect(md).toContain('now #110 allow tcp 32768-65535 → 0.0.0.0/0');
    // Warnings, the more reachable flow and the fixes are inside the collapsed block.
    expect(md.slice(details)).toContain('**More reachable**');
    expect(md.slice(details)).toContain('**Fixes for the broken flows**');
    expect(md.trimEnd().endsWith('</details>')).toBe(true);
  });

  it('a clean change is one line', () => {
    expect(renderDiffMarkdown(diff(net(), net()))).toMatch(/^### ✅ synack diff: no broken flow, no new finding\n\n\*\*0 broken\*\*/);
  });

  it('untrusted names cannot add HTML, links, mentions, or break the tables', () => {
    const md = renderDiffMarkdown(sampleDiff(EVIL_NAME));
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;img');
    expect(md).not.toMatch(/(?<!\\)\[x\]\(/);
    expect(md).toContain('@\u2060org/team');
    expect(md).toContain('http:\u2060//evil.example');
    expect(md).not.toContain('\u202e');
    for (const table of md.split('\n\n').filter((b) => b.startsWith('| '))) {
      const rows = table.split('\n');
      const width = cells(rows[0]!).length;
      for (const row of rows) expect(cells(row), row).toHaveLength(width);
    }
  });
});
