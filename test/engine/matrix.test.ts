import { describe, expect, it } from 'vitest';
import { buildMatrix, cellVerdict, explainingPairs, MatrixTotals, representativePair, type MatrixCell, type MatrixGroupBy, type MatrixService } from '../../src/engine/matrix.js';
import { InputError } from '../../src/model/errors.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { SnapshotIndex } from '../../src/model/snapshot-index.js';
import { eni, index, instance, nacl, prefixList, sg, subnet, vpc } from '../helpers/model.js';

const ALL = [{ n: 100, cidr: '0.0.0.0/0' }];
const pg: MatrixService = { name: 'postgres', protocol: 'tcp', port: 5432 };

/** web (10.0.1.0/24) and db (10.0.3.0/24); acl-db answers only 32768-65535. */
function twoTier(parts: Partial<Snapshot> = {}): SnapshotIndex {
  return index({
    vpcs: [vpc('vpc-1', ['10.0.0.0/16', '2001:db8::/56'])],
    subnets: [subnet('subnet-web', ['10.0.1.0/24', '2001:db8:0:1::/64']), subnet('subnet-db', ['10.0.3.0/24', '2001:db8:0:3::/64'])],
    nacls: [
      nacl('acl-web', { subnetIds: ['subnet-web'], inbound: [...ALL, { n: 101, cidr: '::/0' }], outbound: [...ALL, { n: 101, cidr: '::/0' }], ipv6: true }),
      nacl('acl-db', {
        subnetIds: ['subnet-db'],
        inbound: [{ n: 100, proto: 'tcp', ports: 5432, cidr: '10.0.1.0/24' }, { n: 101, proto: 'tcp', ports: 5432, cidr: '2001:db8:0:1::/64' }],
        outbound: [{ n: 100, proto: 'tcp', ports: [32768, 65535], cidr: '10.0.0.0/16' }, { n: 101, proto: 'tcp', ports: [1024, 65535], cidr: '2001:db8::/56' }],
        ipv6: true,
      }),
    ],
    securityGroups: [sg('sg-web'), sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, group: 'sg-web' }] })],
    enis: [eni('eni-web1', 'subnet-web', '10.0.1.10', ['sg-web']), eni('eni-web2', 'subnet-web', '10.0.1.11', ['sg-web']), eni('eni-db', 'subnet-db', '10.0.3.10', ['sg-db'])],
    ...parts,
  });
}

function cellOf(idx: SnapshotIndex, from: string, to: string, opts: { by?: MatrixGroupBy; services?: MatrixService[]; service?: number; clientPorts?: string } = {}): MatrixCell {
  const m = buildMatrix(idx, { services: opts.services ?? [pg], by: opts.by ?? { kind: 'subnet' }, ...(opts.clientPorts ? { clientPorts: opts.clientPorts } : {}) });
  const x = m.groups.findIndex((g) => g.id === from);
  const y = m.groups.findIndex((g) => g.id === to);
  expect(x, `group ${from}`).toBeGreaterThanOrEqual(0);
  expect(y, `group ${to}`).toBeGreaterThanOrEqual(0);
  const row = [...m.rows()][x]!;
  return row.cells.find((c) => c.destination === y && c.service === (opts.service ?? 0))!;
}

