/**
 * An immutable set of non-negative integers stored as sorted, disjoint, non-adjacent closed intervals.
 * Addresses (IPv4 as 32-bit, IPv6 as 128-bit) and ports share this one structure, so every question the
 * engine asks ("which ports of the client range does this NACL let through?") is a few interval
 * operations whose cost grows with the number of rules, never with 2^16 ports or 2^128 addresses.
 */
export type Interval = readonly [lo: bigint, hi: bigint];

export class IntervalSet {
  static readonly EMPTY = new IntervalSet([]);

  private constructor(readonly intervals: readonly Interval[]) {}

  static of(lo: bigint | number, hi: bigint | number = lo): IntervalSet {
    const l = BigInt(lo);
    const h = BigInt(hi);
    if (h < l) return IntervalSet.EMPTY;
    return new IntervalSet([[l, h]]);
  }

  /** Builds a set from intervals in any order, overlapping or adjacent. */
  static from(intervals: Iterable<readonly [bigint | number, bigint | number]>): IntervalSet {
    const list: Interval[] = [];
    for (const [lo, hi] of intervals) {
      const l = BigInt(lo);
      const h = BigInt(hi);
      if (h >= l) list.push([l, h]);
    }
    return new IntervalSet(normalize(list));
  }

  isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  /** Number of integers in the set. */
  size(): bigint {
    let total = 0n;
    for (const [lo, hi] of this.intervals) total += hi - lo + 1n;
    return total;
  }

  has(value: bigint | number): boolean {
    const v = BigInt(value);
    let low = 0;
    let high = this.intervals.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const [lo, hi] = this.intervals[mid]!;
      if (v < lo) high = mid - 1;
      else if (v > hi) low = mid + 1;
      else return true;
    }
    return false;
  }

  union(other: IntervalSet): IntervalSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    return new IntervalSet(normalize([...this.intervals, ...other.intervals]));
  }

  intersect(other: IntervalSet): IntervalSet {
    const out: Interval[] = [];
    let i = 0;
    let j = 0;
    const a = this.intervals;
    const b = other.intervals;
    while (i < a.length && j < b.length) {
      const [alo, ahi] = a[i]!;
      const [blo, bhi] = b[j]!;
      const lo = alo > blo ? alo : blo;
      const hi = ahi < bhi ? ahi : bhi;
      if (lo <= hi) out.push([lo, hi]);
      if (ahi < bhi) i++;
      else j++;
    }
    return out.length === 0 ? IntervalSet.EMPTY : new IntervalSet(out);
  }

  subtract(other: IntervalSet): IntervalSet {
    if (this.isEmpty() || other.isEmpty()) return this;
    const out: Interval[] = [];
    let j = 0;
    const b = other.intervals;
    for (const [lo0, hi] of this.intervals) {
      let lo = lo0;
      while (j < b.length && b[j]![1] < lo) j++;
      let k = j;
      while (k < b.length && b[k]![0] <= hi) {
        const [blo, bhi] = b[k]!;
        if (blo > lo) out.push([lo, blo - 1n]);
        if (bhi >= hi) {
          lo = hi + 1n;
          break;
        }
        lo = bhi + 1n;
        k++;
      }
      if (lo <= hi) out.push([lo, hi]);
    }
    return out.length === 0 ? IntervalSet.EMPTY : new IntervalSet(out);
  }

  /** True when every member of `other` is in this set. */
  covers(other: IntervalSet): boolean {
    const a = this.intervals;
    let i = 0;
    for (const [lo, hi] of other.intervals) {
      while (i < a.length && a[i]![1] < lo) i++;
      // Intervals are non-adjacent, so one of ours must hold the whole of each of theirs.
      if (i === a.length || a[i]![0] > lo || a[i]![1] < hi) return false;
    }
    return true;
  }

  overlaps(other: IntervalSet): boolean {
    const a = this.intervals;
    const b = other.intervals;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const [alo, ahi] = a[i]!;
      const [blo, bhi] = b[j]!;
      if (alo <= bhi && blo <= ahi) return true;
      if (ahi < bhi) i++;
      else j++;
    }
    return false;
  }

  equals(other: IntervalSet): boolean {
    if (this.intervals.length !== other.intervals.length) return false;
    return this.intervals.every(([lo, hi], i) => lo === other.intervals[i]![0] && hi === other.intervals[i]![1]);
  }

  min(): bigint | undefined {
    return this.intervals[0]?.[0];
  }

  /** Intervals as plain numbers; only for sets known to fit (ports, ICMP keys). */
  toNumberRanges(): [number, number][] {
    return this.intervals.map(([lo, hi]) => [Number(lo), Number(hi)]);
  }
}

function normalize(list: Interval[]): Interval[] {
  if (list.length <= 1) return list;
  list.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [lo, hi] of list) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1n) {
      if (hi > last[1]) last[1] = hi;
    } else {
      out.push([lo, hi]);
    }
  }
  return out;
}
