import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintOf, fnv1a64 } from '../../src/lint/fingerprint.js';

/** The textbook definition in BigInt, over the UTF-8 bytes: what fingerprints have always been. */
function reference(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash.toString(16).padStart(16, '0');
}

describe('fnv1a64', () => {
  it('gives the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('equals the BigInt definition for any text, ASCII or not (UTF-8 bytes, surrogate pairs)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => fnv1a64(s) === reference(s)), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => fnv1a64(s) === reference(s)), { numRuns: 2000 });
  });

  it('fingerprints keep their shape: 16 hex digits, distinct for distinct parts', () => {
    expect(fingerprintOf('sg-world-open', 'sg-1', 'k')).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf('sg-world-open', 'sg-1', 'k')).not.toBe(fingerprintOf('sg-world-open', 'sg-1k', ''));
  });
});
