/**
 * A deliberately naive per-packet evaluator, written from aws-semantics.md without the engine's code:
 * one packet at a time, every rule in order. Property tests check the set-based engine against it.
 */
import type { Family } from '../../src/net/address.js';
import type { NaclRule, SgRule } from '../../src/model/snapshot.js';

export interface Packet {
  family: Family;
  protocol: number;
  /** Source address for inbound NACL lists, destination for outbound ones. */
  address: bigint;
  /** Destination port, or ICMP type*256+code. */
  key: number;
}

function keyMatches(rule: Pick<NaclRule, 'protocol' | 'ports' | 'icmp'>, key: number): boolean {
  if (rule.protocol === -1) return true;
  if (rule.ports) return key >= rule.ports.from && key <= rule.ports.to;
  if (rule.icmp) {
    if (rule.icmp.type === -1) return true;
    const type = Math.floor(key / 256);
    const code = key % 256;
    return type === rule.icmp.type && (rule.icmp.code === -1 || code === rule.icmp.code);
  }
  return true;
}

/** The first matching rule decides; undefined means no rule matched (denied). */
export function bruteNacl(rules: readonly NaclRule[], p: Packet): NaclRule | undefined {
  const sorted = [...rules].sort((a, b) => a.number - b.number);
  for (const r of sorted) {
    if (r.cidr.family !== p.family) continue;
    if (r.protocol !== -1 && r.protocol !== p.protocol) continue;
    if (p.address < r.cidr.lo || p.address > r.cidr.hi) continue;
    if (!keyMatches(r, p.key)) continue;
    return r;
  }
  return undefined;
}

export function bruteNaclAllows(rules: readonly NaclRule[], p: Packet): boolean {
  return bruteNacl(rules, p)?.action === 'allow';
}

/** Any rule of any group allowing the packet (CIDR peers only). */
export function bruteSgAllows(rules: readonly SgRule[], p: Packet): boolean {
  return rules.some((r) => {
    if (r.protocol !== -1 && r.protocol !== p.protocol) return false;
    if (r.peer.kind !== 'cidr' || r.peer.cidr.family !== p.family) return false;
    if (p.address < r.peer.cidr.lo || p.address > r.peer.cidr.hi) return false;
    return keyMatches(r, p.key);
  });
}
