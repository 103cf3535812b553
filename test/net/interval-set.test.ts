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

/*
 * Sets keep plain numbers while every bound is at most Number.MAX_SAFE_INTEGER and bigints beyond. The
 * properties below check both representations, and mixes of them, against a reference that knows nothing
 * of numbers: bigint intervals, merged naively, and membership tested at every point where it can change.
 */
describe('IntervalSet with number and bigint bounds', () => {
  const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
  const ANCHORS = [0n, 65_535n, (1n << 32n) - 1n, 1n << 32n, SAFE - 1n, SAFE, SAFE + 1n, SAFE + 2n, 1n << 64n, (1n << 128n) - 1n];
  const valueUpTo = (cap: bigint) =>
    fc.oneof(
      fc.bigInt({ min: 0n, max: 40n }),
      fc
        .tuple(fc.constantFrom(...ANCHORS), fc.integer({ min: -3, max: 3 }))
        .map(([a, d]) => a + BigInt(d))
        .filter((v) => v >= 0n && v <= cap),
      fc.bigInt({ min: 0n, max: cap }),
    );
  const valueArb = valueUpTo((1n << 128n) - 1n);
  /** A bound as the caller may pass it: a number when it is exact as one and the coin says so. */
  const asInput = (v: bigint, asNumber: boolean): bigint | number => (asNumber && v <= SAFE ? Number(v) : v);
  // Up to 40 intervals (some reversed, hence empty): long unsorted lists take another path than short ones.
  // Each set draws from one range, so that number sets (ports, IPv4, up to 2^53 - 1) are as common as the others.
  const rawArb = fc
    .constantFrom(65_535n, (1n << 32n) - 1n, SAFE, SAFE + 3n, (1n << 128n) - 1n)
    .chain((cap) => fc.array(fc.tuple(valueUpTo(cap), valueUpTo(cap)), { maxLength: 40, size: 'max' }));
  const inputArb = rawArb.chain((raw) => fc.array(fc.boolean(), { minLength: 2 * raw.length, maxLength: 2 * raw.length }).map((coins) => ({ raw, coins })));
  const build = ({ raw, coins }: { raw: [bigint, bigint][]; coins: boolean[] }) =>
    IntervalSet.from(raw.map(([lo, hi], i) => [asInput(lo, coins[2 * i]!), asInput(hi, coins[2 * i + 1]!)] as const));

  const reference = (raw: readonly (readonly [bigint, bigint])[]): [bigint, bigint][] => {
    const sorted = raw.filter(([lo, hi]) => lo <= hi).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    const out: [bigint, bigint][] = [];
    for (const [lo, hi] of sorted) {
      const last = out[out.length - 1];
      if (last && lo <= last[1] + 1n) last[1] = hi > last[1] ? hi : last[1];
      else out.push([lo, hi]);
    }
    return out;
  };
  const member = (intervals: readonly (readonly [bigint, bigint])[], x: bigint) => intervals.some(([lo, hi]) => lo <= x && x <= hi);
  /** Membership is constant between these points, so checking them checks every integer. */
  const breakpoints = (...sets: (readonly (readonly [bigint, bigint])[])[]) => [
    ...new Set([0n, ...sets.flatMap((s) => s.flatMap(([lo, hi]) => [lo, hi + 1n, lo > 0n ? lo - 1n : 0n, hi]))]),
  ];

  const expectCanonical = (s: IntervalSet) => {
    const b = s.bounds.map((v) => BigInt(v));
    for (let i = 0; i < b.length; i += 2) {
      expect(b[i]! <= b[i + 1]!).toBe(true);
      if (i > 0) expect(b[i]! > b[i - 1]! + 1n).toBe(true);
    }
    const fits = b.length === 0 || b[b.length - 1]! <= SAFE;
    expect(s.bounds.every((v) => typeof v === (fits ? 'number' : 'bigint'))).toBe(true);
    expect(s.numbers === undefined).toBe(!fits);
  };
  const expectSet = (s: IntervalSet, expected: readonly (readonly [bigint, bigint])[]) => {
    expectCanonical(s);
    expect(s.intervals).toEqual(expected);
  };
  const expectMembers = (s: IntervalSet, inSet: (x: bigint) => boolean, points: readonly bigint[]) => {
    expectCanonical(s);
    for (const p of [...points, ...breakpoints(s.intervals)]) expect(s.has(p), `${p}`).toBe(inSet(p));
  };

  it('builds the same canonical set from numbers, bigints or any mix of them', () => {
    fc.assert(
      fc.property(inputArb, fc.array(fc.boolean(), { maxLength: 80 }), (input, otherCoins) => {
        const set = build(input);
        expectSet(set, reference(input.raw));
        const other = build({ raw: input.raw, coins: input.raw.flatMap((_, i) => [otherCoins[2 * i] ?? false, otherCoins[2 * i + 1] ?? false]) });
        expect(other.equals(set)).toBe(true);
        expect(other).toEqual(set);
        expect(IntervalSet.from(set.intervals).equals(set)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('answers size, min, max and membership as the reference does', () => {
    fc.assert(
      fc.property(inputArb, fc.array(valueArb, { maxLength: 8 }), (input, probes) => {
        const set = build(input);
        const ref = reference(input.raw);
        expect(set.size()).toBe(ref.reduce((n, [lo, hi]) => n + hi - lo + 1n, 0n));
        expect(set.sizeNumber()).toBe(Number(set.size()));
        expect(set.min()).toBe(ref[0]?.[0]);
        expect(set.max()).toBe(ref[ref.length - 1]?.[1]);
        expect(set.minNumber()).toBe(ref.length ? Number(ref[0]![0]) : undefined);
        expect(set.isEmpty()).toBe(ref.length === 0);
        for (const p of [...probes, ...breakpoints(ref)]) {
          expect(set.has(p)).toBe(member(ref, p));
          if (p <= SAFE) expect(set.has(Number(p))).toBe(member(ref, p));
        }
        if (set.numbers) expect(set.toNumberRanges()).toEqual(ref.map(([lo, hi]) => [Number(lo), Number(hi)]));
      }),
      { numRuns: 300 },
    );
  });

  it('union, intersect, subtract, covers, overlaps and equals agree with the reference, whatever the representations', () => {
    fc.assert(
      fc.property(inputArb, inputArb, (x, y) => {
        const a = build(x);
        const b = build(y);
        const ra = reference(x.raw);
        const rb = reference(y.raw);
        const points = breakpoints(ra, rb);
        const inA = (p: bigint) => member(ra, p);
        const inB = (p: bigint) => member(rb, p);
        // All results first, then the checks: no result may share storage with a later one.
        const results = [a.union(b), a.intersect(b), a.subtract(b), b.subtract(a)];
        expectMembers(results[0]!, (p) => inA(p) || inB(p), points);
        expectMembers(results[1]!, (p) => inA(p) && inB(p), points);
        expectMembers(results[2]!, (p) => inA(p) && !inB(p), points);
        expectMembers(results[3]!, (p) => inB(p) && !inA(p), points);
        expectSet(a, ra);
        expectSet(b, rb);
        expect(a.covers(b)).toBe(points.every((p) => !inB(p) || inA(p)));
        expect(a.overlaps(b)).toBe(points.some((p) => inA(p) && inB(p)));
        expect(a.equals(b)).toBe(points.every((p) => inA(p) === inB(p)));
        expect(a.union(b).equals(b.union(a))).toBe(true);
        expect(a.intersect(b).equals(b.intersect(a))).toBe(true);
        expect(a.subtract(b).union(a.intersect(b)).equals(a)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('unionAll is the union of its sets, and fromValues the set of its values', () => {
    fc.assert(
      fc.property(fc.array(inputArb, { maxLength: 6 }), fc.array(fc.tuple(valueArb, fc.boolean()), { maxLength: 40 }), (inputs, values) => {
        const sets = inputs.map(build);
        const folded = sets.reduce((acc, s) => acc.union(s), IntervalSet.EMPTY);
        const all = IntervalSet.unionAll(sets);
        expectSet(all, reference(inputs.flatMap((i) => i.raw)));
        expect(all.equals(folded)).toBe(true);
        const fromValues = IntervalSet.fromValues(values.map(([v, asNumber]) => asInput(v, asNumber)));
        expectSet(fromValues, reference(values.map(([v]) => [v, v])));
      }),
      { numRuns: 200 },
    );
  });

  it('switches representation exactly at Number.MAX_SAFE_INTEGER', () => {
    const edge = IntervalSet.of(0, Number.MAX_SAFE_INTEGER);
    expect(edge.numbers).toEqual([0, Number.MAX_SAFE_INTEGER]);
    const beyond = IntervalSet.of(0n, SAFE + 1n);
    expect(beyond.numbers).toBeUndefined();
    expect(beyond.bounds).toEqual([0n, SAFE + 1n]);
    // A result that fits is a number set again, equal to one built from numbers.
    const back = beyond.subtract(IntervalSet.of(SAFE + 1n));
    expect(back.numbers).toEqual([0, Number.MAX_SAFE_INTEGER]);
    expect(back.equals(edge)).toBe(true);
    expect(beyond.intersect(IntervalSet.of(5, 9)).numbers).toEqual([5, 9]);
    expect(edge.covers(beyond)).toBe(false);
    expect(beyond.covers(edge)).toBe(true);
    expect(edge.equals(beyond)).toBe(false);
    expect(IntervalSet.of(2 ** 53).bounds).toEqual([2n ** 53n, 2n ** 53n]);
  });

  it('rejects what BigInt rejects, as before', () => {
    expect(() => IntervalSet.of(1.5)).toThrow(RangeError);
    expect(() => IntervalSet.from([[0, Number.NaN]])).toThrow(RangeError);
    expect(() => IntervalSet.of(1, 2).has(0.5)).toThrow(RangeError);
  });
});
