import { describe, expect, it } from 'vitest';
import { ip } from '../../src/net/address.js';
import { IntervalSet } from '../../src/net/interval-set.js';
import { eni, index, nacl, subnet, vpc } from '../helpers/model.js';

describe('SnapshotIndex.memberSet', () => {
  const idx = index({
    enis: [
      eni('eni-1', 'subnet-1', ['10.0.0.5', '10.0.0.6', '2001:db8::1'], ['sg-a', 'sg-b']),
      eni('eni-2', 'subnet-1', ['10.0.0.4', '10.0.0.9', '10.0.0.5'], ['sg-a']),
      eni('eni-3', 'subnet-2', ['fd00::1', '2001:db8::2'], ['sg-b']),
    ],
  });

  it('holds the addresses of one family of the interfaces carrying the group', () => {
    const values = (texts: string[]) => IntervalSet.fromValues(texts.map((t) => ip(t).value));
    expect(idx.memberSet('sg-a', 4).equals(values(['10.0.0.4', '10.0.0.5', '10.0.0.6', '10.0.0.9']))).toBe(true);
    expect(idx.memberSet('sg-a', 4).numbers).toEqual([0x0a000004, 0x0a000006, 0x0a000009, 0x0a000009]);
    expect(idx.memberSet('sg-a', 6).equals(values(['2001:db8::1']))).toBe(true);
    expect(idx.memberSet('sg-b', 6).equals(values(['2001:db8::1', '2001:db8::2', 'fd00::1']))).toBe(true);
    expect(idx.memberSet('sg-b', 4).equals(values(['10.0.0.5', '10.0.0.6']))).toBe(true);
    expect(idx.memberSet('sg-none', 4).isEmpty()).toBe(true);
  });

  it('makes each set once, and keeps the families apart', () => {
    expect(idx.memberSet('sg-a', 4)).toBe(idx.memberSet('sg-a', 4));
    expect(idx.memberSet('sg-a', 6)).not.toBe(idx.memberSet('sg-a', 4));
  });
});

describe('SnapshotIndex.subnetsFilteredBy', () => {
  it('gives each NACL the subnets naclForSubnet gives it: explicit associations, else the VPC default', () => {
    const idx = index({
      vpcs: [vpc('vpc-1', '10.0.0.0/16'), vpc('vpc-2', '10.1.0.0/16')],
      subnets: [subnet('subnet-1', '10.0.1.0/24'), subnet('subnet-2', '10.0.2.0/24'), subnet('subnet-3', '10.0.3.0/24'), subnet('subnet-4', '10.1.1.0/24', 'vpc-2')],
      nacls: [
        nacl('acl-default', { vpcId: 'vpc-1', isDefault: true, subnetIds: ['subnet-3'] }),
        nacl('acl-app', { vpcId: 'vpc-1', subnetIds: ['subnet-1', 'subnet-9'] }),
        nacl('acl-idle', { vpcId: 'vpc-1' }),
      ],
    });
    const [dflt, app, idle] = idx.snapshot.nacls;
    expect(idx.subnetsFilteredBy(dflt!).map((s) => s.id)).toEqual(['subnet-2', 'subnet-3']);
    expect(idx.subnetsFilteredBy(app!).map((s) => s.id)).toEqual(['subnet-1']);
    expect(idx.subnetsFilteredBy(idle!)).toEqual([]);
    for (const n of idx.snapshot.nacls) {
      expect(idx.subnetsFilteredBy(n)).toEqual(idx.snapshot.subnets.filter((s) => idx.naclForSubnet(s.id) === n));
    }
  });
});