describe('matrix cells', () => {
  it('replies that reach only part of the client range make a partial cell, with the share of client ports', () => {
    const cell = cellOf(twoTier(), 'subnet-web', 'subnet-db');
    expect(cell).toMatchObject({ verdict: 'partial', pairs: 2, counts: { reachable: 0, partial: 2, unreachable: 0, unknown: 0, skipped: 0 } });
    // 32768-65535 of 1024-65535 (an unknown client: AWS's advice)
    expect(cell.partialFraction).toEqual({ min: 0.507937, max: 0.507937, mean: 0.507937 });
    expect(cell.examples).toEqual({ partial: { from: 'eni-web1', to: 'eni-db' } });
  });

  it('the client range comes from --client-ports, or each client: Windows clients (49152-65535) get every reply back', () => {
    expect(cellOf(twoTier(), 'subnet-web', 'subnet-db', { clientPorts: 'windows' }).verdict).toBe('reachable');
    const idx = twoTier();
    const windows = index({
      ...idx.snapshot,
      enis: idx.snapshot.enis.map((e) => (e.id === 'eni-web1' ? { ...e, instanceId: 'i-1' } : e)),
      instances: [instance('i-1', ['eni-web1'], { platform: 'windows' })],
    });
    expect(cellOf(windows, 'subnet-web', 'subnet-db').counts).toMatchObject({ reachable: 1, partial: 1 });
    // One pair reachable, one partial: the pairs disagree.
    expect(cellOf(windows, 'subnet-web', 'subnet-db').verdict).toBe('mixed');
  });

  it('the reverse direction is denied (db → web is not allowed by sg-web), and counted as unreachable', () => {
    const cell = cellOf(twoTier(), 'subnet-db', 'subnet-web');
    expect(cell).toMatchObject({ verdict: 'unreachable', pairs: 2, counts: { unreachable: 2 } });
    expect(cell.examples.unreachable).toEqual({ from: 'eni-db', to: 'eni-web1' });
  });

  it('an ENI is never its own peer: two ENIs of one subnet make two pairs, a lone ENI none', () => {
    expect(cellOf(twoTier(), 'subnet-web', 'subnet-web', { services: [{ name: 'ssh', protocol: 'tcp', port: 22 }] })).toMatchObject({ pairs: 2, counts: { unreachable: 2 } });
    expect(cellOf(twoTier(), 'subnet-db', 'subnet-db')).toMatchObject({ verdict: 'none', pairs: 0, examples: {} });
  });

  it('inside one subnet NACLs are skipped but security groups are not', () => {
    const idx = twoTier({ securityGroups: [sg('sg-web', { ingress: [{ proto: 'tcp', ports: 5432, group: 'sg-web' }] }), sg('sg-db')] });
    expect(cellOf(idx, 'subnet-web', 'subnet-web')).toMatchObject({ verdict: 'reachable', counts: { reachable: 2 } });
  });

  it('a pair uses IPv4 when both ENIs have it, else IPv6; ENIs with no family in common are skipped', () => {
    const idx = twoTier();
    const mixed = index({
      ...idx.snapshot,
      securityGroups: [sg('sg-web', { egress: [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }] }), idx.groups.get('sg-db')!],
      enis: [
        eni('eni-web-v6', 'subnet-web', '2001:db8:0:1::10', ['sg-web']),
        eni('eni-web-v4', 'subnet-web', '10.0.1.10', ['sg-web']),
        eni('eni-db', 'subnet-db', ['10.0.3.10', '2001:db8:0:3::10'], ['sg-db']),
        eni('eni-db-v6', 'subnet-db', '2001:db8:0:3::11', ['sg-db']),
      ],
    });
    // v6 → dual: IPv6 (replies 1024-65535: reachable); v6 → v6: reachable; v4 → dual: IPv4 (partial); v4 → v6: skipped
    expect(cellOf(mixed, 'subnet-web', 'subnet-db')).toMatchObject({ pairs: 4, counts: { reachable: 2, partial: 1, unreachable: 0, skipped: 1 }, verdict: 'mixed' });
  });

  it('a rule naming a prefix list whose entries the snapshot lacks makes the pairs it could allow unknown', () => {
    const idx = twoTier({
      securityGroups: [sg('sg-web'), sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, prefixList: 'pl-1' }] })],
      prefixLists: [prefixList('pl-1')],
    });
    expect(cellOf(idx, 'subnet-web', 'subnet-db')).toMatchObject({ verdict: 'unknown', counts: { unknown: 2 } });
    const known = twoTier({
      securityGroups: [sg('sg-web'), sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, prefixList: 'pl-1' }] })],
      prefixLists: [prefixList('pl-1', ['10.0.1.10/32'])],
    });
    expect(cellOf(known, 'subnet-web', 'subnet-db', { clientPorts: 'linux' })).toMatchObject({ verdict: 'mixed', counts: { reachable: 1, unreachable: 1 } });
  });

  it('--by sg: an ENI with several groups is in each of their rows, so a pair counts in every cell it falls in', () => {
    const idx = twoTier({
      securityGroups: [sg('sg-web'), sg('sg-admin'), sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, group: 'sg-web' }] })],
      enis: [eni('eni-web1', 'subnet-web', '10.0.1.10', ['sg-web', 'sg-admin']), eni('eni-web2', 'subnet-web', '10.0.1.11', ['sg-web']), eni('eni-db', 'subnet-db', '10.0.3.10', ['sg-db'])],
    });
    const opts = { by: { kind: 'sg' } as const, clientPorts: 'linux' };
    expect(cellOf(idx, 'sg-web', 'sg-db', opts)).toMatchObject({ pairs: 2, counts: { reachable: 2 } });
    expect(cellOf(idx, 'sg-admin', 'sg-db', opts)).toMatchObject({ pairs: 1, counts: { reachable: 1 } });
    // eni-web1 → eni-web2 (both sg-web) and eni-web2 → eni-web1: 2 pairs; eni-web1 is in both rows but never its own peer
    expect(cellOf(idx, 'sg-web', 'sg-web', opts).pairs).toBe(2);
    expect(cellOf(idx, 'sg-admin', 'sg-web', opts).pairs).toBe(1);
    expect(cellOf(idx, 'sg-admin', 'sg-admin', opts).pairs).toBe(0);
  });

  it('--by tag:KEY groups by the tag value; untagged ENIs form "(no KEY)"', () => {
    const idx = twoTier();
    const tagged = index({ ...idx.snapshot, enis: idx.snapshot.enis.map((e) => (e.id === 'eni-db' ? { ...e, tags: { team: 'data' } } : e)) });
    const m = buildMatrix(tagged, { services: [pg], by: { kind: 'tag', key: 'team' } });
    expect(m.groups.map((g) => [g.id, g.enis])).toEqual([
      ['data', 1],
      ['(no team)', 2],
    ]);
  });
});

