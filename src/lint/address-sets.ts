/**
 * Address sets as findings show them: the cells a set of parts cuts a space into, the fewest CIDR blocks
 * that make up a set, its smallest enclosing block, and a short exact text.
 */
import { addressFromValue, cidrSet, familyMax, type Cidr, type Family } from '../net/address.js';
import { IntervalSet } from '../net/interval-set.js';

/**
 * Splits `space` into maximal intervals on which membership in each of `parts` is constant, so one
 * representative address answers for the whole cell.
 */
export function cells(space: IntervalSet, parts: readonly IntervalSet[]): IntervalSet[] {
  const numbers = space.numbers;
  if (numbers && parts.every((p) => p.numbers)) return numberCells(numbers, parts);
  const cuts = new Set<bigint>();
  for (const p of parts) {
    for (const [lo, hi] of p.intervals) {
      cuts.add(lo);
      cuts.add(hi + 1n);
    }
  }
  const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: IntervalSet[] = [];
  // The space's intervals are sorted, so one pointer walks the cuts once for all of them.
  let next = 0;
  for (const [lo, hi] of space.intervals) {
    let start = lo;
    while (next < sorted.length && sorted[next]! <= start) next++;
    for (; next < sorted.length && sorted[next]! <= hi; next++) {
      out.push(IntervalSet.of(start, sorted[next]! - 1n));
      start = sorted[next]!;
    }
    out.push(IntervalSet.of(start, hi));
  }
  return out;
}

/** `cells` for number sets (every IPv4 set): the same walk without BigInt arithmetic. */
function numberCells(space: readonly number[], parts: readonly IntervalSet[]): IntervalSet[] {
  const cuts: number[] = [];
  for (const p of parts) {
    const b = p.numbers!;
    for (let i = 0; i < b.length; i += 2) cuts.push(b[i]!, b[i + 1]! + 1);
  }
  cuts.sort((a, b) => a - b);
  const out: IntervalSet[] = [];
  let next = 0;
  for (let i = 0; i < space.length; i += 2) {
    let start = space[i]!;
    const hi = space[i + 1]!;
    while (next < cuts.length && cuts[next]! <= start) next++;
    for (; next < cuts.length && cuts[next]! <= hi; next++) {
      // Repeated cuts (parts sharing a bound) must not make empty cells.
      if (cuts[next]! === start) continue;
      out.push(IntervalSet.of(start, cuts[next]! - 1));
      start = cuts[next]!;
    }
    out.push(IntervalSet.of(start, hi));
  }
  return out;
}

/** The fewest CIDR blocks that together are exactly `set` (the first `limit` of them). */
export function toCidrs(family: Family, set: IntervalSet, limit = Infinity): Cidr[] {
  const out: Cidr[] = [];
  eachBlock(family, set, (lo, size) => {
    if (out.length >= limit) return false;
    out.push(blockCidr(family, lo, size));
    return true;
  });
  return out;
}

/** How many blocks toCidrs would give, without making them. */
export function cidrCount(family: Family, set: IntervalSet): number {
  let count = 0;
  eachBlock(family, set, () => {
    count++;
    return true;
  });
  return count;
}

function blockCidr(family: Family, lo: number | bigint, size: number): Cidr {
  const bits = family === 4 ? 32 : 128;
  if (typeof lo === 'number') return { family, text: `${addressFromValue(4, lo).text}/${32 - size}`, prefixLength: 32 - size, lo: BigInt(lo), hi: BigInt(lo + 2 ** size - 1) };
  return { family, text: `${addressFromValue(family, lo).text}/${bits - size}`, prefixLength: bits - size, lo, hi: lo + (1n << BigInt(size)) - 1n };
}

/**
 * The blocks of the set in order, each as its first address and log2 of its size (IPv4 in plain
 * numbers); stops when `visit` returns false.
 */
function eachBlock(family: Family, set: IntervalSet, visit: (lo: number | bigint, size: number) => boolean): void {
  const numbers = family === 4 ? set.numbers : undefined;
  if (numbers) {
    for (let i = 0; i < numbers.length; i += 2) {
      const hi = numbers[i + 1]!;
      for (let lo = numbers[i]!; lo <= hi; ) {
        const size = blockBits4(lo, hi);
        if (!visit(lo, size)) return;
        lo += 2 ** size;
      }
    }
    return;
  }
  const bits = family === 4 ? 32 : 128;
  for (const [lo0, hi] of set.intervals) {
    let lo = lo0;
    while (lo <= hi) {
      const size = family === 4 ? blockBits4(Number(lo), Number(hi)) : blockBits(lo, hi, bits);
      if (!visit(lo, size)) return;
      lo += 1n << BigInt(size);
    }
  }
}

/** The smallest CIDR block holding every address of a non-empty set. */
export function hullCidr(family: Family, set: IntervalSet): Cidr {
  const bits = family === 4 ? 32 : 128;
  const lo = set.min() ?? 0n;
  const hi = set.max() ?? lo;
  let diff = lo ^ hi;
  let free = 0;
  while (diff > 0n) {
    diff >>= 1n;
    free++;
  }
  const base = (lo >> BigInt(free)) << BigInt(free);
  const top = base + (1n << BigInt(free)) - 1n;
  return { family, text: `${addressFromValue(family, base).text}/${bits - free}`, prefixLength: bits - free, lo: base, hi: top > familyMax(family) ? familyMax(family) : top };
}

/** `0.0.0.0/0`, `10.0.1.0/24, 10.0.2.0/24` or `0.0.0.0/0 except 10.0.1.0/24`: short and exact. */
export function describeAddresses(family: Family, set: IntervalSet): string {
  if (set.isEmpty()) return 'no address';
  // Counted first, and only the blocks shown are made: a group's members can be thousands of /32s.
  const count = cidrCount(family, set);
  if (count <= 3) return toCidrs(family, set).map((c) => c.text).join(', ');
  const hull = hullCidr(family, set);
  const holes = cidrSet(hull).subtract(set);
  if (cidrCount(family, holes) <= 3) return `${hull.text} except ${toCidrs(family, holes).map((c) => c.text).join(', ')}`;
  return `${toCidrs(family, set, 3)
    .map((c) => c.text)
    .join(', ')} and ${count - 3} more blocks`;
}

/** log2 of the largest aligned block starting at `lo` that ends by `hi` (BigInt: IPv6). */
function blockBits(lo: bigint, hi: bigint, bits: number): number {
  let size = 0;
  while (size < bits) {
    const next = 1n << BigInt(size + 1);
    if ((lo & (next - 1n)) !== 0n || lo + next - 1n > hi) break;
    size++;
  }
  return size;
}

/** The same for IPv4 in plain numbers (exact below 2^53), several times faster than BigInt arithmetic. */
function blockBits4(lo: number, hi: number): number {
  let size = 0;
  let block = 1;
  while (size < 32) {
    const next = block * 2;
    if (lo % next !== 0 || lo + next - 1 > hi) break;
    block = next;
    size++;
  }
  return size;
}
