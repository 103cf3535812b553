import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateSecurityGroups } from '../../src/engine/sg.js';
import { ProposedNumbers } from '../../src/lint/proposed-numbers.js';
import { admittedPeers } from '../../src/lint/sg-admission.js';
import { defaultSettings, type LintContext } from '../../src/lint/types.js';
import type { Eni, SgDirection } from '../../src/model/snapshot.js';
import { SnapshotIndex } from '../../src/model/snapshot-index.js';
import { IntervalSet } from '../../src/net/interval-set.js';
import { addressFromValue } from '../../src/net/address.js';
import { eni, prefixList, sg, snapshot, subnet, type SgRuleSpec } from '../helpers/model.js';

// A small address space (10.0.0.0/27) in which every address can be tried one by one.
const BASE = 0x0a000000n; // 10.0.0.0
const CIDRS = ['10.0.0.0/27', '10.0.0.0/28', '10.0.0.16/29', '10.0.0.4/30', '10.0.0.9/32', '0.0.0.0/0', '192.168.0.0/16', '::/0'];
const GROUPS = ['sg-a', 'sg-b', 'sg-c'];

const ports = fc.tuple(fc.integer({ min: 20, max: 30 }), fc.integer({ min: 20, max: 30 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]);
const ruleArb: fc.Arbitrary<SgRuleSpec> = fc.oneof(
  fc.record({ proto: fc.constantFrom('-1', 'tcp', 'udp'), ports, cidr: fc.constantFrom(...CIDRS) }),
  fc.record({ proto: fc.constantFrom('-1', 'tcp'), ports, group: fc.constantFrom(...GROUPS), peeringStatus: fc.constantFrom(undefined, undefined, 'deleted') }).map((r) => {
    const { peeringStatus, ...rest } = r;
    return peeringStatus ? r : rest;
  }),
  fc.record({ proto: fc.constantFrom('tcp'), ports, prefixList: fc.constantFrom('pl-known', 'pl-empty', 'pl-absent') }),
);
const world = fc.record({
  groups: fc.tuple(...GROUPS.map(() => fc.record({ ingress: fc.array(ruleArb, { maxLength: 4 }), egress: fc.array(ruleArb, { maxLength: 3 }) }))),
  enis: fc.array(fc.record({ host: fc.integer({ min: 0, max: 40 }), groups: fc.uniqueArray(fc.constantFrom(...GROUPS, 'sg-missing'), { maxLength: 2 }) }), { minLength: 1, maxLength: 6 }),
  judged: fc.integer({ min: 1, max: 63 }),
  direction: fc.constantFrom<SgDirection>('ingress', 'egress'),
  protocol: fc.constantFrom(6, 17),
  keys: fc.array(ports, { minLength: 1, maxLength: 2 }),
  peers: fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const),
});

describe('admittedPeers', () => {
  it('equals asking the engine about every peer address, one at a time', () => {
    fc.assert(
      fc.property(world, (w) => {
        const enis: Eni[] = w.enis.map((e, i) => eni(`eni-${i}`, 'subnet-1', addressFromValue(4, BASE + BigInt(e.host)).text, e.groups));
        const snap = snapshot({
          subnets: [subnet('subnet-1', '10.0.0.0/26')],
          securityGroups: GROUPS.map((id, i) => sg(id, w.groups[i]!)),
          enis,
          prefixLists: [prefixList('pl-known', ['10.0.0.8/29']), prefixList('pl-empty', [])],
        });
        const index = new SnapshotIndex(snap);
        const ctx: LintContext = { snapshot: snap, index, settings: defaultSettings(), proposed: new ProposedNumbers() };
        // The interfaces whose groups judge: a subset chosen by the bits of `judged`.
        const judges = enis.filter((_, i) => (w.judged >> i) & 1);
        const keys = IntervalSet.from(w.keys);
        const peers = IntervalSet.of(BASE + BigInt(w.peers[0]), BASE + BigInt(w.peers[1]));
        const got = admittedPeers(ctx, judges, w.direction, w.protocol, 4, peers, keys);

        const expected: bigint[] = [];
        for (let v = BASE + BigInt(w.peers[0]); v <= BASE + BigInt(w.peers[1]); v++) {
          const address = addressFromValue(4, v);
          const owners = enis.filter((e) => e.privateIps.some((a) => a.value === v));
          const asks = owners.length > 0 ? owners.map((o) => ({ address, eni: o })) : [{ address }];
          const admitted =
            judges.length === 0 ||
            judges.some((j) => j.groupIds.length === 0 || j.groupIds.some((g) => !index.groups.has(g))) ||
            judges.some((j) =>
              asks.some((peer) => {
                const ev = evaluateSecurityGroups(index, { groupIds: j.groupIds, direction: w.direction, protocol: w.protocol, peer, keys });
                return !ev.allowed.isEmpty() || !ev.unknown.isEmpty();
              }),
            );
          if (admitted) expected.push(v);
        }
        expect(got.intervals).toEqual(IntervalSet.from(expected.map((v) => [v, v] as const)).intervals);
      }),
      { numRuns: 400 },
    );
  });
});