describe('matrix cells whose pairs disagree', () => {
  /** twoTier plus eni-db2 in the db subnet, whose group (sg-other) lets nothing in. */
  const withClosedDb = () =>
    twoTier({
      securityGroups: [sg('sg-web'), sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, group: 'sg-web' }] }), sg('sg-other')],
      enis: [
        eni('eni-web1', 'subnet-web', '10.0.1.10', ['sg-web']),
        eni('eni-web2', 'subnet-web', '10.0.1.11', ['sg-web']),
        eni('eni-db', 'subnet-db', '10.0.3.10', ['sg-db']),
        eni('eni-db2', 'subnet-db', '10.0.3.11', ['sg-other']),
      ],
    });

  it('some pairs reachable and some unreachable make a mixed cell, not a partial one; the counts stay per pair verdict', () => {
    const cell = cellOf(withClosedDb(), 'subnet-web', 'subnet-db', { clientPorts: 'linux' });
    expect(cell).toMatchObject({ verdict: 'mixed', pairs: 4, counts: { reachable: 2, partial: 0, unreachable: 2, unknown: 0, skipped: 0 } });
    expect(cell.partialFraction).toBeUndefined();
    expect(cell.examples).toEqual({ reachable: { from: 'eni-web1', to: 'eni-db' }, unreachable: { from: 'eni-web1', to: 'eni-db2' } });
  });

  it('a mixed cell is explained by one pair of each verdict, the failing one first', () => {
    const cell = cellOf(withClosedDb(), 'subnet-web', 'subnet-db', { clientPorts: 'linux' });
    expect(representativePair(cell)).toEqual({ from: 'eni-web1', to: 'eni-db2', verdict: 'unreachable' });
    expect(explainingPairs(cell)).toEqual([
      { from: 'eni-web1', to: 'eni-db2', verdict: 'unreachable' },
      { from: 'eni-web1', to: 'eni-db', verdict: 'reachable' },
    ]);
    // A cell whose pairs agree is explained by one pair.
    expect(explainingPairs(cellOf(twoTier(), 'subnet-db', 'subnet-web'))).toEqual([{ from: 'eni-db', to: 'eni-web1', verdict: 'unreachable' }]);
  });

  it('partial and unreachable pairs make a mixed cell, with the share of client ports of its partial pairs', () => {
    const cell = cellOf(withClosedDb(), 'subnet-web', 'subnet-db');
    expect(cell).toMatchObject({ verdict: 'mixed', counts: { reachable: 0, partial: 2, unreachable: 2 }, partialFraction: { min: 0.507937, max: 0.507937 } });
    expect(explainingPairs(cell).map((p) => p.verdict)).toEqual(['unreachable', 'partial']);
  });

  it('a cell whose every pair is partial stays partial, even when the pairs get replies to different shares of their ports', () => {
    const idx = twoTier({
      nacls: [
        nacl('acl-web', { subnetIds: ['subnet-web'], inbound: ALL, outbound: ALL }),
        nacl('acl-db', {
          subnetIds: ['subnet-db'],
          inbound: [{ n: 100, proto: 'tcp', ports: 5432, cidr: '10.0.1.0/24' }],
          outbound: [
            { n: 100, proto: 'tcp', ports: [32768, 65535], cidr: '10.0.1.10/32' },
            { n: 110, proto: 'tcp', ports: [49152, 65535], cidr: '10.0.1.11/32' },
          ],
        }),
      ],
    });
    const cell = cellOf(idx, 'subnet-web', 'subnet-db');
    expect(cell).toMatchObject({ verdict: 'partial', pairs: 2, counts: { reachable: 0, partial: 2, unreachable: 0, unknown: 0 } });
    expect(cell.partialFraction!.min).toBeLessThan(cell.partialFraction!.max);
    expect(explainingPairs(cell)).toHaveLength(1);
  });

  it('a pair the snapshot cannot decide next to a decided one makes the cell mixed, not unknown', () => {
    const idx = twoTier({
      securityGroups: [sg('sg-web'), sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, prefixList: 'pl-1' }] }), sg('sg-other', { ingress: [{ proto: 'tcp', ports: 5432, cidr: '10.0.0.0/16' }] })],
      prefixLists: [prefixList('pl-1')],
      enis: [eni('eni-web1', 'subnet-web', '10.0.1.10', ['sg-web']), eni('eni-db', 'subnet-db', '10.0.3.10', ['sg-db']), eni('eni-db2', 'subnet-db', '10.0.3.11', ['sg-other'])],
    });
    expect(cellOf(idx, 'subnet-web', 'subnet-db', { clientPorts: 'linux' })).toMatchObject({ verdict: 'mixed', counts: { reachable: 1, unknown: 1 } });
  });

  it('the totals count mixed cells apart from partial ones', () => {
    const m = buildMatrix(withClosedDb(), { services: [pg], by: { kind: 'subnet' }, clientPorts: 'linux' });
    const totals = new MatrixTotals(1);
    for (const row of m.rows()) totals.add(row);
    expect(totals.cells[0]).toEqual({ reachable: 0, partial: 0, unreachable: 3, unknown: 0, mixed: 1, none: 0 });
    expect(totals.pairs[0]).toEqual({ reachable: 2, partial: 0, unreachable: 10, unknown: 0, skipped: 0 });
  });
});

