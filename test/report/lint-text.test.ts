import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/lint/types.js';
import { escapeTerminal } from '../../src/report/escape.js';
import { lintTextParts, renderLintText } from '../../src/report/lint-text.js';
import { locationText } from '../../src/report/text.js';
import { CLEAN, EVIL_NAME, ONLY_SUPPRESSED, RULE_SET, SAMPLE, missingReturn, shadowed, unused, worldOpen } from '../fixtures/lint/sample-findings.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

describe('renderLintText', () => {
  const text = renderLintText(SAMPLE, { color: false });
  const lines = text.split('\n');

  it('groups the findings by resource, a header line each, then one line per finding', () => {
    expect(lines[0]).toBe('acl-1 (web) network ACL');
    expect(lines[1]).toMatch(/^ {2}error {4}nacl-return-missing {2}acl-1 allows inbound tcp 443 .* {2}exports\/network-acls\.json:25$/);
    expect(lines[2]).toMatch(/^ {2}warning {2}nacl-rule-shadowed {3}acl-1 inbound rule #120 .* {2}exports\/network-acls\.json:40$/);
    expect(lines[3]).toBe('');
    expect(lines[4]).toMatch(/^sg-evil \(web \| <img .*\) security group$/);
    expect(lines[5]).toMatch(/^ {2}warning {2}sg-world-open {8}Security group sg-evil allows inbound tcp 8080 from 0\.0\.0\.0\/0\. {2}sub dir\/exports\/security-groups\.json:77$/);
    expect(lines[7]).toBe('sg-old security group');
    // Without a line number, the pointer says where.
    expect(lines[8]).toMatch(/^ {2}note {5}sg-unused .* {2}exports\/security-groups\.json \/SecurityGroups\/2$/);
  });

  it('ends with the counts of unsuppressed findings and of suppressed ones by kind', () => {
    expect(lines.at(-2)).toBe('1 error, 2 warnings, 1 note; 3 suppressed (1 by the configuration, 1 by synack:ignore tags, 1 by the baseline)');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('lists no suppressed finding, only counts them', () => {
    for (const id of ['sg-bastion', 'sg-vpn', 'acl-2']) expect(text).not.toContain(id);
    expect(renderLintText(ONLY_SUPPRESSED, { color: false })).toBe('✓ no findings from 5 rules; 2 suppressed (1 by the configuration, 1 by synack:ignore tags)\n');
  });

  it('says so when there is nothing to report', () => {
    expect(renderLintText(CLEAN, { color: false })).toBe('✓ no findings from 5 rules\n');
  });

  it('escapes control characters from names and messages, with and without colour', () => {
    for (const color of [false, true]) {
      const out = renderLintText(SAMPLE, { color });
      expect(out.replace(SGR, '')).not.toMatch(CONTROL);
      expect(out).toContain('\\x0asecond line \\x1b[2J\\u{202e}');
    }
    expect(EVIL_NAME).toMatch(CONTROL);
  });

  it('writes no escape codes without colour, and colours severities with it', () => {
    expect(text).not.toContain('\u001b');
    const coloured = renderLintText(SAMPLE, { color: true });
    expect(coloured).toContain('\u001b[31merror  \u001b[0m');
    expect(coloured).toContain('\u001b[33mwarning\u001b[0m');
    expect(coloured).toContain('\u001b[36mnote   \u001b[0m');
    expect(coloured.replace(SGR, '')).toBe(text);
  });

  it('matches the reference rendering (regenerate: npx vitest run test/report -u)', async () => {
    await expect(text).toMatchFileSnapshot('./__snapshots__/lint-sample.txt');
  });
});

describe('lintTextParts', () => {
  // Enough findings for many parts; now and then a message with a line feed, an ESC or a bidi override, so
  // that some parts must be made again with every message escaped.
  const templates = [missingReturn, shadowed, worldOpen, unused];
  const findings: Finding[] = Array.from({ length: 3000 }, (_, i) => {
    const t = templates[i % templates.length]!;
    const odd = i % 397 === 5 ? ['\nforged line', ' \u001b[2J', ' \u202etxt.exe'][i % 3] : '';
    return {
      ...t,
      resource: { ...t.resource, id: `${t.resource.id}-${Math.floor(i / 7)}` },
      message: `${t.message} #${i}${odd} ${'padding '.repeat(i % 40)}`,
      location: { ...t.location!, line: i + 1 },
    };
  });
  const big = { findings, rules: RULE_SET };

  it('are whole lines, and together the report', () => {
    for (const color of [false, true]) {
      const parts = [...lintTextParts(big, { color })];
      expect(parts.length).toBeGreaterThan(10);
      for (const part of parts) expect(part.endsWith('\n')).toBe(true);
      expect(parts.join('')).toBe(renderLintText(big, { color }));
    }
  });

  it('hold the lines of escaping each piece on its own, one finding after another', () => {
    const width = Math.max(...findings.map((f) => f.ruleId.length));
    const expected: string[] = [];
    findings.forEach((f, i) => {
      const before = findings[i - 1];
      if (before?.resource.id !== f.resource.id) {
        if (before) expected.push('');
        expected.push(renderLintText({ findings: [f], rules: RULE_SET }, { color: false }).split('\n')[0]!);
      }
      expected.push(`  ${f.severity.padEnd(7)}  ${f.ruleId.padEnd(width)}  ${escapeTerminal(f.message)}  ${locationText(f.location!)}`);
    });
    const lines = renderLintText(big, { color: false }).split('\n');
    expect(lines.slice(0, expected.length)).toEqual(expected);
    expect(lines.slice(expected.length)).toEqual(['', '750 errors, 1500 warnings, 750 notes', '']);
    for (const escaped of ['#402\\x0aforged line', '#799 \\x1b[2J', '#5 \\u{202e}txt.exe']) expect(lines).toContainEqual(expect.stringContaining(escaped));
  });
});
