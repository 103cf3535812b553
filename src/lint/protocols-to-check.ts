import { PROTOCOL_ALL } from '../model/protocol.js';
import type { NaclRule } from '../model/snapshot.js';

/**
 * The protocols to evaluate for a rule matching `protocol` against `rules`: the protocol itself, or
 * for -1 every protocol the rules name plus one protocol they do not (standing for all the others).
 */
export function protocolsToCheck(protocol: number, rules: readonly NaclRule[]): number[] {
  if (protocol !== PROTOCOL_ALL) return [protocol];
  const named = new Set(rules.map((r) => r.protocol).filter((p) => p !== PROTOCOL_ALL));
  let other = 0;
  while (named.has(other)) other++;
  return [...[...named].sort((a, b) => a - b), other];
}
