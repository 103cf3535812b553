import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/engine/flow.js';
import type { FlowQuery } from '../../src/engine/types.js';
import { InputError } from '../../src/model/errors.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { ALLOW_ALL, eni, index, instance, nacl, prefixList, sg, subnet, vpc, type RuleSpec } from '../helpers/model.js';

/**
 * Two subnets of one VPC: web (10.0.1.0/24) calls db (10.0.2.0/24) on 5432. Each test changes only what
 * it is about.
 */
function twoTier(opts: { webIn?: RuleSpec[]; webOut?: RuleSpec[]; dbIn?: RuleSpec[]; dbOut?: RuleSpec[]; parts?: Partial<Snapshot> } = {}) {
  return index({
    vpcs: [vpc('vpc-1', '10.0.0.0/16')],
    subnets: [subnet('subnet-web', '10.0.1.0/24'), subnet('subnet-db', '10.0.2.0/24')],
    nacls: [
      nacl('acl-web', { subnetIds: ['subnet-web'], inbound: opts.webIn ?? ALLOW_ALL, outbound: opts.webOut ?? ALLOW_ALL }),
      nacl('acl-db', { subnetIds: ['subnet-db'], inbound: opts.dbIn ?? ALLOW_ALL, outbound: opts.dbOut ?? ALLOW_ALL }),
    ],
    securityGroups: [sg('sg-web'), sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, group: 'sg-web' }] })],
    enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-web']), eni('eni-db', 'subnet-db', '10.0.2.20', ['sg-db'])],
    ...opts.parts,
  });
}

const pg: FlowQuery = { from: 'eni-web', to: 'eni-db', protocol: 'tcp', port: 5432, clientPorts: 'linux' };

