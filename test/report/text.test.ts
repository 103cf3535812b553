import { describe, expect, it } from 'vitest';
import { percent, renderCheck, renderTrace } from '../../src/report/text.js';
import { partial, reachable, unreachable } from './sample-results.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;

describe('renderTrace', () => {
  it('shows the flow, the client ports and why they were chosen on the first line', () => {
    const first = renderTrace(reachable, { color: false }).split('\n')[0]!;
    expect(first).toContain('TCP 10.0.1.10 (eni-web, web-a) → 10.0.2.20:5432 (eni-db, db-a)');
    expect(first).toContain('client ports 32768-60999 (linux: instance i-1 runs Linux/UNIX)');
  });

  it('lists request hops then reply hops, one line each, with the deciding rule and where it is', () => {
    const text = renderTrace(reachable, { color: false });
    const lines = text.split('\n');
    const request = lines.indexOf('request');
    const reply = lines.indexOf('reply');
    expect(request).toBeGreaterThan(0);
    expect(reply).toBe(request + 5);
    expect(lines[request + 2]).toMatch(/^ {2}✓ nacl outbound subnet-a acl-1 +allow +#100 tcp 5432 → 10\.0\.2\.0\/24 +exports\/network-acls\.json:10$/);
    expect(lines[request + 4]).toContain('tcp 5432 ← sg-web "postgres from web"');
    expect(lines[reply + 1]).toMatch(/✓ sg egress +eni-db +sg-db +stateful +the reply to an allowed request needs no rule$/);
    expect(lines[reply + 2]).toContain('ports 32768-60999: #100 tcp 1024-65535 → 10.0.1.0/24');
    expect(text).toMatch(/\nverdict {2}REACHABLE — the request \(tcp 5432\) is allowed/);
  });

  it('aligns the hop columns', () => {
    const hopLines = renderTrace(reachable, { color: false })
      .split('\n')
      .filter((l) => /^ {2}[✓✗~?–] /.test(l));
    const decisionColumn = hopLines.map((l) => l.search(/ (allow|stateful) /));
    expect(new Set(decisionColumn).size).toBe(1);
  });

  it('splits a partial hop into its allowed and denied ports, each with its rule', () => {
    const text = renderTrace(partial, { color: false });
    expect(text).toMatch(/~ nacl outbound subnet-b acl-2 +partial +ports 1024-65535\n/);
    expect(text).toMatch(/\n {6}✗ deny +1024-32767 +#32767 default deny +exports\/network-acls\.json:33\n/);
    expect(text).toMatch(/\n {6}✓ allow +32768-65535 +#100 tcp 32768-65535 → 10\.0\.1\.0\/24/);
    expect(text).toContain('replies  32768-65535 of 1024-65535 get back (50% of connections get a reply)');
  });

  it('prints the fix with its AWS CLI command, and the notes', () => {
    const text = renderTrace(partial, { color: false });
    expect(text).toContain('\nfix      Add rule #110 to acl-2 outbound: allow tcp 1024-32767 → 10.0.1.0/24');
    expect(text).toContain('\n         aws ec2 create-network-acl-entry --network-acl-id acl-2 --egress --rule-number 110');
    expect(text).toContain('\nnotes    Routing (route tables, gateways) is not evaluated.');
  });

  it('names the default deny and the security groups that allow nothing', () => {
    const text = renderTrace(unreachable, { color: false });
    expect(text).toMatch(/✗ nacl outbound subnet-a acl-1 +deny +#32767 default deny/);
    expect(text).toMatch(/✗ nacl inbound +subnet-b acl-2 +deny +no rule matches: implicit deny/);
    expect(text).toMatch(/✗ sg ingress +eni-db +sg-db,sg-extra deny +no rule of these groups allows it/);
    expect(text).toMatch(/verdict {2}UNREACHABLE — the request \(tcp 22\) is denied by acl-1 outbound/);
  });

  it('never lets control characters from a rule description reach the terminal', () => {
    for (const color of [false, true]) {
      const text = renderTrace(unreachable, { color });
      // eslint-disable-next-line no-control-regex
      const withoutOurColours = text.replace(/\u001b\[[0-9;]*m/g, '');
      expect(withoutOurColours).not.toMatch(CONTROL);
      expect(text).toContain('"evil \\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u{202e}txt\\x0anext"');
    }
  });

  it('writes no escape codes without colour, and SGR colour codes with it', () => {
    expect(renderTrace(partial, { color: false })).not.toContain('\u001b');
    const coloured = renderTrace(partial, { color: true });
    expect(coloured).toContain('\u001b[32m✓\u001b[0m');
    expect(coloured).toContain('\u001b[1m\u001b[33mPARTIAL\u001b[0m');
  });

  it('matches the reference rendering (regenerate: npx vitest run test/report -u)', async () => {
    await expect(renderTrace(partial, { color: false })).toMatchFileSnapshot('./__snapshots__/trace-partial.txt');
  });
});

describe('renderCheck', () => {
  const checks = [
    { name: 'web to db', pass: true, result: reachable },
    { expect: 'partial' as const, pass: true, result: partial },
    { name: 'ssh', pass: false, result: unreachable },
  ];

  it('prints one line per flow, then the failing flows in detail, then the counts', () => {
    const text = renderCheck(checks, { color: false });
    const lines = text.split('\n');
    expect(lines[0]).toBe('✓ reachable    web to db  eni-web → 10.0.2.20 tcp/5432');
    expect(lines[1]).toBe('✓ partial      eni-web → 10.0.2.20 tcp/5432  (expected partial)');
    expect(lines[2]).toBe('✗ unreachable  ssh  eni-web → 10.0.2.20 tcp/22  (expected reachable)');
    expect(text).toContain('── flow 3 "ssh" (eni-web → 10.0.2.20 tcp/22): expected reachable, got unreachable\nTCP 10.0.1.10');
    expect(text).not.toContain('TCP 10.0.1.10 (eni-web, web-a) → 10.0.2.20:5432');
    expect(text.trimEnd().split('\n').at(-1)).toBe('3 flows: 2 passed, 1 failed');
  });

  it('escapes flow names', () => {
    const text = renderCheck([{ name: 'x\u001b[2Jy', pass: true, result: reachable }], { color: false });
    expect(text).toContain('x\\x1b[2Jy');
    expect(text).not.toContain('\u001b');
  });
});

describe('percent', () => {
  it('never rounds a partial share to 0% or 100%', () => {
    expect(percent(0)).toBe('0%');
    expect(percent(1)).toBe('100%');
    expect(percent(0.5)).toBe('50%');
    expect(percent(0.99999)).toBe('>99.9%');
    expect(percent(0.00001)).toBe('<0.1%');
    expect(percent(0.4987)).toBe('49.9%');
  });
});
