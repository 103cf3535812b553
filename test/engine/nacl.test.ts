import { describe, expect, it } from 'vitest';
import { icmpKey } from '../../src/engine/match.js';
import { evaluateNacl } from '../../src/engine/nacl.js';
import { ip } from '../../src/net/address.js';
import { IntervalSet } from '../../src/net/interval-set.js';
import { nacl } from '../helpers/model.js';

const decide = (n: ReturnType<typeof nacl>, protocol: number, address: string, key: number) => {
  const a = ip(address);
  const [segment] = evaluateNacl(n.inbound, { protocol, family: a.family, addresses: IntervalSet.of(a.value), keys: IntervalSet.of(key) });
  return { action: segment!.action, number: segment!.rule?.number };
};

describe('evaluateNacl: what a NACL entry matches', () => {
  it('protocol -1 matches every protocol and ignores ports', () => {
    const n = nacl('a', { inbound: [{ n: 100, proto: '-1', cidr: '0.0.0.0/0' }] });
    for (const p of [6, 17, 1, 47, 50]) expect(decide(n, p, '1.2.3.4', 22).action).toBe('allow');
  });

  it('the port range is the destination port of TCP and UDP packets only', () => {
    const n = nacl('a', { inbound: [{ n: 100, proto: 'tcp', ports: [80, 80], cidr: '0.0.0.0/0' }, { n: 110, proto: '47', cidr: '0.0.0.0/0' }] });
    expect(decide(n, 6, '1.2.3.4', 80)).toEqual({ action: 'allow', number: 100 });
    expect(decide(n, 6, '1.2.3.4', 81)).toEqual({ action: 'deny', number: 32767 });
    expect(decide(n, 17, '1.2.3.4', 80)).toEqual({ action: 'deny', number: 32767 });
    // GRE (47) has no ports: a rule for it matches whatever the key.
    expect(decide(n, 47, '1.2.3.4', 12345)).toEqual({ action: 'allow', number: 110 });
  });

  it('ICMP type -1 is every type; code -1 every code of the type', () => {
    const n = nacl('a', { inbound: [{ n: 100, proto: '1', icmp: [3, 4], cidr: '0.0.0.0/0' }, { n: 110, proto: '1', icmp: [8, -1], cidr: '0.0.0.0/0' }] });
    expect(decide(n, 1, '1.2.3.4', icmpKey(3, 4)).number).toBe(100);
    expect(decide(n, 1, '1.2.3.4', icmpKey(3, 3)).number).toBe(32767);
    expect(decide(n, 1, '1.2.3.4', icmpKey(8, 0)).number).toBe(110);
    const all = nacl('b', { inbound: [{ n: 100, proto: '1', icmp: [-1, -1], cidr: '0.0.0.0/0' }] });
    expect(decide(all, 1, '1.2.3.4', icmpKey(11, 0)).number).toBe(100);
  });

  it('protocol 1 with ::/0 matches only ICMPv4, never ICMPv6', () => {
    const n = nacl('a', { inbound: [{ n: 100, proto: '1', cidr: '::/0' }], ipv6: true });
    expect(decide(n, 58, '2001:db8::1', icmpKey(2, 0))).toEqual({ action: 'deny', number: 32768 });
  });

  it('ICMPv6 (58) with an IPv6 block reads type and code', () => {
    const n = nacl('a', { inbound: [{ n: 100, proto: '58', icmp: [2, 0], cidr: '::/0' }], ipv6: true });
    expect(decide(n, 58, '2001:db8::1', icmpKey(2, 0)).number).toBe(100);
    expect(decide(n, 58, '2001:db8::1', icmpKey(128, 0)).number).toBe(32768);
  });

  it('an IPv4 catch-all rule never decides an IPv6 packet: 32768 does', () => {
    const n = nacl('a', { inbound: [{ n: 100, cidr: '0.0.0.0/0' }], ipv6: true });
    expect(decide(n, 6, '2001:db8::1', 443)).toEqual({ action: 'deny', number: 32768 });
  });

  it('answers a whole port range at once, split by the deciding rules', () => {
    const n = nacl('a', { inbound: [{ n: 100, action: 'deny', proto: 'tcp', ports: [1024, 2047], cidr: '0.0.0.0/0' }, { n: 200, proto: 'tcp', ports: [0, 65535], cidr: '0.0.0.0/0' }] });
    const segments = evaluateNacl(n.inbound, { protocol: 6, family: 4, addresses: IntervalSet.of(ip('1.2.3.4').value), keys: IntervalSet.of(1024, 65535) });
    expect(segments.map((s) => [s.rule?.number, s.action, s.keys.toNumberRanges()])).toEqual([
      [100, 'deny', [[1024, 2047]]],
      [200, 'allow', [[2048, 65535]]],
    ]);
  });
});
