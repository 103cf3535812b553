import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cells, cidrCount, describeAddresses, toCidrs } from '../../src/lint/address-sets.js';
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

  it('cut BigInt sets (IPv6) exactly where the same sets in plain numbers are cut', () => {
    const shift = 2n ** 100n;
    const wide = (s: IntervalSet) => IntervalSet.from(s.intervals.map(([lo, hi]) => [lo + shift, hi + shift] as const));
    fc.assert(
      fc.property(set, fc.array(set, { maxLength: 4 }), (space, parts) => {
        const narrow = cells(space, parts).map((c) => c.intervals.map(([lo, hi]) => [lo + shift, hi + shift]));
        const widened = cells(wide(space), parts.map(wide));
        expect(widened.every((c) => c.numbers === undefined)).toBe(true);
        expect(widened.map((c) => c.intervals)).toEqual(narrow);
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

describe('toCidrs', () => {
  it('gives aligned blocks that are exactly the set, in IPv4 (plain numbers) and IPv6 (BigInt) alike', () => {
    const ranges = fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 20n })), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(ranges, fc.constantFrom<4 | 6>(4, 6), (rs, family) => {
        const top = family === 4 ? 2n ** 32n - 1n : 2n ** 128n - 1n;
        const shift = family === 4 ? 0n : 2n ** 100n;
        const set = IntervalSet.from(rs.map(([lo, len]) => [lo + shift, lo + shift + len > top ? top : lo + shift + len] as const));
        const blocks = toCidrs(family, set);
        expect(IntervalSet.from(blocks.map((b) => [b.lo, b.hi] as const)).equals(set)).toBe(true);
        for (const b of blocks) {
          const size = b.hi - b.lo + 1n;
          expect(size).toBe(2n ** BigInt((family === 4 ? 32 : 128) - b.prefixLength));
          expect(b.lo % size).toBe(0n);
        }
        // Fewest: no two neighbours merge into one aligned block.
        for (let i = 1; i < blocks.length; i++) {
          const [a, b] = [blocks[i - 1]!, blocks[i]!];
          if (a.hi + 1n === b.lo && a.prefixLength === b.prefixLength) expect(a.lo % (2n * (a.hi - a.lo + 1n))).not.toBe(0n);
        }
        // describeAddresses counts the blocks and makes only those it shows.
        expect(cidrCount(family, set)).toBe(blocks.length);
        expect(toCidrs(family, set, 3)).toEqual(blocks.slice(0, 3));
      }),
      { numRuns: 300 },
    );
  });
});
