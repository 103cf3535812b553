import type { Family } from '../net/address.js';
import { IntervalSet } from '../net/interval-set.js';
import type { NaclRule, RuleAction } from '../model/snapshot.js';
import { naclRuleAddresses, protocolMatches, ruleKeys } from './match.js';

/** A set of packets of one protocol and family: every address in `addresses` × every key in `keys`. */
export interface PacketBox {
  readonly addresses: IntervalSet;
  readonly keys: IntervalSet;
}

export interface NaclQuery extends PacketBox {
  readonly protocol: number;
  readonly family: Family;
}

/** Part of the queried packets and the rule that decided it; `rule` undefined when no rule matched. */
export interface NaclSegment extends PacketBox {
  readonly action: RuleAction;
  readonly rule?: NaclRule;
}

/**
 * First-match evaluation of one NACL direction over a box of packets. `rules` must be sorted by rule
 * number (the model guarantees it). The address is the packet's source for inbound lists and its
 * destination for outbound ones; the key is always the destination port (or ICMP type/code).
 * Packets no rule matches are denied (AWS's implicit deny, normally shadowed by the explicit 32767/32768).
 */
export function evaluateNacl(rules: readonly NaclRule[], query: NaclQuery): NaclSegment[] {
  const segments: NaclSegment[] = [];
  const unmatched = firstMatch(rules, query, (segment) => {
    segments.push(segment);
    return false;
  })!;
  for (const box of unmatched) segments.push({ ...box, action: 'deny' });
  return segments;
}

/**
 * Whether the NACL allows any packet of the query: the walk of evaluateNacl, stopped at the first allow.
 * For questions asked of every rule of an account whose answer is nearly always yes (sg-rule-dead).
 */
export function allowsSome(rules: readonly NaclRule[], query: NaclQuery): boolean {
  return firstMatch(rules, query, (segment) => segment.action === 'allow') === undefined;
}

/**
 * The first-match walk: `decided` hears each part of the box a rule decides, in rule order, and stops the
 * walk by returning true (the result is then undefined); otherwise the result is the packets no rule matched.
 */
function firstMatch(rules: readonly NaclRule[], query: NaclQuery, decided: (segment: NaclSegment) => boolean): PacketBox[] | undefined {
  let remaining: PacketBox[] = query.addresses.isEmpty() || query.keys.isEmpty() ? [] : [{ addresses: query.addresses, keys: query.keys }];
  for (const rule of rules) {
    if (remaining.length === 0) break;
    if (rule.cidr.family !== query.family || !protocolMatches(rule.protocol, query.protocol)) continue;
    const ruleAddresses = naclRuleAddresses(rule);
    const keys = ruleKeys(rule);
    // Most rules miss every box: the list is copied only from the first box a rule splits.
    let next: PacketBox[] | undefined;
    for (let i = 0; i < remaining.length; i++) {
      const box = remaining[i]!;
      const hitKeys = box.keys.intersect(keys);
      const hitAddresses = hitKeys.isEmpty() ? hitKeys : box.addresses.intersect(ruleAddresses);
      if (hitAddresses.isEmpty()) {
        next?.push(box);
        continue;
      }
      if (decided({ addresses: hitAddresses, keys: hitKeys, action: rule.action, rule })) return undefined;
      next ??= remaining.slice(0, i);
      const outsideAddresses = box.addresses.subtract(ruleAddresses);
      if (!outsideAddresses.isEmpty()) next.push({ addresses: outsideAddresses, keys: box.keys });
      const outsideKeys = box.keys.subtract(hitKeys);
      if (!outsideKeys.isEmpty()) next.push({ addresses: hitAddresses, keys: outsideKeys });
    }
    if (next) remaining = next;
  }
  return remaining;
}

/** The keys allowed for packets to/from one address. */
export function allowedKeys(segments: readonly NaclSegment[]): IntervalSet {
  return IntervalSet.unionAll(segments.filter((s) => s.action === 'allow').map((s) => s.keys));
}