describe('traceFlow: the request path', () => {
  it('is reachable when every layer allows the request and the NACLs allow the reply', () => {
    const r = traceFlow(twoTier(), pg);
    expect(r.verdict).toBe('reachable');
    expect(r.request.map((h) => [h.component, h.direction, h.decision])).toEqual([
      ['security-group', 'egress', 'allow'],
      ['nacl', 'outbound', 'allow'],
      ['nacl', 'inbound', 'allow'],
      ['security-group', 'ingress', 'allow'],
    ]);
    expect(r.returnPorts).toEqual({ range: [32768, 60999], allowed: [[32768, 60999]], fraction: 1 });
    expect(r.fixes).toEqual([]);
  });

  it('is unreachable when the server security group has no rule for the port, and proposes a group-reference rule', () => {
    const r = traceFlow(twoTier(), { ...pg, port: 5433 });
    expect(r.verdict).toBe('unreachable');
    expect(r.request[3]!.decision).toBe('deny');
    expect(r.request[3]!.segments[0]!.rules[0]!.isDefault).toBe(true);
    expect(r.fixes).toHaveLength(1);
    expect(r.fixes[0]).toMatchObject({ component: 'security-group', targetId: 'sg-db', direction: 'ingress', rule: { protocol: 'tcp', peer: 'sg-web', ports: '5433' } });
  });

  it('a group with no outbound rules sends nothing', () => {
    const idx = twoTier({ parts: {} });
    const noEgress = index({ ...idx.snapshot, securityGroups: [sg('sg-web', { egress: [] }), idx.groups.get('sg-db')!] });
    const r = traceFlow(noEgress, pg);
    expect(r.verdict).toBe('unreachable');
    expect(r.request[0]).toMatchObject({ component: 'security-group', direction: 'egress', decision: 'deny' });
  });

  it('the first NACL rule that matches decides: an allow numbered before a deny wins', () => {
    const r = traceFlow(twoTier({ dbIn: [{ n: 90, proto: 'tcp', ports: 5432, cidr: '10.0.1.0/24' }, { n: 100, action: 'deny', cidr: '10.0.1.0/24' }] }), pg);
    expect(r.request[2]!.decision).toBe('allow');
    expect(r.request[2]!.segments[0]!.rules[0]!.number).toBe(90);
  });

  it('the first NACL rule that matches decides: a deny numbered before an allow wins', () => {
    const r = traceFlow(twoTier({ dbIn: [{ n: 90, action: 'deny', cidr: '10.0.1.10/32' }, { n: 100, cidr: '0.0.0.0/0' }] }), pg);
    expect(r.verdict).toBe('unreachable');
    expect(r.request[2]!.segments[0]!.rules[0]).toMatchObject({ number: 90, action: 'deny' });
  });

  it('packets no NACL rule matches are denied by the catch-all rule 32767', () => {
    const r = traceFlow(twoTier({ dbIn: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] }), pg);
    expect(r.request[2]!.segments[0]!.rules[0]).toMatchObject({ number: 32767, isDefault: true });
  });

  it('a NACL without even the catch-all still denies what no rule matches', () => {
    const idx = twoTier();
    const bare = nacl('acl-db', { subnetIds: ['subnet-db'], inbound: [], outbound: ALLOW_ALL, noDefaultDeny: true });
    const r = traceFlow(index({ ...idx.snapshot, nacls: [idx.nacls.get('acl-web')!, bare] }), pg);
    expect(r.request[2]!.decision).toBe('deny');
    expect(r.request[2]!.segments[0]!.rules[0]).toMatchObject({ isDefault: true, description: expect.stringContaining('implicit') });
  });

  it('inbound NACL rules match the packet source, outbound rules its destination', () => {
    // acl-db inbound only admits 10.0.1.10 (the source); acl-web outbound only admits 10.0.2.20 (the destination).
    const r = traceFlow(
      twoTier({
        dbIn: [{ n: 100, proto: 'tcp', ports: 5432, cidr: '10.0.1.10/32' }],
        webOut: [{ n: 100, proto: 'tcp', ports: 5432, cidr: '10.0.2.20/32' }],
        webIn: [{ n: 100, proto: 'tcp', ports: [1024, 65535], cidr: '10.0.2.20/32' }],
        dbOut: [{ n: 100, proto: 'tcp', ports: [1024, 65535], cidr: '10.0.1.10/32' }],
      }),
      pg,
    );
    expect(r.verdict).toBe('reachable');
  });

  it('a subnet with no explicit association uses the VPC default NACL', () => {
    const idx = twoTier();
    const defaultDenyAll = nacl('acl-default', { isDefault: true, inbound: [], outbound: [] });
    const r = traceFlow(index({ ...idx.snapshot, nacls: [idx.nacls.get('acl-web')!, defaultDenyAll] }), pg);
    expect(r.request[2]).toMatchObject({ ids: ['acl-default'], decision: 'deny' });
  });

  it('NACLs are not evaluated between two addresses of one subnet, but security groups are', () => {
    const denyAll = twoTier({ webIn: [], webOut: [] });
    const s = denyAll.snapshot;
    const sameSubnet = index({
      ...s,
      securityGroups: [sg('sg-web'), sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, group: 'sg-web' }] })],
      enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-web']), eni('eni-db', 'subnet-web', '10.0.1.20', ['sg-db'])],
    });
    const r = traceFlow(sameSubnet, pg);
    expect(r.verdict).toBe('reachable');
    expect([...r.request, ...r.reply].filter((h) => h.component === 'nacl').every((h) => h.decision === 'skipped')).toBe(true);
    expect(traceFlow(sameSubnet, { ...pg, port: 22 }).verdict).toBe('unreachable');
  });
});

