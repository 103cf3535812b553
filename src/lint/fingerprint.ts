/**
 * FNV-1a, 64-bit: a small stable hash for fingerprints. Not for security; it only has to be the same
 * for the same finding on every machine and every run.
 *
 * The 64-bit state is kept as two 32-bit halves in plain numbers: every lint run hashes each finding's
 * text byte by byte, and BigInt arithmetic allocated a new value per byte.
 */
export function fnv1a64(text: string): string {
  // Hash the UTF-8 bytes, as the fingerprints always have; non-ASCII text is rare in rule keys.
  let bytes: Uint8Array | undefined;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      bytes = new TextEncoder().encode(text);
      break;
    }
  }
  const n = bytes ? bytes.length : text.length;
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < n; i++) {
    lo = (lo ^ (bytes ? bytes[i]! : text.charCodeAt(i))) >>> 0;
    // hash × (2^40 + 0x1b3) mod 2^64, exact: every intermediate stays below 2^53.
    const low = lo * 0x1b3;
    hi = (hi * 0x1b3 + Math.floor(low / 0x1_0000_0000) + ((lo << 8) >>> 0)) >>> 0;
    lo = low >>> 0;
  }
  return hex8(hi) + hex8(lo);
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

export function fingerprintOf(ruleId: string, resourceId: string, key: string): string {
  return fnv1a64(`${ruleId}\u0000${resourceId}\u0000${key}`);
}
