/**
 * An immutable set of non-negative integers stored as sorted, disjoint, non-adjacent closed intervals.
 * Addresses (IPv4 as 32-bit, IPv6 as 128-bit) and ports share this one structure, so every question the
 * engine asks ("which ports of the client range does this NACL let through?") is a few interval
 * operations whose cost grows with the number of rules, never with 2^16 ports or 2^128 addresses.
 *
 * Bounds are kept as plain numbers whenever all of them are safe integers (ports, ICMP keys, every IPv4
 * set, IPv6 sets near ::), and as BigInt only otherwise: BigInt arithmetic allocates, and it used to be
 * most of the engine's CPU and garbage. Which representation a set has follows from its members alone,
 * so equal sets always have equal bounds whatever they were built from.
 */
export type Interval = readonly [lo: bigint, hi: bigint];

const MAX = Number.MAX_SAFE_INTEGER;
const MAX_BIG = BigInt(MAX);

/**
 * Number results are built here, then copied at their exact size: a growing array reserves room for 16
 * or more bounds, and most sets have two. Nothing that fills it calls out before it is read back.
 */
const buf: number[] = [];

export class IntervalSet {
  static readonly EMPTY = new IntervalSet([], undefined);

  /**
   * Flat bounds [lo0, hi0, lo1, hi1, …]: numbers exactly when every bound is at most
   * Number.MAX_SAFE_INTEGER (and none is negative), else bigints. The one enumerable field, so that deep
   * equality (tests' toEqual) compares members.
   */
  readonly bounds: readonly number[] | readonly bigint[];
  /** The bounds when they are numbers. */
  readonly #n: readonly number[] | undefined;
  /** The bounds as bigints: the bounds themselves, or made once when a number set meets a bigint one. */
  #w: readonly bigint[] | undefined;
  #intervals: readonly Interval[] | undefined;

  private constructor(n: readonly number[] | undefined, w: readonly bigint[] | undefined) {
    this.bounds = n ?? w!;
    this.#n = n;
    this.#w = w;
    this.#intervals = undefined;
  }

  static of(lo: bigint | number, hi: bigint | number = lo): IntervalSet {
    const l = safeNumber(lo);
    const h = safeNumber(hi);
    if (l !== undefined && h !== undefined) return h < l ? IntervalSet.EMPTY : new IntervalSet([l, h], undefined);
    return IntervalSet.from([[lo, hi]]);
  }

  /** The set of the given values (any order, repeats allowed). */
  static fromValues(values: Iterable<bigint | number>): IntervalSet {
    const list = Array.isArray(values) ? (values as readonly (bigint | number)[]) : [...values];
    let k = 0;
    for (const v of list) {
      const x = safeNumber(v);
      if (x === undefined) return IntervalSet.from(list.map((w) => [w, w] as const));
      buf[k++] = x;
      buf[k++] = x;
    }
    return IntervalSet.#fromBuffer(normalizeBuffer(k));
  }

  /** Builds a set from intervals in any order, overlapping or adjacent. */
  static from(intervals: Iterable<readonly [bigint | number, bigint | number]>): IntervalSet {
    // An array first: a generator could use other sets (and the shared buffer) while we fill it.
    const list = Array.isArray(intervals) ? (intervals as readonly (readonly [bigint | number, bigint | number])[]) : [...intervals];
    let k = 0;
    let w: bigint[] | undefined;
    for (const interval of list) {
      const lo = interval[0];
      const hi = interval[1];
      if (w === undefined) {
        const l = safeNumber(lo);
        const h = safeNumber(hi);
        if (l !== undefined && h !== undefined) {
          if (h >= l) {
            buf[k++] = l;
            buf[k++] = h;
          }
          continue;
        }
        w = [];
        for (let i = 0; i < k; i++) w.push(BigInt(buf[i]!));
      }
      // BigInt() rejects fractions and NaN, as it always has.
      const l = BigInt(lo);
      const h = BigInt(hi);
      if (h >= l) w.push(l, h);
    }
    return w ? IntervalSet.#bigints(normalizeBigints(w)) : IntervalSet.#fromBuffer(normalizeBuffer(k));
  }