describe('traceFlow: the reply path through stateless NACLs', () => {
  it('the classic broken return: inbound allowed, no outbound ephemeral rule — unreachable with a numbered fix', () => {
    const r = traceFlow(twoTier({ dbIn: [{ n: 100, proto: 'tcp', ports: 5432, cidr: '10.0.1.0/24' }], dbOut: [{ n: 100, proto: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] }), pg);
    expect(r.verdict).toBe('unreachable');
    expect(r.request.every((h) => h.decision === 'allow')).toBe(true);
    expect(r.reply[1]).toMatchObject({ component: 'nacl', ids: ['acl-db'], direction: 'outbound', decision: 'deny' });
    expect(r.returnPorts).toEqual({ range: [32768, 60999], allowed: [], fraction: 0 });
    expect(r.fixes).toEqual([
      expect.objectContaining({ targetId: 'acl-db', direction: 'outbound', rule: { number: 110, action: 'allow', protocol: 'tcp', peer: '10.0.1.0/24', ports: '32768-60999' } }),
    ]);
    expect(r.fixes[0]!.command).toBe('aws ec2 create-network-acl-entry --network-acl-id acl-db --egress --rule-number 110 --protocol tcp --port-range From=32768,To=60999 --cidr-block 10.0.1.0/24 --rule-action allow');
  });

  it('the reply fix mirrors the CIDR of the rule that admitted the request (internet clients → 0.0.0.0/0)', () => {
    const idx = twoTier({
      dbIn: [{ n: 100, proto: 'tcp', ports: 5432, cidr: '0.0.0.0/0' }],
      dbOut: [],
      parts: { securityGroups: [sg('sg-web'), sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, cidr: '0.0.0.0/0' }] })] },
    });
    const r = traceFlow(idx, { ...pg, from: '198.51.100.7', clientPorts: undefined });
    expect(r.verdict).toBe('unreachable');
    expect(r.fixes.map((f) => f.rule)).toEqual([{ number: 100, action: 'allow', protocol: 'tcp', peer: '0.0.0.0/0', ports: '1024-65535' }]);
  });

  it('security groups are stateful: no outbound rule is needed on the server for the reply', () => {
    const idx = twoTier();
    const r = traceFlow(index({ ...idx.snapshot, securityGroups: [sg('sg-web'), sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, group: 'sg-web' }], egress: [] })] }), pg);
    expect(r.verdict).toBe('reachable');
    expect(r.reply[0]).toMatchObject({ component: 'security-group', decision: 'stateful' });
  });

  it('a return rule for 32768-65535 serves Linux clients but only part of a NAT gateway’s 1024-65535', () => {
    const ret = [{ n: 100, proto: 'tcp', ports: 5432, cidr: '10.0.1.0/24' }];
    const idx = twoTier({ dbIn: ret, dbOut: [{ n: 100, proto: 'tcp', ports: [32768, 65535], cidr: '10.0.1.0/24' }] });
    expect(traceFlow(idx, pg).verdict).toBe('reachable');
    const r = traceFlow(idx, { ...pg, clientPorts: 'nat-gateway' });
    expect(r.verdict).toBe('partial');
    expect(r.returnPorts.allowed).toEqual([[32768, 65535]]);
    expect(r.returnPorts.fraction).toBeCloseTo(32768 / 64512, 5);
    expect(r.summary).toMatch(/1024-32767/);
    expect(r.fixes[0]!.rule.ports).toBe('1024-32767');
    expect(r.fixes[0]!.summary).toMatch(/Or widen rule #100 to 1024-65535\./);
  });

  it('widening a return rule is proposed once, and only when it closes every gap (1025-5000 → 1024-65535)', () => {
    const idx = twoTier({ dbOut: [{ n: 10, proto: 'tcp', ports: [1025, 5000], cidr: '10.0.1.0/24' }] });
    const r = traceFlow(idx, { ...pg, clientPorts: 'any' });
    expect(r.fixes.map((f) => f.rule.ports)).toEqual(['1024', '5001-65535']);
    expect(r.fixes[0]!.summary).toMatch(/Or widen rule #10 to 1024-65535\./);
    expect(r.fixes[1]!.summary).not.toMatch(/widen/);
  });

  it('return traffic from a Windows client needs 49152-65535', () => {
    const idx = twoTier({ webIn: [{ n: 100, proto: 'tcp', ports: [32768, 60999], cidr: '10.0.2.0/24' }] });
    expect(traceFlow(idx, { ...pg, clientPorts: 'windows' }).returnPorts.allowed).toEqual([[49152, 60999]]);
    expect(traceFlow(idx, { ...pg, clientPorts: 'windows' }).verdict).toBe('partial');
  });

  it('both NACLs on the reply path count: the allowed client ports are their intersection', () => {
    const idx = twoTier({
      dbOut: [{ n: 100, proto: 'tcp', ports: [1024, 50000], cidr: '0.0.0.0/0' }],
      webIn: [{ n: 100, proto: 'tcp', ports: [40000, 65535], cidr: '0.0.0.0/0' }],
    });
    const r = traceFlow(idx, { ...pg, clientPorts: 'any' });
    expect(r.returnPorts.allowed).toEqual([[40000, 50000]]);
    expect(r.reply[1]!.decision).toBe('partial');
    expect(r.reply[2]!.decision).toBe('partial');
  });

  it('UDP needs return rules too (DNS to a resolver in another subnet)', () => {
    const idx = twoTier({ dbIn: [{ n: 100, proto: 'udp', ports: 53, cidr: '10.0.0.0/16' }], dbOut: [] });
    const withDns = index({ ...idx.snapshot, securityGroups: [sg('sg-web'), sg('sg-db', { ingress: [{ proto: 'udp', ports: 53, cidr: '10.0.0.0/16' }] })] });
    const r = traceFlow(withDns, { ...pg, protocol: 'udp', port: 53 });
    expect(r.verdict).toBe('unreachable');
    expect(r.fixes[0]).toMatchObject({ rule: { protocol: 'udp', ports: '32768-60999' } });
  });

  it('a deny placed in the return range stops the reply for exactly those ports', () => {
    const idx = twoTier({ dbOut: [{ n: 50, action: 'deny', proto: 'tcp', ports: [40000, 40099], cidr: '0.0.0.0/0' }, { n: 100, cidr: '0.0.0.0/0' }] });
    const r = traceFlow(idx, pg);
    expect(r.verdict).toBe('partial');
    expect(r.returnPorts.allowed).toEqual([[32768, 39999], [40100, 60999]]);
    // The fix must come before the deny (#50) and after nothing that overlaps it.
    expect(r.fixes[0]!.rule).toMatchObject({ number: 10, ports: '40000-40099' });
  });
});

