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
      next ??= remaining.slice(0, i);
      segments.push({ addresses: hitAddresses, keys: hitKeys, action: rule.action, rule });
      const outsideAddresses = box.addresses.subtract(ruleAddresses);
      if (!outsideAddresses.isEmpty()) next.push({ addresses: outsideAddresses, keys: box.keys });
      const outsideKeys = box.keys.subtract(hitKeys);
      if (!outsideKeys.isEmpty()) next.push({ addresses: hitAddresses, keys: outsideKeys });
    }
    if (next) remaining = next;
  }
  for (const box of remaining) segments.push({ ...box, action: 'deny' });
  return segments;
}

/**
 * Whether the NACL allows any packet of the query: evaluateNacl's first match, stopped at the first allow
 * and without making segments. For questions asked of every rule of an account whose answer is nearly
 * always yes (sg-rule-dead); the full segments are made only for the rare no.
 */
export function allowsSome(rules: readonly NaclRule[], query: NaclQuery): boolean {
  let remaining: PacketBox[] = query.addresses.isEmpty() || query.keys.isEmpty() ? [] : [{ addresses: query.addresses, keys: query.keys }];
  for (const rule of rules) {
    if (remaining.length === 0) return false;
    if (rule.cidr.family !== query.family || !protocolMatches(rule.protocol, query.protocol)) continue;
    const ruleAddresses = naclRuleAddresses(rule);
    const keys = ruleKeys(rule);
    let next: PacketBox[] | undefined;
    for (let i = 0; i < remaining.length; i++) {
      const box = remaining[i]!;
      if (!box.keys.overlaps(keys) || !box.addresses.overlaps(ruleAddresses)) {
        next?.push(box);
        continue;
      }
      if (rule.action === 'allow') return true;
      next ??= remaining.slice(0, i);
      const hitKeys = box.keys.intersect(keys);
      const outsideAddresses = box.addresses.subtract(ruleAddresses);
      if (!outsideAddresses.isEmpty()) next.push({ addresses: outsideAddresses, keys: box.keys });
      const outsideKeys = box.keys.subtract(hitKeys);
      if (!outsideKeys.isEmpty()) next.push({ addresses: box.addresses.intersect(ruleAddresses), keys: outsideKeys });
    }
    if (next) remaining = next;
  }
  return false;
}

/** The keys allowed for packets to/from one address. */
export function allowedKeys(segments: readonly NaclSegment[]): IntervalSet {
  return IntervalSet.unionAll(segments.filter((s) => s.action === 'allow').map((s) => s.keys));
}
