import { describe, expect, it } from 'vitest';
import { ProposedNumbers, proposedRuleText } from '../../src/lint/proposed-numbers.js';
import { lintSnapshot } from '../../src/lint/run.js';
import { nacl, snapshot, subnet, vpc } from '../helpers/model.js';

const net = { vpcs: [vpc('vpc-1', '10.0.0.0/16')], subnets: [subnet('subnet-web', '10.0.1.0/24')] };

/** `Add rule #N to NACL DIRECTION: …` of every fix, in finding order. */
function proposals(parts: Parameters<typeof snapshot>[0]): string[] {
  return lintSnapshot(snapshot(parts)).findings.flatMap((f) => [...(f.fix?.summary ?? '').matchAll(/Add rule #(\d+) to (\S+) (inbound|outbound): (.*?)(?: \(before|\.(?:\s|$))/g)].map((m) => `${m[2]} ${m[3]} #${m[1]}: ${m[4]!.trim()}`));
}

describe('rule numbers proposed by one lint run', () => {
  it('never give two different rules of one NACL direction the same number', () => {
    const found = proposals({
      ...net,
      nacls: [
        nacl('acl-web', {
          subnetIds: ['subnet-web'],
          inbound: [
            { n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' },
            { n: 110, proto: 'tcp', ports: 22, cidr: '203.0.113.0/24' },
          ],
          outbound: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }],
        }),
      ],
    });
    const byList = new Map<string, Map<string, string>>();
    for (const p of found) {
      const [list, rest] = [p.slice(0, p.indexOf('#') - 1), p.slice(p.indexOf('#'))];
      const [number, rule] = rest.split(': ') as [string, string];
      const numbers = byList.get(list) ?? new Map<string, string>();
      byList.set(list, numbers);
      // One number, one rule.
      expect(numbers.get(number) ?? rule, `${list} ${number}`).toBe(rule);
      numbers.set(number, rule);
    }
    expect(found).toEqual(
      expect.arrayContaining([
        'acl-web outbound #110: allow tcp 1024-65535 → 0.0.0.0/0',
        'acl-web outbound #120: allow tcp 1024-65535 → 203.0.113.0/24',
        'acl-web inbound #120: allow tcp 1024-65535 ← 0.0.0.0/0',
      ]),
    );
    // PMTUD's ICMP allow comes after the reply rule of the outbound service, not on top of it.
    expect(found.find((p) => p.includes('icmp'))).toBe('acl-web inbound #130: allow icmp type 3 code 4 from 0.0.0.0/0');
  });

  it('give the same rule, needed by two findings, one number', () => {
    const found = proposals({
      ...net,
      nacls: [
        nacl('acl-web', {
          subnetIds: ['subnet-web'],
          inbound: [
            { n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' },
            { n: 110, proto: 'tcp', ports: 80, cidr: '0.0.0.0/0' },
          ],
        }),
      ],
    }).filter((p) => p.includes('outbound'));
    expect(found).toEqual(['acl-web outbound #100: allow tcp 1024-65535 → 0.0.0.0/0', 'acl-web outbound #100: allow tcp 1024-65535 → 0.0.0.0/0']);
  });

  it('are kept per NACL and direction, a rule taking its own number again', () => {
    const ledger = new ProposedNumbers();
    const reply = proposedRuleText({ action: 'allow', protocol: 'tcp', ports: '1024-65535', peer: '0.0.0.0/0' });
    ledger.claim('acl-1', true, 110, reply);
    const taken = (acl: string, egress: boolean, rule: string) => [100, 110, 120].filter((n) => ledger.takenBy(acl, egress, rule).has(n));
    expect(taken('acl-1', true, 'deny tcp 22 0.0.0.0/0')).toEqual([110]);
    expect(taken('acl-1', true, reply)).toEqual([]);
    expect(taken('acl-1', false, 'deny tcp 22 0.0.0.0/0')).toEqual([]);
    expect(taken('acl-2', true, 'deny tcp 22 0.0.0.0/0')).toEqual([]);
  });
});