describe('traceFlow: security group semantics', () => {
  it('all groups of an interface form one union', () => {
    const idx = twoTier();
    const split = index({
      ...idx.snapshot,
      securityGroups: [sg('sg-web'), sg('sg-db'), sg('sg-extra', { ingress: [{ proto: 'tcp', ports: [5000, 6000], cidr: '10.0.1.0/24' }] })],
      enis: [idx.enis.get('eni-web')!, eni('eni-db', 'subnet-db', '10.0.2.20', ['sg-db', 'sg-extra'])],
    });
    const r = traceFlow(split, pg);
    expect(r.verdict).toBe('reachable');
    expect(r.request[3]!.segments[0]!.rules.map((x) => x.ownerId)).toEqual(['sg-extra']);
  });

  it('a group reference matches the private addresses of interfaces carrying that group, nothing else', () => {
    const idx = twoTier();
    const other = index({ ...idx.snapshot, enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-other']), idx.enis.get('eni-db')!], securityGroups: [...idx.snapshot.securityGroups, sg('sg-other')] });
    expect(traceFlow(other, pg).verdict).toBe('unreachable');
    // An external address is never a member of a group, whatever address it has.
    expect(traceFlow(idx, { ...pg, from: '203.0.113.9' }).verdict).toBe('unreachable');
  });

  it('a stale (deleted peering) group reference matches nothing', () => {
    const idx = twoTier();
    const stale = index({ ...idx.snapshot, securityGroups: [sg('sg-web'), sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, group: 'sg-web', peeringStatus: 'deleted' }] })] });
    expect(traceFlow(stale, pg).verdict).toBe('unreachable');
  });

  it('a prefix list matches its entries; without entries the verdict is unknown, never guessed', () => {
    const idx = twoTier();
    const withList = (entries?: string[]) =>
      index({ ...idx.snapshot, prefixLists: [prefixList('pl-1', entries)], securityGroups: [sg('sg-web'), sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, prefixList: 'pl-1' }] })] });
    expect(traceFlow(withList(['10.0.1.0/24']), pg).verdict).toBe('reachable');
    expect(traceFlow(withList(['192.168.0.0/16']), pg).verdict).toBe('unreachable');
    const unknown = traceFlow(withList(undefined), pg);
    expect(unknown.verdict).toBe('unknown');
    expect(unknown.request[3]).toMatchObject({ decision: 'unknown' });
    expect(unknown.notes.join(' ')).toMatch(/pl-1/);
  });

  it('an unknown prefix list does not hide a NACL that denies the reply', () => {
    const idx = twoTier({ dbOut: [] });
    const s = index({ ...idx.snapshot, prefixLists: [prefixList('pl-1')], securityGroups: [sg('sg-web'), sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, prefixList: 'pl-1' }] })] });
    expect(traceFlow(s, pg).verdict).toBe('unreachable');
  });

  it('a group missing from the snapshot makes an otherwise denied request unknown', () => {
    const idx = twoTier();
    const s = index({ ...idx.snapshot, enis: [idx.enis.get('eni-web')!, eni('eni-db', 'subnet-db', '10.0.2.20', ['sg-db', 'sg-gone'])] });
    const r = traceFlow(s, { ...pg, port: 9999 });
    expect(r.verdict).toBe('unknown');
    expect(r.request[3]!.note).toMatch(/sg-gone/);
  });

  it('IPv4 rules never match IPv6 packets and vice versa', () => {
    const v6 = index({
      vpcs: [vpc('vpc-1', ['10.0.0.0/16', '2001:db8::/56'])],
      subnets: [subnet('subnet-web', ['10.0.1.0/24', '2001:db8:0:1::/64']), subnet('subnet-db', ['10.0.2.0/24', '2001:db8:0:2::/64'])],
      nacls: [nacl('acl-web', { subnetIds: ['subnet-web'], inbound: ALLOW_ALL, outbound: ALLOW_ALL, ipv6: true }), nacl('acl-db', { subnetIds: ['subnet-db'], inbound: ALLOW_ALL, outbound: ALLOW_ALL, ipv6: true })],
      securityGroups: [sg('sg-web', { egress: [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }] }), sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, cidr: '0.0.0.0/0' }] })],
      enis: [eni('eni-web', 'subnet-web', ['10.0.1.10', '2001:db8:0:1::10'], ['sg-web']), eni('eni-db', 'subnet-db', ['10.0.2.20', '2001:db8:0:2::20'], ['sg-db'])],
    });
    expect(traceFlow(v6, pg).verdict).toBe('reachable');
    const r = traceFlow(v6, { ...pg, to: '2001:db8:0:2::20' });
    expect(r.verdict).toBe('unreachable');
    // The IPv4 allow-all NACL rule #100 does not apply: the IPv6 packet falls to #32768.
    expect(r.request[1]!.segments[0]!.rules[0]).toMatchObject({ number: 32768 });
    expect(r.request[3]!.decision).toBe('deny');
  });
});

