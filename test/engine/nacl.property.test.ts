import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowsSome, evaluateNacl } from '../../src/engine/nacl.js';
import { addressFromValue, cidr, type Family } from '../../src/net/address.js';
import { IntervalSet } from '../../src/net/interval-set.js';
import type { NaclRule } from '../../src/model/snapshot.js';
import { naclRule } from '../helpers/model.js';
import { bruteNacl } from '../helpers/brute-force.js';

// A small corner of each address family, so random rules overlap often and every packet can be checked.
const BASE: Record<Family, bigint> = { 4: cidr('10.0.0.0/28').lo, 6: cidr('2001:db8::/124').lo };
const WIDTH = 16;
const PORTS = 24;

const cidrIn = (family: Family) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(family === 4 ? '0.0.0.0/0' : '::/0') },
    {
      weight: 6,
      arbitrary: fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: WIDTH - 1 })).map(([hostBits, offset]) => {
        const size = 1 << hostBits;
        const start = BASE[family] + BigInt(Math.floor(offset / size) * size);
        return `${addressFromValue(family, start).text}/${(family === 4 ? 32 : 128) - hostBits}`;
      }),
    },
  );

const ruleSpec = fc.record({
  family: fc.constantFrom<Family>(4, 6),
  action: fc.constantFrom<'allow' | 'deny'>('allow', 'deny'),
  proto: fc.constantFrom('-1', '6', '17', '1', '58'),
  ports: fc.tuple(fc.integer({ min: 0, max: PORTS - 1 }), fc.integer({ min: 0, max: PORTS - 1 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]),
  icmp: fc.tuple(fc.integer({ min: -1, max: 0 }), fc.integer({ min: -1, max: PORTS - 1 })),
});

const rulesArb = fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 0, maxLength: 12 }).chain((numbers) =>
  fc.tuple(...numbers.map((n) => fc.tuple(fc.constant(n), ruleSpec).chain(([num, spec]) => cidrIn(spec.family).map((c) => ({ num, spec, c }))))).map((list) =>
    list
      .map(({ num, spec, c }, i): NaclRule => naclRule('acl-x', false, { n: num, action: spec.action, proto: spec.proto, cidr: c, ports: spec.ports, icmp: spec.icmp }, i))
      .sort((a, b) => a.number - b.number),
  ),
);

describe('evaluateNacl agrees with a per-packet first-match evaluator', () => {
  it('for every packet of a random box, IPv4 and IPv6, every protocol', () => {
    fc.assert(
      fc.property(
        rulesArb,
        fc.constantFrom<Family>(4, 6),
        fc.constantFrom(6, 17, 1, 58, 47),
        fc.tuple(fc.integer({ min: 0, max: WIDTH - 1 }), fc.integer({ min: 0, max: WIDTH - 1 })),
        fc.tuple(fc.integer({ min: 0, max: PORTS - 1 }), fc.integer({ min: 0, max: PORTS - 1 })),
        (rules, family, protocol, [a1, a2], [k1, k2]) => {
          const lo = BASE[family] + BigInt(Math.min(a1, a2));
          const hi = BASE[family] + BigInt(Math.max(a1, a2));
          const keys = IntervalSet.of(Math.min(k1, k2), Math.max(k1, k2));
          const segments = evaluateNacl(rules, { protocol, family, addresses: IntervalSet.of(lo, hi), keys });
          let covered = 0n;
          for (const s of segments) covered += s.addresses.size() * s.keys.size();
          expect(covered).toBe((hi - lo + 1n) * keys.size()); // segments partition the box
          for (let address = lo; address <= hi; address++) {
            for (const [klo, khi] of keys.toNumberRanges()) {
              for (let key = klo; key <= khi; key++) {
                const expected = bruteNacl(rules, { family, protocol, address, key });
                const hit = segments.filter((s) => s.addresses.has(address) && s.keys.has(key));
                expect(hit).toHaveLength(1);
                expect(hit[0]!.action).toBe(expected?.action ?? 'deny');
                expect(hit[0]!.rule?.number).toBe(expected?.number);
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('allowsSome is true exactly when some packet of the box is allowed', () => {
    fc.assert(
      fc.property(
        rulesArb,
        fc.constantFrom<Family>(4, 6),
        fc.constantFrom(6, 17, 1, 58, 47),
        fc.array(fc.tuple(fc.integer({ min: 0, max: WIDTH - 1 }), fc.integer({ min: 0, max: WIDTH - 1 })), { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: PORTS - 1 }), fc.integer({ min: 0, max: PORTS - 1 })), { minLength: 1, maxLength: 3 }),
        (rules, family, protocol, addressRanges, keyRanges) => {
          const addresses = IntervalSet.from(addressRanges.map(([a, b]) => [BASE[family] + BigInt(Math.min(a, b)), BASE[family] + BigInt(Math.max(a, b))] as const));
          const keys = IntervalSet.from(keyRanges.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const));
          let expected = false;
          for (const [alo, ahi] of addresses.intervals) {
            for (let address = alo; address <= ahi; address++) {
              for (const [klo, khi] of keys.toNumberRanges()) {
                for (let key = klo; key <= khi; key++) expected ||= bruteNacl(rules, { family, protocol, address, key })?.action === 'allow';
              }
            }
          }
          expect(allowsSome(rules, { protocol, family, addresses, keys })).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
