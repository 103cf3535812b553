import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntervalSet } from '../../src/net/interval-set.js';

const UNIVERSE = 64;
const setArb = fc.array(fc.tuple(fc.integer({ min: 0, max: UNIVERSE - 1 }), fc.integer({ min: 0, max: UNIVERSE - 1 })), { maxLength: 6 }).map((pairs) => ({
  set: IntervalSet.from(pairs.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number])),
  members: new Set(pairs.flatMap(([a, b]) => Array.from({ length: Math.abs(a - b) + 1 }, (_, i) => Math.min(a, b) + i))),
}));
const members = (s: IntervalSet) => new Set(s.toNumberRanges().flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i)));

describe('IntervalSet', () => {
  it('merges overlapping and adjacent intervals into a canonical form', () => {
    expect(IntervalSet.from([[5, 9], [1, 3], [4, 4], [20, 30], [25, 26]]).toNumberRanges()).toEqual([[1, 9], [20, 30]]);
    expect(IntervalSet.from([[3, 1]]).isEmpty()).toBe(true);
  });

  it('handles 128-bit bounds exactly', () => {
    const max = (1n << 128n) - 1n;
    const all = IntervalSet.of(0n, max);
    expect(all.size()).toBe(1n << 128n);
    expect(all.subtract(IntervalSet.of(max)).has(max)).toBe(false);
    expect(all.subtract(IntervalSet.of(0n)).min()).toBe(1n);
  });

  it('union, intersect, subtract, covers and equals agree with plain sets of numbers', () => {
    fc.assert(
      fc.property(setArb, setArb, (a, b) => {
        expect(members(a.set)).toEqual(a.members);
        expect(members(a.set.union(b.set))).toEqual(new Set([...a.members, ...b.members]));
        expect(members(a.set.intersect(b.set))).toEqual(new Set([...a.members].filter((x) => b.members.has(x))));
        expect(members(a.set.subtract(b.set))).toEqual(new Set([...a.members].filter((x) => !b.members.has(x))));
        expect(a.set.covers(b.set)).toBe([...b.members].every((x) => a.members.has(x)));
        expect(a.set.overlaps(b.set)).toBe([...b.members].some((x) => a.members.has(x)));
        expect(a.set.size()).toBe(BigInt(a.members.size));
        for (let x = 0; x < UNIVERSE; x++) expect(a.set.has(x)).toBe(a.members.has(x));
        expect(a.set.union(b.set).equals(b.set.union(a.set))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
