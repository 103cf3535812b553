import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_KEYS, familyUniverse, icmpKeySet, ruleKeys } from '../../src/engine/match.js';
import { IntervalSet } from '../../src/net/interval-set.js';
import { IPV4_MAX, IPV6_MAX } from '../../src/net/address.js';
import { naclRule, sgRule } from '../helpers/model.js';

describe('ruleKeys', () => {
  it('is one set object per port range or ICMP type/code, across NACL and group rules', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }), (a, b) => {
        const ports: [number, number] = [Math.min(a, b), Math.max(a, b)];
        const fromNacl = ruleKeys(naclRule('acl-1', false, { n: 100, proto: 'tcp', cidr: '10.0.0.0/8', ports }));
        const fromGroup = ruleKeys(sgRule('sg-1', 'ingress', { proto: 'udp', ports, cidr: '0.0.0.0/0' }));
        expect(fromGroup).toBe(fromNacl);
        expect(fromNacl.equals(IntervalSet.of(ports[0], ports[1]))).toBe(true);
        expect(fromNacl.numbers).toEqual(ports);
      }),
    );
  });

  it('keeps port ranges and ICMP keys apart, even where they hold the same keys', () => {
    const icmp = ruleKeys(naclRule('acl-1', false, { n: 100, proto: 'icmp', cidr: '10.0.0.0/8', icmp: [3, -1] }));
    const ports = ruleKeys(naclRule('acl-1', false, { n: 110, proto: 'tcp', cidr: '10.0.0.0/8', ports: [768, 1023] }));
    expect(icmp.equals(ports)).toBe(true);
    expect(icmp).not.toBe(ports);
    expect(icmp).toBe(ruleKeys(sgRule('sg-1', 'egress', { proto: 'icmp', icmp: [3, -1], cidr: '0.0.0.0/0' })));
    expect(icmp.equals(icmpKeySet({ type: 3, code: -1 }))).toBe(true);
    expect(ruleKeys(naclRule('acl-1', false, { n: 120, proto: 'icmp', cidr: '10.0.0.0/8', icmp: [-1, -1] }))).toBe(ALL_KEYS);
    expect(ruleKeys(naclRule('acl-1', false, { n: 130, proto: '-1', cidr: '10.0.0.0/8' }))).toBe(ALL_KEYS);
    expect(ruleKeys(naclRule('acl-1', false, { n: 140, proto: '50', cidr: '10.0.0.0/8' }))).toBe(ALL_KEYS);
  });
});

describe('familyUniverse', () => {
  it('is every address of the family: numbers for IPv4, bigints for IPv6', () => {
    expect(familyUniverse(4).numbers).toEqual([0, Number(IPV4_MAX)]);
    expect(familyUniverse(6).bounds).toEqual([0n, IPV6_MAX]);
  });
});
