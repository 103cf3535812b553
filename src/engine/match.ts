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

/**
 * The keys a rule matches (the model only carries `ports`/`icmp` where AWS reads them): one set object
 * per distinct port range or ICMP type/code, so that rules with the same keys can be grouped by identity. Looked up by the numbers themselves, with no per-rule cache:
 * a weak map over every rule of a large account cost more to fill and to scan at each garbage collection
 * than the look-up it saved.
 */
export function ruleKeys(rule: Pick<NaclRule | SgRule, 'protocol' | 'ports' | 'icmp'>): IntervalSet {
  if (rule.protocol === PROTOCOL_ALL) return ALL_KEYS;
  const ports = rule.ports;
  if (ports) return keysIn(portKeys, ports.from, ports.to) ?? remember(portKeys, ports.from, ports.to, portSet(ports));
  const icmp = rule.icmp;
  if (icmp) return keysIn(icmpKeys, icmp.type, icmp.code) ?? remember(icmpKeys, icmp.type, icmp.code, icmpKeySet(icmp));
  return ALL_KEYS;
}

/** By first then second number; bounded by the distinct ranges rules name (a few hundred in large accounts). */
type KeyTable = Map<number, Map<number, IntervalSet>>;
const portKeys: KeyTable = new Map();
const icmpKeys: KeyTable = new Map();

function keysIn(table: KeyTable, first: number, second: number): IntervalSet | undefined {
  return table.get(first)?.get(second);
}

function remember(table: KeyTable, first: number, second: number, keys: IntervalSet): IntervalSet {
  let row = table.get(first);
  if (!row) table.set(first, (row = new Map()));
  row.set(second, keys);
  return keys;
}

export function protocolMatches(ruleProtocol: number, packetProtocol: number): boolean {
  return ruleProtocol === PROTOCOL_ALL || ruleProtocol === packetProtocol;
}

const UNIVERSE4 = IntervalSet.of(0n, familyMax(4));
const UNIVERSE6 = IntervalSet.of(0n, familyMax(6));

export function familyUniverse(family: Family): IntervalSet {
  return family === 4 ? UNIVERSE4 : UNIVERSE6;
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
