/** Free NACL rule numbers for the rules a fix adds, so that they decide before the rule in the way. */
import type { NaclRule } from '../model/snapshot.js';
import { pickNumber, usedNumbers, type NumberSet } from '../engine/fix.js';

/**
 * A free number for a new rule that must decide before rule `limit`: right after the last earlier rule
 * reads best; right after the last earlier rule that `overlaps` is enough to change no other decision.
 */
export function freeNumberBefore(rules: readonly NaclRule[], limit: number, overlaps: (r: NaclRule) => boolean, reserved?: NumberSet): number | undefined {
  const used = usedNumbers(rules, reserved);
  const earlier = rules.filter((r) => r.number < limit && !r.isDefaultDeny);
  const floors = [Math.max(0, ...earlier.map((r) => r.number)), Math.max(0, ...earlier.filter(overlaps).map((r) => r.number))];
  for (const floor of floors) {
    const n = pickNumber(floor, limit, used);
    if (n !== undefined) return n;
  }
  return undefined;
}

/** The largest free number below `limit` and above every earlier rule that `overlaps`. */
export function largestFreeNumberBefore(rules: readonly NaclRule[], limit: number, overlaps: (r: NaclRule) => boolean, reserved?: NumberSet): number | undefined {
  const used = usedNumbers(rules, reserved);
  const floor = Math.max(0, ...rules.filter((r) => r.number < limit && !r.isDefaultDeny && overlaps(r)).map((r) => r.number));
  for (let n = Math.min(limit, 32767) - 1; n > floor; n--) if (!used.has(n)) return n;
  return undefined;
}