  /** The union of many sets at once: one sort and merge instead of a new set per `union`. */
  static unionAll(sets: Iterable<IntervalSet>): IntervalSet {
    const parts = Array.isArray(sets) ? (sets as readonly IntervalSet[]) : [...sets];
    let k = 0;
    let nonEmpty = 0;
    let last = IntervalSet.EMPTY;
    for (const s of parts) {
      const n = s.#n;
      if (!n) return IntervalSet.#unionAllBigints(parts);
      if (n.length === 0) continue;
      nonEmpty++;
      last = s;
      for (let i = 0; i < n.length; i++) buf[k++] = n[i]!;
    }
    return nonEmpty <= 1 ? last : IntervalSet.#fromBuffer(normalizeBuffer(k));
  }

  static #unionAllBigints(parts: readonly IntervalSet[]): IntervalSet {
    const w: bigint[] = [];
    for (const s of parts) for (const b of s.#wide()) w.push(b);
    return IntervalSet.#bigints(normalizeBigints(w));
  }

  /** The intervals as bigint pairs; made on first use (hot code reads `bounds` instead). */
  get intervals(): readonly Interval[] {
    if (this.#intervals === undefined) {
      const out: Interval[] = [];
      const b = this.bounds;
      for (let i = 0; i < b.length; i += 2) out.push([BigInt(b[i]!), BigInt(b[i + 1]!)]);
      this.#intervals = out;
    }
    return this.#intervals;
  }

  /** The bounds as numbers, or undefined when some bound is beyond Number.MAX_SAFE_INTEGER (IPv6). */
  get numbers(): readonly number[] | undefined {
    return this.#n;
  }

  isEmpty(): boolean {
    return this.bounds.length === 0;
  }

  /** Number of integers in the set. */
  size(): bigint {
    const n = this.#n;
    if (n) return BigInt(this.sizeNumber());
    let total = 0n;
    const w = this.#w!;
    for (let i = 0; i < w.length; i += 2) total += w[i + 1]! - w[i]! + 1n;
    return total;
  }

  /** `Number(size())`: exact for number sets (their members lie in 0…2^53 - 1), rounded beyond. */
  sizeNumber(): number {
    const n = this.#n;
    if (!n) return Number(this.size());
    let total = 0;
    for (let i = 0; i < n.length; i += 2) total += n[i + 1]! - n[i]! + 1;
    return total;
  }