describe('traceFlow: endpoints', () => {
  const idx = twoTier({
    parts: {
      instances: [instance('i-web', ['eni-web'], { tags: { Name: 'web-1' }, name: 'web-1', platformDetails: 'Linux/UNIX' }), instance('i-gone', [], { state: 'terminated', tags: { Name: 'web-1' } })],
      enis: [eni('eni-web', 'subnet-web', '10.0.1.10', ['sg-web'], { instanceId: 'i-web' }), eni('eni-db', 'subnet-db', '10.0.2.20', ['sg-db'], { tags: { Name: 'db' } })],
    },
  });

  it('accepts an instance id, a private IP and a unique Name tag (terminated instances are never candidates)', () => {
    for (const from of ['i-web', '10.0.1.10', 'web-1']) expect(traceFlow(idx, { ...pg, from, to: 'db' }).from.eniId).toBe('eni-web');
  });

  it('infers the client range from the instance platform and says why', () => {
    const r = traceFlow(idx, { ...pg, clientPorts: undefined });
    expect(r.clientPorts).toMatchObject({ profile: 'linux', range: [32768, 60999] });
    expect(r.clientPorts.reason).toMatch(/i-web/);
  });

  it('rejects an ambiguous Name tag, listing the candidates', () => {
    const dup = index({ ...idx.snapshot, enis: [...idx.snapshot.enis, eni('eni-db2', 'subnet-db', '10.0.2.21', ['sg-db'], { tags: { Name: 'db' } })] });
    expect(() => traceFlow(dup, { ...pg, to: 'db' })).toThrow(/ambiguous: interface eni-db, interface eni-db2/);
  });

  it('rejects references to nothing with an InputError naming the flag', () => {
    try {
      traceFlow(idx, { ...pg, to: 'nope' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).problems[0]).toMatchObject({ file: '--to' });
    }
    expect(() => traceFlow(idx, { ...pg, clientPorts: 'bsd' })).toThrow(/--client-ports/);
    expect(() => traceFlow(idx, { ...pg, port: 70000 })).toThrow(/--port/);
  });

  it('an external peer: only the VPC side is evaluated, with any client range', () => {
    const r = traceFlow(twoTier({ dbIn: [{ n: 100, proto: 'tcp', ports: 5432, cidr: '0.0.0.0/0' }], dbOut: [{ n: 100, proto: 'tcp', ports: [32768, 65535], cidr: '0.0.0.0/0' }], parts: { securityGroups: [sg('sg-web'), sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, cidr: '0.0.0.0/0' }] })] } }), {
      ...pg,
      from: '198.51.100.7',
      clientPorts: undefined,
    });
    expect(r.from.kind).toBe('external');
    expect(r.clientPorts.profile).toBe('any');
    expect(r.request[0]!.decision).toBe('not-evaluated');
    expect(r.verdict).toBe('partial');
    expect(r.returnPorts.fraction).toBeCloseTo(32768 / 64512, 5);
  });

  it('traffic to the Amazon DNS resolver, metadata and time sync addresses is never filtered', () => {
    const closed = twoTier({ webOut: [], webIn: [] });
    for (const to of ['10.0.0.2', '169.254.169.254', '169.254.169.123', '169.254.169.253']) {
      const r = traceFlow(closed, { ...pg, to, protocol: 'udp', port: 53 });
      expect(r.verdict, to).toBe('reachable');
      expect(r.to.kind).toBe('amazon-service');
    }
  });

  it('an interface without security groups (a NAT gateway) is not filtered by groups', () => {
    const idx = twoTier();
    const nat = index({ ...idx.snapshot, enis: [idx.enis.get('eni-web')!, eni('eni-nat', 'subnet-db', '10.0.2.30', [], { interfaceType: 'nat_gateway' })] });
    const r = traceFlow(nat, { ...pg, to: 'eni-nat', port: 443 });
    expect(r.request[3]).toMatchObject({ decision: 'not-evaluated', note: expect.stringContaining('nat_gateway') });
    expect(r.verdict).toBe('reachable');
    expect(traceFlow(nat, { ...pg, from: 'eni-nat', to: 'eni-web', port: 443, clientPorts: undefined }).clientPorts.profile).toBe('nat-gateway');
  });

  it('an address inside a subnet that no interface owns: NACLs evaluated, security groups not', () => {
    const r = traceFlow(twoTier(), { ...pg, from: '10.0.1.99' });
    expect(r.from.kind).toBe('address-in-subnet');
    expect(r.request[0]!.decision).toBe('not-evaluated');
    expect(r.request[1]!.decision).toBe('allow');
  });
});
