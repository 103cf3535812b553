import { describe, expect, it } from 'vitest';
import { renderDiffText } from '../../src/report/diff-text.js';
import { diff, EVIL_NAME, NARROWED_WEB_OUT, net, sampleDiff } from '../fixtures/diff/networks.js';
import { CONTROL_CHARS } from '../commands/helpers.js';

describe('synack diff text output', () => {
  it('puts the verdict first, broken flows with the deciding rule and the rule as it was, then findings and a summary', async () => {
    const text = renderDiffText(sampleDiff(), { color: false });
    await expect(text).toMatchFileSnapshot('../fixtures/diff/sample.txt');
    const lines = text.split('\n');
    expect(lines[0]).toBe('✗ synack diff: this change breaks 2 flows that worked before and introduces 2 new findings at or above error');
    expect(text.indexOf('Broken flows')).toBeLessThan(text.indexOf('More reachable'));
    expect(text.indexOf('More reachable')).toBeLessThan(text.indexOf('New findings'));
    expect(text).toMatch(/decided by +nacl outbound subnet-web: acl-web #32767 default deny/);
    expect(text).toMatch(/before +acl-web #110 tcp 1024-65535 → 0\.0\.0\.0\/0/);
    expect(text).toMatch(/now +acl-web #110 tcp 32768-65535 → 0\.0\.0\.0\/0/);
  });

  it('says so in one line when nothing breaks', () => {
    const text = renderDiffText(diff(net(), net()), { color: false });
    expect(text.split('\n')[0]).toBe('✓ synack diff: no flow that worked is broken and no new finding at or above error');
  });

  it('prints a fix shared by several broken flows once', () => {
    const before = net({ parts: {} });
    const after = net({ webOut: NARROWED_WEB_OUT });
    const text = renderDiffText(diff(before, after, { flows: [{ from: '198.51.100.7', to: 'eni-web', protocol: 'tcp', port: 443 }] }), { color: false });
    expect(text.match(/aws ec2 create-network-acl-entry/g)).toHaveLength(1);
    expect(text).toContain('the same as above');
  });

  it('colours only when asked, and escapes control characters from the inputs', () => {
    const r = sampleDiff(EVIL_NAME);
    expect(renderDiffText(r, { color: true })).toContain('\u001b[31m');
    const plain = renderDiffText(r, { color: false });
    expect(plain).not.toMatch(CONTROL_CHARS);
    expect(plain).toContain('\\x1b[2J');
    expect(plain).toContain('\\x0a::error::pwned');
  });
});