  has(value: bigint | number): boolean {
    const n = this.#n;
    if (n) {
      let v: number;
      if (typeof value === 'number' && isSafe(value)) v = value;
      else {
        const big = BigInt(value);
        if (big < 0n || big > MAX_BIG) return false;
        v = Number(big);
      }
      let low = 0;
      let high = (n.length >> 1) - 1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        if (v < n[2 * mid]!) high = mid - 1;
        else if (v > n[2 * mid + 1]!) low = mid + 1;
        else return true;
      }
      return false;
    }
    const v = BigInt(value);
    const w = this.#w!;
    let low = 0;
    let high = (w.length >> 1) - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (v < w[2 * mid]!) high = mid - 1;
      else if (v > w[2 * mid + 1]!) low = mid + 1;
      else return true;
    }
    return false;
  }

  union(other: IntervalSet): IntervalSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    if (this.#n && other.#n) return IntervalSet.#fromBuffer(unionNumbers(this.#n, other.#n), this, other);
    return IntervalSet.#bigints(unionBigints(this.#wide(), other.#wide()));
  }

  intersect(other: IntervalSet): IntervalSet {
    if (this.#n && other.#n) return IntervalSet.#fromBuffer(intersectNumbers(this.#n, other.#n), this, other);
    return IntervalSet.#bigints(intersectBigints(this.#wide(), other.#wide()));
  }

  subtract(other: IntervalSet): IntervalSet {
    if (this.isEmpty() || other.isEmpty()) return this;
    if (this.#n && other.#n) return IntervalSet.#fromBuffer(subtractNumbers(this.#n, other.#n), this);
    return IntervalSet.#bigints(subtractBigints(this.#wide(), other.#wide()));
  }

  /** True when every member of `other` is in this set. */
  covers(other: IntervalSet): boolean {
    if (this.#n && other.#n) return coversNumbers(this.#n, other.#n);
    // A number set holds no member beyond 2^53, which every non-empty bigint set has.
    if (this.#n) return false;
    return coversBigints(this.#w!, other.#wide());
  }

  overlaps(other: IntervalSet): boolean {
    if (this.#n && other.#n) return overlapsNumbers(this.#n, other.#n);
    return overlapsBigints(this.#wide(), other.#wide());
  }

  equals(other: IntervalSet): boolean {
    const a = this.bounds;
    const b = other.bounds;
    if (a.length !== b.length) return false;
    // Canonical bounds: a number set never equals a bigint one, and `!==` between 1 and 1n says so.
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  min(): bigint | undefined {
    const b = this.bounds;
    return b.length === 0 ? undefined : BigInt(b[0]!);
  }

  max(): bigint | undefined {
    const b = this.bounds;
    return b.length === 0 ? undefined : BigInt(b[b.length - 1]!);
  }

  /** `Number(min())` without a BigInt: exact for number sets. */
  minNumber(): number | undefined {
    const b = this.bounds;
    return b.length === 0 ? undefined : Number(b[0]!);
  }

  /** Intervals as plain numbers; only for sets known to fit (ports, ICMP keys). */
  toNumberRanges(): [number, number][] {
    const b = this.bounds;
    const out: [number, number][] = [];
    for (let i = 0; i < b.length; i += 2) out.push([Number(b[i]!), Number(b[i + 1]!)]);
    return out;
  }

  #wide(): readonly bigint[] {
    return (this.#w ??= this.#n!.map(BigInt));
  }

  /**
   * The set of the first `k` bounds of the buffer. Sets are immutable, so a result equal to an operand is
   * that operand: most intersections and subtractions of an evaluation change nothing, and then they
   * allocate nothing.
   */
  static #fromBuffer(k: number, a?: IntervalSet, b?: IntervalSet): IntervalSet {
    if (k === 0) return IntervalSet.EMPTY;
    if (a && bufferHolds(a.#n!, k)) return a;
    if (b && bufferHolds(b.#n!, k)) return b;
    return new IntervalSet(buf.slice(0, k), undefined);
  }

  /** Bigint results go back to numbers when they fit, so that the representation stays canonical. */
  static #bigints(bounds: readonly bigint[]): IntervalSet {
    if (bounds.length === 0) return IntervalSet.EMPTY;
    if (bounds[0]! >= 0n && bounds[bounds.length - 1]! <= MAX_BIG) return new IntervalSet(bounds.map(Number), undefined);
    return new IntervalSet(undefined, bounds);
  }
}

function isSafe(v: number): boolean {
  return Number.isSafeInteger(v) && v >= 0;
}

/** The value as a number when it is a safe non-negative integer, else undefined. */
function safeNumber(v: bigint | number): number | undefined {
  if (typeof v === 'number') return isSafe(v) ? v : undefined;
  return v >= 0n && v <= MAX_BIG ? Number(v) : undefined;
}

function bufferHolds(bounds: readonly number[], k: number): boolean {
  if (bounds.length !== k) return false;
  for (let i = 0; i < k; i++) if (bounds[i] !== buf[i]) return false;
  return true;
}

/** Sorts the first `k` bounds of the buffer by interval and merges them; returns the new count. */
function normalizeBuffer(k: number): number {
  if (k <= 2) return k;
  let sorted = true;
  for (let i = 2; i < k && sorted; i += 2) sorted = buf[i - 2]! <= buf[i]!;
  if (!sorted) {
    if (k > 32) return sweepBuffer(k);
    insertionSortBuffer(k);
  }
  let m = 2;
  for (let i = 2; i < k; i += 2) {
    const lo = buf[i]!;
    const hi = buf[i + 1]!;
    if (lo <= buf[m - 1]! + 1) {
      if (hi > buf[m - 1]!) buf[m - 1] = hi;
    } else {
      buf[m++] = lo;
      buf[m++] = hi;
    }
  }
  return m;
}

function insertionSortBuffer(k: number): void {
  for (let i = 2; i < k; i += 2) {
    const lo = buf[i]!;
    const hi = buf[i + 1]!;
    let j = i - 2;
    for (; j >= 0 && buf[j]! > lo; j -= 2) {
      buf[j + 2] = buf[j]!;
      buf[j + 3] = buf[j + 1]!;
    }
    buf[j + 2] = lo;
    buf[j + 3] = hi;
  }
}

let starts = new Float64Array(64);
let ends = new Float64Array(64);

/**
 * Merges many unsorted intervals. Which points a union covers depends only on the multisets of starts and
 * of ends, so each is sorted on its own, natively (no comparator: lint merges hundreds of thousands of
 * intervals), and a sweep counts how many intervals are open; touching ones merge.
 */
function sweepBuffer(k: number): number {
  const n = k >> 1;
  if (starts.length < n) {
    starts = new Float64Array(2 * n);
    ends = new Float64Array(2 * n);
  }
  for (let i = 0; i < n; i++) {
    starts[i] = buf[2 * i]!;
    ends[i] = buf[2 * i + 1]!;
  }
  const s = starts.subarray(0, n).sort();
  const e = ends.subarray(0, n).sort();
  let m = 0;
  let open = 0;
  let j = 0;
  for (let i = 0; i < n; ) {
    if (s[i]! <= e[j]! + 1) {
      if (open++ === 0) buf[m++] = s[i]!;
      i++;
    } else {
      if (--open === 0) buf[m++] = e[j]!;
      j++;
    }
  }
  buf[m++] = e[n - 1]!;
  return m;
}

function normalizeBigints(list: bigint[]): bigint[] {
  if (list.length <= 2) return list;
  const pairs: [bigint, bigint][] = [];
  for (let i = 0; i < list.length; i += 2) pairs.push([list[i]!, list[i + 1]!]);
  pairs.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const out: bigint[] = [pairs[0]![0], pairs[0]![1]];
  for (let i = 1; i < pairs.length; i++) {
    const [lo, hi] = pairs[i]!;
    const last = out.length - 1;
    if (lo <= out[last]! + 1n) {
      if (hi > out[last]!) out[last] = hi;
    } else out.push(lo, hi);
  }
  return out;
}

/*
 * Each operation exists twice, for numbers and for bigints, with the same code: one shared copy would see
 * both kinds of values at its comparisons, and V8 then compiles them to slow generic ones for ports and
 * IPv4 too.
 */

function unionNumbers(a: readonly number[], b: readonly number[]): number {
  let k = 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let lo: number;
    let hi: number;
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      lo = a[i]!;
      hi = a[i + 1]!;
      i += 2;
    } else {
      lo = b[j]!;
      hi = b[j + 1]!;
      j += 2;
    }
    if (k > 0 && lo <= buf[k - 1]! + 1) {
      if (hi > buf[k - 1]!) buf[k - 1] = hi;
    } else {
      buf[k++] = lo;
      buf[k++] = hi;
    }
  }
  return k;
}

function unionBigints(a: readonly bigint[], b: readonly bigint[]): bigint[] {
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let lo: bigint;
    let hi: bigint;
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      lo = a[i]!;
      hi = a[i + 1]!;
      i += 2;
    } else {
      lo = b[j]!;
      hi = b[j + 1]!;
      j += 2;
    }
    const last = out.length - 1;
    if (last >= 0 && lo <= out[last]! + 1n) {
      if (hi > out[last]!) out[last] = hi;
    } else out.push(lo, hi);
  }
  return out;
}

function intersectNumbers(a: readonly number[], b: readonly number[]): number {
  let k = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ahi = a[i + 1]!;
    const bhi = b[j + 1]!;
    const lo = a[i]! > b[j]! ? a[i]! : b[j]!;
    const hi = ahi < bhi ? ahi : bhi;
    if (lo <= hi) {
      buf[k++] = lo;
      buf[k++] = hi;
    }
    if (ahi < bhi) i += 2;
    else j += 2;
  }
  return k;
}

function intersectBigints(a: readonly bigint[], b: readonly bigint[]): bigint[] {
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ahi = a[i + 1]!;
    const bhi = b[j + 1]!;
    const lo = a[i]! > b[j]! ? a[i]! : b[j]!;
    const hi = ahi < bhi ? ahi : bhi;
    if (lo <= hi) out.push(lo, hi);
    if (ahi < bhi) i += 2;
    else j += 2;
  }
  return out;
}

function subtractNumbers(a: readonly number[], b: readonly number[]): number {
  let k = 0;
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i]!;
    const hi = a[i + 1]!;
    while (j < b.length && b[j + 1]! < lo) j += 2;
    for (let m = j; m < b.length && b[m]! <= hi; m += 2) {
      if (b[m]! > lo) {
        buf[k++] = lo;
        buf[k++] = b[m]! - 1;
      }
      lo = b[m + 1]! + 1;
      if (lo > hi) break;
    }
    if (lo <= hi) {
      buf[k++] = lo;
      buf[k++] = hi;
    }
  }
  return k;
}

function subtractBigints(a: readonly bigint[], b: readonly bigint[]): bigint[] {
  const out: bigint[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i]!;
    const hi = a[i + 1]!;
    while (j < b.length && b[j + 1]! < lo) j += 2;
    for (let k = j; k < b.length && b[k]! <= hi; k += 2) {
      const blo = b[k]!;
      const bhi = b[k + 1]!;
      if (blo > lo) out.push(lo, blo - 1n);
      lo = bhi + 1n;
      if (bhi >= hi) break;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return out;
}

function coversNumbers(a: readonly number[], b: readonly number[]): boolean {
  let i = 0;
  for (let j = 0; j < b.length; j += 2) {
    const lo = b[j]!;
    while (i < a.length && a[i + 1]! < lo) i += 2;
    // Intervals are non-adjacent, so one of ours must hold the whole of each of theirs.
    if (i === a.length || a[i]! > lo || a[i + 1]! < b[j + 1]!) return false;
  }
  return true;
}

function coversBigints(a: readonly bigint[], b: readonly bigint[]): boolean {
  let i = 0;
  for (let j = 0; j < b.length; j += 2) {
    const lo = b[j]!;
    while (i < a.length && a[i + 1]! < lo) i += 2;
    if (i === a.length || a[i]! > lo || a[i + 1]! < b[j + 1]!) return false;
  }
  return true;
}

function overlapsNumbers(a: readonly number[], b: readonly number[]): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ahi = a[i + 1]!;
    const bhi = b[j + 1]!;
    if (a[i]! <= bhi && b[j]! <= ahi) return true;
    if (ahi < bhi) i += 2;
    else j += 2;
  }
  return false;
}

function overlapsBigints(a: readonly bigint[], b: readonly bigint[]): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ahi = a[i + 1]!;
    const bhi = b[j + 1]!;
    if (a[i]! <= bhi && b[j]! <= ahi) return true;
    if (ahi < bhi) i += 2;
    else j += 2;
  }
  return false;
}
