/**
 * FNV-1a, 64-bit: a small stable hash for fingerprints. Not for security; it only has to be the same
 * for the same finding on every machine and every run.
 */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = (1n << 64n) - 1n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * prime) & mask;
  }
  return hash.toString(16).padStart(16, '0');
}

export function fingerprintOf(ruleId: string, resourceId: string, key: string): string {
  return fnv1a64(`${ruleId}\u0000${resourceId}\u0000${key}`);
}
