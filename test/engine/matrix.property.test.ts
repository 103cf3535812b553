import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/engine/flow.js';
import { buildMatrix, cellVerdict, explainingPairs, type MatrixGroupBy, type MatrixService } from '../../src/engine/matrix.js';
import type { Verdict } from '../../src/engine/types.js';
import { InputError } from '../../src/model/errors.js';
import type { Eni, Instance, Nacl, SecurityGroup } from '../../src/model/snapshot.js';
import type { SnapshotIndex } from '../../src/model/snapshot-index.js';
import { eni, index, instance, nacl, prefixList, sg, subnet, vpc, type RuleSpec, type SgRuleSpec } from '../helpers/model.js';

/**
 * The matrix must count every ENI pair exactly as `traceFlow` judges it. Random small snapshots — subnets
 * with and without NACLs (and one outside the snapshot), IPv4/IPv6/dual-stack ENIs sharing subnets and
 * atoms, /32 rules, group references (live, stale, to missing groups), prefix lists with and without
 * entries, NAT gateway and Windows clients — are checked pair by pair for every grouping.
 */
const V4 = ['10.0.1.10', '10.0.1.11', '10.0.1.12', '10.0.2.20', '10.0.2.21', '10.0.3.30', '10.0.9.9'];
const V6 = ['2001:db8:0:1::10', '2001:db8:0:1::11', '2001:db8:0:2::20', '2001:db8:0:3::30'];
const CIDRS = ['0.0.0.0/0', '10.0.0.0/16', '10.0.1.0/24', '10.0.2.0/24', '10.0.1.10/32', '10.0.1.12/31', '10.0.2.20/32', '::/0', '2001:db8::/56', '2001:db8:0:1::/64', '2001:db8:0:2::10/124', '2001:db8:0:1::11/128'];
const SUBNETS = ['subnet-a', 'subnet-b', 'subnet-c', 'subnet-gone'];
const GROUPS = ['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-missing'];
const PORTS = [22, 443, 1000];

const portRange = fc.oneof(
  fc.constantFrom<[number, number]>([0, 65535], [1024, 65535], [32768, 65535], [1000, 1020], [22, 22], [443, 443], [1000, 1000], [49152, 65535], [1025, 5000]),
  fc.tuple(fc.integer({ min: 990, max: 1050 }), fc.integer({ min: 990, max: 1050 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]),
);

const naclRuleArb: fc.Arbitrary<Omit<RuleSpec, 'n'>> = fc.record({
  action: fc.constantFrom<'allow' | 'deny'>('allow', 'allow', 'deny'),
  proto: fc.constantFrom('-1', '6', '6', '17', '1'),
  cidr: fc.constantFrom(...CIDRS),
  ports: portRange,
});
// Lists often end in an allow-all, or in the service ports plus part of the ephemeral ranges, so that the
// random rules decide only part of the traffic and partial replies are common.
const TAILS: Record<string, RuleSpec[]> = {
  none: [],
  all: [{ n: 300, cidr: '0.0.0.0/0' }, { n: 301, cidr: '::/0' }],
  ephemeral: ['0.0.0.0/0', '::/0'].flatMap((cidr, f) =>
    (['6', '17'] as const).flatMap((proto, p) =>
      [[22, 22], [443, 443], [1000, 1000], [1010, 1030], [32768, 65535]].map(([lo, hi], i): RuleSpec => ({ n: 300 + f * 100 + p * 10 + i, proto, cidr, ports: [lo!, hi!] })),
    ),
  ),
};
const naclRulesArb = fc
  .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { maxLength: 6 }), fc.constantFrom('none', 'all', 'ephemeral', 'ephemeral'))
  .chain(([numbers, tail]) => fc.tuple(...numbers.map((n) => naclRuleArb.map((r): RuleSpec => ({ ...r, n })))).map((rules) => [...rules, ...TAILS[tail]!]));

const sgRuleArb: fc.Arbitrary<SgRuleSpec> = fc.oneof(
  fc.record({ proto: fc.constantFrom('-1', 'tcp', 'udp', 'icmp'), ports: portRange, cidr: fc.constantFrom(...CIDRS) }),
  fc.record({ proto: fc.constantFrom('-1', 'tcp', 'udp'), ports: portRange, group: fc.constantFrom(...GROUPS), peeringStatus: fc.constantFrom(undefined, undefined, 'deleted') }).map((r) => {
    const { peeringStatus, ...rest } = r;
    return peeringStatus === undefined ? rest : { ...rest, peeringStatus };
  }),
  fc.record({ proto: fc.constantFrom('-1', 'tcp'), ports: portRange, prefixList: fc.constantFrom('pl-known', 'pl-empty', 'pl-absent') }),
);
const groupArb = fc.record({ ingress: fc.array(sgRuleArb, { maxLength: 4 }), egress: fc.array(sgRuleArb, { maxLength: 3 }), allEgress: fc.boolean() });

