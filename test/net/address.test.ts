import { describe, expect, it } from 'vitest';
import { parseCidr, parseIp } from '../../src/net/address.js';
import { parsePortRange } from '../../src/net/ports.js';

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
