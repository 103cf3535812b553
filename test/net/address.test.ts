import fc from 'fast-check';
import { Address4, Address6 } from 'ip-address';
import { describe, expect, it } from 'vitest';
import { addressFromValue, cidr, cidrSet, parseCidr, parseIp } from '../../src/net/address.js';
import { IntervalSet } from '../../src/net/interval-set.js';
import { formatPortSet, parsePortRange } from '../../src/net/ports.js';

describe('parseCidr', () => {
  it('reads IPv4 and IPv6 blocks into canonical text and bounds', () => {
    const v4 = parseCidr('10.0.0.0/16');
    expect(v4).toMatchObject({ ok: true, hostBitsSet: false, value: { family: 4, text: '10.0.0.0/16', prefixLength: 16 } });
    const v6 = parseCidr('2001:DB8:0:0::/32');
    expect(v6).toMatchObject({ ok: true, value: { family: 6, text: '2001:db8::/32', prefixLength: 32 } });
    const world = parseCidr('::/0');
    expect(world.ok && world.value.hi).toBe((1n << 128n) - 1n);
  });

  it('flags host bits, as AWS stores only canonical blocks (10.0.0.18/18 is 10.0.0.0/18)', () => {
    expect(parseCidr('10.0.0.18/18')).toMatchObject({ ok: true, hostBitsSet: true, value: { text: '10.0.0.0/18' } });
  });

  it('rejects what AWS rejects', () => {
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.256/24', '10.0.0/24', '010.0.0.0/8', '2001:db8::/129', 'banana/8', '']) {
      expect(parseCidr(bad).ok, bad).toBe(false);
    }
  });
});

describe('parseIp', () => {
  it('reads single addresses and refuses blocks', () => {
    expect(parseIp('10.0.1.10')).toMatchObject({ ok: true, value: { family: 4, value: 0x0a00010an } });
    expect(parseIp('fd00:ec2::254')).toMatchObject({ ok: true, value: { family: 6, text: 'fd00:ec2::254' } });
    expect(parseIp('10.0.1.0/24').ok).toBe(false);
  });
});

describe('parsePortRange', () => {
  it('reads single ports and ranges within 0-65535', () => {
    expect(parsePortRange('443')).toEqual({ from: 443, to: 443 });
    expect(parsePortRange('1024-65535')).toEqual({ from: 1024, to: 65535 });
    for (const bad of ['65536', '5-1', 'x', '1-2-3', '-1']) expect(parsePortRange(bad), bad).toBeUndefined();
  });
});

describe('addressFromValue', () => {
  it('writes IPv4 addresses as ip-address does, from a bigint or a number', () => {
    const edges = [0n, 1n, 255n, 256n, 0x7fffffffn, 0x80000000n, 0xfffffffen, 0xffffffffn];
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...edges), fc.bigInt({ min: 0n, max: 0xffffffffn })), (value) => {
        const expected = Address4.fromBigInt(value).correctForm();
        expect(addressFromValue(4, value)).toEqual({ family: 4, text: expected, value });
        expect(addressFromValue(4, Number(value))).toEqual({ family: 4, text: expected, value });
        expect(parseIp(expected)).toMatchObject({ ok: true, value: addressFromValue(4, value) });
      }),
      { numRuns: 500 },
    );
  });

  it('writes IPv6 addresses with ip-address', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (value) => {
        expect(addressFromValue(6, value)).toEqual({ family: 6, text: Address6.fromBigInt(value).correctForm(), value });
      }),
    );
  });
});

describe('cidrSet', () => {
  it('is a number set for IPv4 and for IPv6 below 2^53, a bigint set above, equal to the same set built any other way', () => {
    expect(cidrSet(cidr('10.0.0.0/8')).numbers).toEqual([0x0a000000, 0x0affffff]);
    expect(cidrSet(cidr('0.0.0.0/0')).numbers).toEqual([0, 0xffffffff]);
    expect(cidrSet(cidr('::/75')).numbers).toEqual([0, 2 ** 53 - 1]);
    expect(cidrSet(cidr('::/74')).numbers).toBeUndefined();
    const v6 = cidr('2001:db8::/32');
    expect(cidrSet(v6).bounds).toEqual([v6.lo, v6.hi]);
    expect(cidrSet(v6).equals(IntervalSet.of(v6.lo, v6.hi))).toBe(true);
  });
});

describe('formatPortSet', () => {
  it('lists ranges and single ports', () => {
    expect(formatPortSet(IntervalSet.EMPTY)).toBe('none');
    expect(formatPortSet(IntervalSet.from([[22, 22], [80, 80], [1024, 65535]]))).toBe('22, 80, 1024-65535');
  });
});
