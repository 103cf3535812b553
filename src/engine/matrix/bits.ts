/**
 * Fixed-size bit sets over the matrix columns (one bit per destination column), as plain Uint32Arrays: the
 * matrix answers "which destinations does this source reach" for a whole row with a few word operations.
 */
export type Bits = Uint32Array;

export function wordCount(bits: number): number {
  return (bits + 31) >>> 5;
}

export function setBit(b: Bits, j: number): void {
  b[j >>> 5]! |= 1 << (j & 31);
}

export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Bits lo..hi-1 of word `w` (columns are numbered from 0; word w holds columns 32w…32w+31). */
export function wordMask(w: number, lo: number, hi: number): number {
  const first = w << 5;
  const from = lo > first ? lo - first : 0;
  const to = hi < first + 32 ? hi - first : 32;
  if (to <= from) return 0;
  const upper = to === 32 ? 0xffffffff : (1 << to) - 1;
  return (upper & ~((1 << from) - 1)) >>> 0;
}

export function orInto(target: Bits, source: Bits): void {
  for (let w = 0; w < target.length; w++) target[w]! |= source[w]!;
}