describe('matrix equivalence classes', () => {
  it('ENIs of one subnet with the same groups are one class; a /32 rule that tells them apart splits it', () => {
    const many = Array.from({ length: 50 }, (_, i) => eni(`eni-w${i}`, 'subnet-web', `10.0.1.${i + 10}`, ['sg-web']));
    const idx = twoTier({ enis: [...many, eni('eni-db', 'subnet-db', '10.0.3.10', ['sg-db'])] });
    expect(buildMatrix(idx, { services: [pg], by: { kind: 'subnet' } }).classes).toBe(2);
    const split = twoTier({
      enis: [...many, eni('eni-db', 'subnet-db', '10.0.3.10', ['sg-db'])],
      securityGroups: [sg('sg-web'), sg('sg-db', { ingress: [{ proto: 'tcp', ports: 5432, cidr: '10.0.1.20/32' }] })],
    });
    const m = buildMatrix(split, { services: [pg], by: { kind: 'subnet' }, clientPorts: 'linux' });
    // 10.0.1.10-19, 10.0.1.20, 10.0.1.21-59 are three atoms of the web subnet
    expect(m.classes).toBe(4);
    const row = [...m.rows()][0]!;
    expect(row.cells[1]).toMatchObject({ verdict: 'mixed', counts: { reachable: 1, unreachable: 49 }, examples: { reachable: { from: 'eni-w10', to: 'eni-db' } } });
  });

  it('rows stream in group order, one per source group', () => {
    const m = buildMatrix(twoTier(), { services: [pg, { name: 'ssh', protocol: 'tcp', port: 22 }], by: { kind: 'subnet' } });
    const rows = [...m.rows()];
    expect(rows.map((r) => r.source)).toEqual([0, 1]);
    expect(rows[0]!.cells.map((c) => [c.destination, c.service])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
  });
});

describe('matrix input checks', () => {
  it('rejects a service without a port in range, an unknown client profile and an empty service list', () => {
    const idx = twoTier();
    expect(() => buildMatrix(idx, { services: [{ ...pg, port: 70000 }], by: { kind: 'subnet' } })).toThrow(InputError);
    expect(() => buildMatrix(idx, { services: [{ ...pg, clientPorts: 'solaris' }], by: { kind: 'subnet' } })).toThrow(/expected lo-hi/);
    expect(() => buildMatrix(idx, { services: [], by: { kind: 'subnet' } })).toThrow(/no service/);
  });
});

describe('cellVerdict', () => {
  it.each([
    [{ reachable: 3, partial: 0, unreachable: 0, unknown: 0 }, 'reachable'],
    [{ reachable: 0, partial: 0, unreachable: 3, unknown: 0 }, 'unreachable'],
    [{ reachable: 0, partial: 2, unreachable: 0, unknown: 0 }, 'partial'],
    [{ reachable: 0, partial: 0, unreachable: 0, unknown: 2 }, 'unknown'],
    [{ reachable: 1, partial: 0, unreachable: 1, unknown: 0 }, 'mixed'],
    [{ reachable: 1, partial: 1, unreachable: 0, unknown: 0 }, 'mixed'],
    [{ reachable: 0, partial: 1, unreachable: 1, unknown: 0 }, 'mixed'],
    [{ reachable: 1, partial: 0, unreachable: 1, unknown: 1 }, 'mixed'],
    [{ reachable: 1, partial: 0, unreachable: 0, unknown: 1 }, 'mixed'],
    [{ reachable: 0, partial: 0, unreachable: 1, unknown: 1 }, 'mixed'],
    [{ reachable: 0, partial: 0, unreachable: 0, unknown: 0 }, 'none'],
  ] as const)('%o → %s', (counts, verdict) => {
    expect(cellVerdict(counts)).toBe(verdict);
  });
});
