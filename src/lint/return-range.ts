import { IntervalSet } from '../net/interval-set.js';
import { CLIENT_PORT_PROFILES } from '../engine/client-ports.js';
import { ruleKeys } from '../engine/match.js';
import type { NaclRule } from '../model/snapshot.js';

const EPHEMERAL = IntervalSet.of(1024, 65535);
const PROFILE_RANGES = Object.values(CLIENT_PORT_PROFILES).map(([lo, hi]) => IntervalSet.of(lo, hi));

/**
 * Whether a NACL rule reads as the reply half of some service rather than a service of its own: its ports
 * cover most of 1024-65535 or a whole client range (32768-65535 covers Linux and Windows clients). Such
 * rules are what stateless NACLs need for replies; demanding replies *for* them, or calling them "open
 * to the world", would flag every correct NACL.
 */
export function isReturnRange(rule: Pick<NaclRule, 'protocol' | 'ports' | 'icmp'>, extraClientRanges: readonly (readonly [number, number])[] = []): boolean {
  if (rule.protocol !== -1 && rule.protocol !== 6 && rule.protocol !== 17) return false;
  const keys = ruleKeys(rule);
  if (keys.intersect(EPHEMERAL).sizeNumber() * 2 >= EPHEMERAL.sizeNumber()) return true;
  return [...PROFILE_RANGES, ...extraClientRanges.map(([lo, hi]) => IntervalSet.of(lo, hi))].some((r) => keys.covers(r));
}