const eniArb = fc.record({
  subnet: fc.constantFrom(...SUBNETS, undefined),
  v4: fc.option(fc.constantFrom(...V4), { nil: undefined, freq: 8 }),
  v6: fc.option(fc.constantFrom(...V6), { nil: undefined, freq: 2 }),
  groups: fc.uniqueArray(fc.constantFrom(...GROUPS), { maxLength: 3 }),
  type: fc.constantFrom('interface', 'interface', 'interface', 'nat_gateway', 'lambda'),
  windows: fc.boolean(),
  tier: fc.constantFrom('web', 'db', undefined),
});

const world = fc.record({
  acls: fc.tuple(naclRulesArb, naclRulesArb, naclRulesArb, naclRulesArb),
  defaultAcl: fc.constantFrom('allow-all', 'rules', 'none'),
  defaultRules: fc.tuple(naclRulesArb, naclRulesArb),
  groups: fc.tuple(groupArb, groupArb, groupArb, groupArb),
  noGroups: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  enis: fc.array(eniArb, { minLength: 2, maxLength: 7 }),
  services: fc.uniqueArray(
    fc.record({ protocol: fc.constantFrom<'tcp' | 'udp'>('tcp', 'tcp', 'udp'), port: fc.constantFrom(...PORTS), clientPorts: fc.constantFrom(undefined, undefined, '1000-1040', 'linux') }),
    { minLength: 1, maxLength: 2, selector: (s) => `${s.protocol}/${s.port}` },
  ),
  globalClientPorts: fc.constantFrom(undefined, undefined, 'windows'),
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function build(w: World): SnapshotIndex {
  const nacls: Nacl[] = [
    nacl('acl-a', { subnetIds: ['subnet-a'], inbound: w.acls[0], outbound: w.acls[1], ipv6: true }),
    nacl('acl-b', { subnetIds: ['subnet-b'], inbound: w.acls[2], outbound: w.acls[3], ipv6: true }),
  ];
  if (w.defaultAcl !== 'none') {
    const rules = w.defaultAcl === 'allow-all' ? [[{ n: 100, cidr: '0.0.0.0/0' }, { n: 101, cidr: '::/0' }], [{ n: 100, cidr: '0.0.0.0/0' }, { n: 101, cidr: '::/0' }]] : w.defaultRules;
    nacls.push(nacl('acl-default', { isDefault: true, inbound: rules[0], outbound: rules[1], ipv6: true }));
  }
  const groups: SecurityGroup[] = w.noGroups
    ? []
    : w.groups.map((g, i) => sg(GROUPS[i]!, { ingress: g.ingress, egress: g.allEgress ? [{ cidr: '0.0.0.0/0' }, ...g.egress] : g.egress }));
  const enis: Eni[] = [];
  const instances: Instance[] = [];
  w.enis.forEach((e, i) => {
    const addresses = [e.v4, e.v6].filter((a): a is string => a !== undefined);
    const id = `eni-${i}`;
    const base = eni(id, e.subnet ?? 'x', addresses, e.groups, {
      interfaceType: e.type,
      tags: e.tier ? { tier: e.tier } : {},
      ...(e.windows ? { instanceId: `i-${i}` } : {}),
    });
    const { subnetId: _drop, ...noSubnet } = base;
    enis.push(e.subnet === undefined ? noSubnet : base);
    if (e.windows) instances.push(instance(`i-${i}`, [id], { platform: 'windows' }));
  });
  return index({
    vpcs: [vpc('vpc-1', ['10.0.0.0/16', '2001:db8::/56'])],
    subnets: [subnet('subnet-a', ['10.0.1.0/24', '2001:db8:0:1::/64']), subnet('subnet-b', ['10.0.2.0/24', '2001:db8:0:2::/64']), subnet('subnet-c', ['10.0.3.0/24', '2001:db8:0:3::/64'])],
    nacls,
    securityGroups: groups,
    enis,
    instances,
    prefixLists: [prefixList('pl-known', ['10.0.2.0/24', '2001:db8:0:1::/64']), prefixList('pl-empty')],
  });
}

function keysOf(e: Eni, by: MatrixGroupBy): string[] {
  switch (by.kind) {
    case 'subnet':
      return [e.subnetId ?? '(no subnet)'];
    case 'eni':
      return [e.id];
    case 'sg':
      return e.groupIds.length ? [...new Set(e.groupIds)] : ['(no security group)'];
    case 'tag':
      return [e.tags[by.key] ?? `(no ${by.key})`];
  }
}

interface Expected {
  counts: Record<Verdict | 'skipped', number>;
  fractions: number[];
}

function compare(idx: SnapshotIndex, w: World, by: MatrixGroupBy, seenVerdicts: Set<string>): void {
  const services: MatrixService[] = w.services.map((s) => ({ name: `${s.protocol}/${s.port}`, protocol: s.protocol, port: s.port, ...(s.clientPorts ? { clientPorts: s.clientPorts } : {}) }));
  const m = buildMatrix(idx, { services, by, ...(w.globalClientPorts ? { clientPorts: w.globalClientPorts } : {}) });
  const groupIndex = new Map(m.groups.map((g, i) => [g.id, i]));
  const enis = [...idx.enis.values()];
  const expected = new Map<string, Expected>();
  const verdictOf = new Map<string, Verdict | 'skipped'>();
  const fractionOf = new Map<string, number>();
  for (const a of enis) {
    for (const b of enis) {
      if (a === b) continue;
      services.forEach((s, si) => {
        let verdict: Verdict | 'skipped';
        let fraction = 1;
        try {
          const r = traceFlow(idx, { from: a.id, to: b.id, protocol: s.protocol, port: s.port, ...((s.clientPorts ?? w.globalClientPorts) ? { clientPorts: s.clientPorts ?? w.globalClientPorts } : {}) });
          verdict = r.verdict;
          fraction = r.returnPorts.fraction;
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          verdict = 'skipped';
        }
        verdictOf.set(`${a.id}>${b.id}>${si}`, verdict);
        fractionOf.set(`${a.id}>${b.id}>${si}`, fraction);
        for (const x of keysOf(a, by)) {
          for (const y of keysOf(b, by)) {
            const key = `${groupIndex.get(x)}>${groupIndex.get(y)}>${si}`;
            let e = expected.get(key);
            if (!e) {
              e = { counts: { reachable: 0, partial: 0, unreachable: 0, unknown: 0, skipped: 0 }, fractions: [] };
              expected.set(key, e);
            }
            e.counts[verdict]++;
            if (verdict === 'partial') e.fractions.push(fraction);
          }
        }
      });
    }
  }
  const seen = new Set<string>();
  for (const row of m.rows()) {
    for (const cell of row.cells) {
      const key = `${row.source}>${cell.destination}>${cell.service}`;
      seen.add(key);
      const e = expected.get(key) ?? { counts: { reachable: 0, partial: 0, unreachable: 0, unknown: 0, skipped: 0 }, fractions: [] };
      const where = `${m.groups[row.source]!.id} → ${m.groups[cell.destination]!.id} ${services[cell.service]!.name}`;
      expect(cell.counts, where).toEqual(e.counts);
      expect(cell.pairs, where).toBe(Object.values(e.counts).reduce((a, b) => a + b, 0));
      expect(cell.verdict, where).toBe(cellVerdict(e.counts));
      seenVerdicts.add(cell.verdict);
      // The cell verdict from the pairs' own verdicts: mixed iff they have more than one distinct verdict,
      // else the one they share; none without a traced pair (skipped pairs have no verdict).
      const distinct = (['reachable', 'partial', 'unreachable', 'unknown'] as const).filter((v) => e.counts[v] > 0);
      expect(cell.verdict, `${where}: pairs ${distinct.join('/') || 'none'}`).toBe(distinct.length > 1 ? 'mixed' : (distinct[0] ?? 'none'));
      // A mixed cell is explained by one pair of each verdict present; any other cell by one pair of its verdict.
      const explaining = explainingPairs(cell).map((p) => p.verdict);
      if (distinct.length > 1) expect(explaining.sort(), where).toEqual([...distinct].sort());
      else expect(explaining, where).toEqual(distinct);
      if (e.fractions.length) {
        expect(cell.partialFraction?.min, where).toBeCloseTo(Math.min(...e.fractions), 5);
        expect(cell.partialFraction?.max, where).toBeCloseTo(Math.max(...e.fractions), 5);
        expect(cell.partialFraction?.mean, where).toBeCloseTo(e.fractions.reduce((a, b) => a + b, 0) / e.fractions.length, 5);
      } else {
        expect(cell.partialFraction, where).toBeUndefined();
      }
      for (const v of ['reachable', 'partial', 'unreachable', 'unknown'] as const) {
        const ex = cell.examples[v];
        if (e.counts[v] === 0) {
          expect(ex, `${where}: no ${v} example`).toBeUndefined();
          continue;
        }
        expect(ex, `${where}: ${v} example`).toBeDefined();
        expect(verdictOf.get(`${ex!.from}>${ex!.to}>${cell.service}`), `${where}: example ${ex!.from} → ${ex!.to}`).toBe(v);
        expect(keysOf(idx.enis.get(ex!.from)!, by)).toContain(m.groups[row.source]!.id);
        expect(keysOf(idx.enis.get(ex!.to)!, by)).toContain(m.groups[cell.destination]!.id);
      }
    }
  }
  for (const key of expected.keys()) expect(seen.has(key), `cell ${key} missing`).toBe(true);
}

describe('matrix counts equal per-pair traceFlow verdicts', () => {
  for (const by of [{ kind: 'subnet' }, { kind: 'eni' }, { kind: 'sg' }, { kind: 'tag', key: 'tier' }] as const) {
    it(`--by ${by.kind === 'tag' ? 'tag:tier' : by.kind}`, () => {
      const seenVerdicts = new Set<string>();
      fc.assert(
        fc.property(world, (w) => compare(build(w), w, by, seenVerdicts)),
        { numRuns: 300 },
      );
      // The random snapshots do exercise mixed cells and all-partial ones; by ENI a cell is one pair, never mixed.
      expect([...seenVerdicts]).toEqual(expect.arrayContaining(['partial', 'reachable', 'unreachable']));
      expect(seenVerdicts.has('mixed')).toBe(by.kind !== 'eni');
    });
  }
});
