import { cidrSet, familyMax, type Family } from '../net/address.js';
import { IntervalSet } from '../net/interval-set.js';
import { ALL_PORTS, formatPortRange, portSet } from '../net/ports.js';
import { PROTOCOL_ALL, protocolName } from '../model/protocol.js';
import type { IcmpTypeCode, NaclRule, SgRule } from '../model/snapshot.js';

/**
 * Rules match a packet on protocol, address and one more dimension we call the packet's *key*: the
 * destination port for TCP/UDP, `type * 256 + code` for ICMP. Folding ICMP into the same 0…65535 interval
 * space lets one set algebra answer port and ICMP questions alike.
 */
export const ALL_KEYS = ALL_PORTS;

export function icmpKeySet(icmp: IcmpTypeCode): IntervalSet {
  if (icmp.type < 0) return ALL_KEYS;
  if (icmp.code < 0) return IntervalSet.of(icmp.type * 256, icmp.type * 256 + 255);
  return IntervalSet.of(icmp.type * 256 + icmp.code);
}

export function icmpKey(type: number, code: number): number {
  return type * 256 + code;
}

/** The keys a rule matches. The model only carries `ports`/`icmp` where AWS reads them. */
export function ruleKeys(rule: Pick<NaclRule | SgRule, 'protocol' | 'ports' | 'icmp'>): IntervalSet {
  if (rule.protocol === PROTOCOL_ALL) return ALL_KEYS;
  let keys = keysOfRule.get(rule);
  if (!keys) {
    const text = rule.ports ? `${rule.ports.from}-${rule.ports.to}` : rule.icmp ? `icmp ${rule.icmp.type}/${rule.icmp.code}` : 'all';
    keys = internedKeys.get(text);
    if (!keys) {
      keys = rule.ports ? portSet(rule.ports) : rule.icmp ? icmpKeySet(rule.icmp) : ALL_KEYS;
      internedKeys.set(text, keys);
    }
    keysOfRule.set(rule, keys);
  }
  return keys;
}

/** Rules are immutable and asked for their keys again and again (every lint rule, every trace). */
const keysOfRule = new WeakMap<object, IntervalSet>();
/**
 * One set object per distinct port range or ICMP type/code, so that rules with the same keys can be
 * grouped by identity. Bounded by the distinct ranges rules name (a few hundred in large accounts).
 */
const internedKeys = new Map<string, IntervalSet>();

export function protocolMatches(ruleProtocol: number, packetProtocol: number): boolean {
  return ruleProtocol === PROTOCOL_ALL || ruleProtocol === packetProtocol;
}

export function familyUniverse(family: Family): IntervalSet {
  return IntervalSet.of(0n, familyMax(family));
}

export function naclRuleAddresses(rule: NaclRule): IntervalSet {
  return cidrSet(rule.cidr);
}

export function describeKeys(rule: Pick<NaclRule | SgRule, 'protocol' | 'ports' | 'icmp'>): string {
  if (rule.protocol === PROTOCOL_ALL) return 'all';
  if (rule.ports) return rule.ports.from === 0 && rule.ports.to === 65535 ? 'all' : formatPortRange(rule.ports);
  if (rule.icmp) {
    if (rule.icmp.type < 0) return 'all types';
    return rule.icmp.code < 0 ? `type ${rule.icmp.type}` : `type ${rule.icmp.type} code ${rule.icmp.code}`;
  }
  return 'all';
}

export function describeProtocol(protocol: number): string {
  return protocolName(protocol);
}
