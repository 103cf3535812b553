import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cells, describeAddresses, toCidrs } from '../../src/lint/address-sets.js';
import { IntervalSet } from '../../src/net/interval-set.js';

const set = fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 8 })), { maxLength: 5 }).map((xs) => IntervalSet.from(xs.map(([lo, len]) => [lo, lo + len] as const)));

describe('cells', () => {
  it('split the space into pieces on which membership in every part is constant, cut only where it changes', () => {
    fc.assert(
      fc.property(set, fc.array(set, { maxLength: 4 }), (space, parts) => {
        const out = cells(space, parts);
        expect(IntervalSet.from(out.flatMap((c) => c.intervals)).equals(space)).toBe(true);
        const members = (v: bigint) => parts.map((p) => p.has(v)).join();
        for (const cell of out) {
          expect(cell.intervals).toHaveLength(1);
          const [lo, hi] = cell.intervals[0]!;
          for (let v = lo; v <= hi; v++) expect(members(v)).toBe(members(lo));
        }
        // Two touching cells differ in some part: no needless cut.
        for (let i = 1; i < out.length; i++) {
          const [, prevHi] = out[i - 1]!.intervals[0]!;
          const [lo] = out[i]!.intervals[0]!;
          if (prevHi + 1n === lo) expect(members(lo)).not.toBe(members(prevHi));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('address sets as text', () => {
  it('names a set by its fewest CIDR blocks, or by a hull with holes', () => {
    const v4 = (text: string) => BigInt(text.split('.').reduce((n, o) => n * 256 + Number(o), 0));
    expect(toCidrs(4, IntervalSet.of(v4('10.0.0.0'), v4('10.0.1.255'))).map((c) => c.text)).toEqual(['10.0.0.0/23']);
    expect(describeAddresses(4, IntervalSet.of(0n, 2n ** 32n - 1n).subtract(IntervalSet.of(v4('10.0.1.0'), v4('10.0.1.255'))))).toBe('0.0.0.0/0 except 10.0.1.0/24');
  });
});
