/** The words findings share: traffic, NACL rules, directions, shares, and the NACL as a finding's resource. */
import { PROTOCOL_ALL, protocolName } from '../model/protocol.js';
import type { Nacl, NaclRule, SgRule } from '../model/snapshot.js';
import { describeKeys } from '../engine/match.js';
import type { ResourceRef } from './types.js';

/** The NACL as a finding's resource. */
export function naclResource(nacl: Nacl): ResourceRef {
  return { type: 'nacl', id: nacl.id, ...(nacl.name ? { name: nacl.name } : {}) };
}

/** `tcp 443`, `udp 1024-65535`, `icmp type 3 code 4`, `all traffic`. */
export function trafficText(rule: Pick<NaclRule | SgRule, 'protocol' | 'ports' | 'icmp'>): string {
  if (rule.protocol === PROTOCOL_ALL) return 'all traffic';
  const keys = describeKeys(rule);
  const proto = protocolName(rule.protocol);
  if (rule.ports) return `${proto} ${keys === 'all' ? 'all ports' : keys}`;
  return keys === 'all' || keys === 'all types' ? `all ${proto}` : `${proto} ${keys}`;
}

/** `#100 (allow tcp 443 from 0.0.0.0/0)`. */
export function ruleText(rule: NaclRule): string {
  if (rule.isDefaultDeny) return `#${rule.number} (the default deny)`;
  return `#${rule.number} (${rule.action} ${trafficText(rule)} ${rule.egress ? 'to' : 'from'} ${rule.cidr.text})`;
}

export function directionText(egress: boolean): 'inbound' | 'outbound' {
  return egress ? 'outbound' : 'inbound';
}

export function percent(fraction: number): string {
  const p = fraction * 100;
  if (p > 0 && p < 0.1) return `${p.toFixed(3)}%`;
  return `${Math.round(p * 10) / 10}%`;
}
