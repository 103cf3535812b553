// Terraform rule blocks and rule resources → SgRule / NaclRule, with the provider's field names in messages.
// What AWS makes of the values once read is shared with CloudFormation templates (../iac-rules.ts).
import { ICMP, ICMPV6, TCP, UDP, parseProtocol } from '../../model/protocol.js';
import type { IcmpTypeCode, NaclRule, SgDirection, SgPeer, SgRule } from '../../model/snapshot.js';
import { childLocation, type SourceLocation } from '../../model/source.js';
import type { Cidr } from '../../net/address.js';
import type { PortRange } from '../../net/ports.js';
import type { Problems } from '../document-import.js';
import { compact, describeValue, type JsonObject } from '../fields.js';
import { sgRuleRecord, sgTraffic, sortNaclRules, type PortFields, type PortValues, type Traffic } from '../iac-rules.js';
import { labelled } from '../labelled-problems.js';
import { readCidr, readIcmpValue, readPortRange } from '../values.js';
import type { Resolution } from './resolve.js';

/** A rule's fields, known or unknown until apply, with a way to resolve an unknown id. */
export interface Element {
  readonly values: JsonObject;
  readonly at: SourceLocation;
  /** Terraform address of the resource, for messages. */
  readonly address: string;
  /** How the element is named in messages: `ingress[2]` of a group, or the rule resource. */
  readonly label: string;
  isUnknown(key: string): boolean;
  resolve(key: string): Resolution;
}

/** IANA names the AWS provider accepts besides tcp/udp/icmp (NACL and security group protocols). */
const EXTRA_PROTOCOLS: Readonly<Record<string, number>> = { ah: 51, esp: 50, gre: 47, vrrp: 112, 'ipv6-icmp': ICMPV6, icmpv6: ICMPV6 };

export function tfProtocol(el: Element, key: string, problems: Problems): number | undefined {
  if (el.isUnknown(key)) {
    unknownValue(el, key, problems);
    return undefined;
  }
  const v = el.values[key];
  const name = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
  const protocol = name !== undefined && name in EXTRA_PROTOCOLS ? EXTRA_PROTOCOLS[name] : parseProtocol(v);
  if (protocol === undefined) {
    problems.add(childLocation(el.at, key), `${el.label}: ${key} ${describeValue(v)} is not a protocol; expected "-1" (all), tcp, udp, icmp, icmpv6 (ipv6-icmp) or a protocol number 0-255`);
  }
  return protocol;
}

/** A value (CIDR, port, number) unknown until apply cannot be resolved symbolically: only ids can. */
export function unknownValue(el: Element, key: string, problems: Problems): void {
  problems.add(
    childLocation(el.at, key),
    `${el.label}: ${key} is known only after apply, so synack cannot check the rule; expected a value known at plan time (a literal, a variable, or an attribute of an existing resource)`,
  );
}

export function unresolvedId(el: Element, key: string, reason: string, problems: Problems, expected = 'a direct reference to a resource of the plan (e.g. aws_security_group.web.id)'): void {
  problems.add(childLocation(el.at, key), `${el.label}: ${key} is known only after apply and synack cannot tell what it refers to: ${reason}; expected ${expected}`);
}

/**
 * Ids from a string or list field. Unknown ids resolve through the configuration; a field the
 * configuration leaves out reads as empty (the provider computes it from the other fields).
 */
export function idList(el: Element, key: string, problems: Problems, single = false): string[] | undefined {
  if (el.isUnknown(key)) {
    const r = el.resolve(key);
    if (r.kind === 'unresolvable') {
      unresolvedId(el, key, r.reason, problems, r.expected);
      return undefined;
    }
    if (r.kind === 'absent') return [];
    const opaque = r.ids.find((x) => x.opaque);
    if (opaque && !single) {
      unresolvedId(el, key, `${opaque.id} is a local value, which the plan does not record and which may hold any number of ids`, problems);
      return undefined;
    }
    return r.ids.map((x) => x.id);
  }
  const v = el.values[key];
  if (typeof v === 'string') return v === '' ? [] : [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x !== '');
  return [];
}

/** One id from a field (`security_group_id`, `network_acl_id`, …); undefined when absent or unresolvable. */
export function singleId(el: Element, key: string, problems: Problems, required: boolean): string | undefined {
  const ids = idList(el, key, problems, true);
  if (ids === undefined) return undefined;
  if (ids.length > 1) {
    problems.add(
      childLocation(el.at, key),
      `${el.label}: ${key} may refer to any of ${ids.join(', ')} depending on values known only at apply; expected one resource`,
    );
    return undefined;
  }
  if (ids.length === 0 && required) {
    problems.add(
      childLocation(el.at, key),
      el.isUnknown(key)
        ? `${el.label}: ${key} is known only after apply and the plan's configuration does not set it; expected it to refer to a resource of the plan`
        : `${el.label}: ${key} is empty; expected the id of the resource it belongs to`,
    );
    return undefined;
  }
  return ids[0];
}

function knownStrings(el: Element, key: string, problems: Problems): string[] | undefined {
  if (el.isUnknown(key)) {
    unknownValue(el, key, problems);
    return undefined;
  }
  const v = el.values[key];
  if (typeof v === 'string') return v === '' ? [] : [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

function knownInt(el: Element, key: string, problems: Problems): number | undefined | null {
  if (el.isUnknown(key)) {
    unknownValue(el, key, problems);
    return null;
  }
  const v = el.values[key];
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
  return undefined;
}

/** `from_port` / `to_port`: a port range, or a security group rule's ICMP type and code. */
function portFields(el: Element): PortFields {
  return { from: 'from_port', to: 'to_port', fromAt: childLocation(el.at, 'from_port'), toAt: childLocation(el.at, 'to_port') };
}

/** A security group rule's protocol and ports; a port unknown until apply leaves the rule unchecked. */
function traffic(el: Element, protocolKey: string, problems: Problems): Traffic | undefined {
  const protocol = tfProtocol(el, protocolKey, problems);
  if (protocol === undefined) return undefined;
  const portValues = (): PortValues | undefined => {
    const from = knownInt(el, 'from_port', problems);
    const to = knownInt(el, 'to_port', problems);
    return from === null || to === null ? undefined : { from, to };
  };
  return sgTraffic(protocol, portValues, portFields(el), el.at, el.label, problems);
}

/** `123456789012/sg-…` (another account's group) or a plain group id. */
function groupPeer(value: string): SgPeer {
  const slash = value.indexOf('/');
  if (slash > 0) return { kind: 'group', groupId: value.slice(slash + 1), userId: value.slice(0, slash) };
  return { kind: 'group', groupId: value };
}

export type SgRuleShape = 'inline' | 'security_group_rule' | 'vpc_rule';

/**
 * One rule block or rule resource → one SgRule per peer. `groupId` is the group the rule belongs to (for
 * `self`). A rule without any peer adds nothing, as in AWS.
 */
export function sgRules(el: Element, shape: SgRuleShape, groupId: string, direction: SgDirection, problems: Problems): SgRule[] {
  const t = traffic(el, shape === 'vpc_rule' ? 'ip_protocol' : 'protocol', problems);
  const peers: { peer: SgPeer; at: SourceLocation }[] = [];
  const description = typeof el.values.description === 'string' && el.values.description !== '' ? el.values.description : undefined;
  const cidrs = (key: string, family: 4 | 6): void => {
    const list = knownStrings(el, key, problems);
    list?.forEach((text, i) => {
      const where = shape === 'vpc_rule' ? childLocation(el.at, key) : childLocation(el.at, key, i);
      const cidr: Cidr | undefined = labelled(el.label, problems, (p) => readCidr(text, where, key, p, family));
      if (cidr) peers.push({ peer: { kind: 'cidr', cidr }, at: el.at });
    });
  };
  const ids = (key: string, make: (id: string) => SgPeer): void => {
    for (const id of idList(el, key, problems) ?? []) peers.push({ peer: make(id), at: el.at });
  };
  if (shape === 'vpc_rule') {
    cidrs('cidr_ipv4', 4);
    cidrs('cidr_ipv6', 6);
    ids('prefix_list_id', (id) => ({ kind: 'prefix-list', prefixListId: id }));
    ids('referenced_security_group_id', groupPeer);
    if (peers.length > 1) {
      problems.add(el.at, `${el.label}: the rule names ${peers.length} peers; expected exactly one of cidr_ipv4, cidr_ipv6, prefix_list_id, referenced_security_group_id`);
      return [];
    }
  } else {
    cidrs('cidr_blocks', 4);
    cidrs('ipv6_cidr_blocks', 6);
    ids('prefix_list_ids', (id) => ({ kind: 'prefix-list', prefixListId: id }));
    if (shape === 'inline') ids('security_groups', groupPeer);
    else if (el.values.self !== true) ids('source_security_group_id', groupPeer);
    if (el.values.self === true) peers.push({ peer: { kind: 'group', groupId }, at: el.at });
  }
  if (!t) return [];
  const ruleId = typeof el.values.security_group_rule_id === 'string' && el.values.security_group_rule_id !== '' ? el.values.security_group_rule_id : undefined;
  return peers.map(({ peer, at }) => sgRuleRecord({ groupId, direction, traffic: t, peer, description, ruleId, source: at }));
}

export type NaclRuleShape = 'inline' | 'network_acl_rule';

export const MAX_USER_RULE = 32766;

export function naclRule(el: Element, shape: NaclRuleShape, naclId: string, egress: boolean, problems: Problems): NaclRule | undefined {
  const numberKey = shape === 'inline' ? 'rule_no' : 'rule_number';
  const actionKey = shape === 'inline' ? 'action' : 'rule_action';
  let ok = true;
  const number = knownInt(el, numberKey, problems);
  if (number === null || number === undefined) {
    if (number === undefined) problems.add(childLocation(el.at, numberKey), `${el.label}: ${numberKey} is missing; expected a rule number 1-${MAX_USER_RULE}`);
    ok = false;
  } else if (number < 1 || number > MAX_USER_RULE) {
    problems.add(childLocation(el.at, numberKey), `${el.label}: ${numberKey} ${number} is out of range; expected 1-${MAX_USER_RULE} (32767 and 32768 are AWS's own default deny rules)`);
    ok = false;
  }
  let action: 'allow' | 'deny' | undefined;
  if (el.isUnknown(actionKey)) unknownValue(el, actionKey, problems);
  else {
    const a = typeof el.values[actionKey] === 'string' ? (el.values[actionKey] as string).toLowerCase() : undefined;
    if (a === 'allow' || a === 'deny') action = a;
    else problems.add(childLocation(el.at, actionKey), `${el.label}: ${actionKey} ${describeValue(el.values[actionKey])} is not an action; expected "allow" or "deny"`);
  }
  const protocol = tfProtocol(el, 'protocol', problems);

  let cidr: Cidr | undefined;
  const v4 = knownStrings(el, 'cidr_block', problems);
  const v6 = knownStrings(el, 'ipv6_cidr_block', problems);
  if (v4 === undefined || v6 === undefined) ok = false;
  else if (v4.length > 0 && v6.length > 0) {
    problems.add(el.at, `${el.label}: both cidr_block ${JSON.stringify(v4[0])} and ipv6_cidr_block ${JSON.stringify(v6[0])} are set; expected exactly one of them`);
    ok = false;
  } else if (v4.length === 0 && v6.length === 0) {
    problems.add(el.at, `${el.label}: neither cidr_block nor ipv6_cidr_block is set; expected exactly one of them`);
    ok = false;
  } else if (v4[0] !== undefined) cidr = labelled(el.label, problems, (p) => readCidr(v4[0]!, childLocation(el.at, 'cidr_block'), 'cidr_block', p, 4));
  else if (v6[0] !== undefined) cidr = labelled(el.label, problems, (p) => readCidr(v6[0]!, childLocation(el.at, 'ipv6_cidr_block'), 'ipv6_cidr_block', p, 6));

  let ports: PortRange | undefined;
  let icmp: IcmpTypeCode | undefined;
  if (protocol === TCP || protocol === UDP) {
    const from = knownInt(el, 'from_port', problems);
    const to = knownInt(el, 'to_port', problems);
    if (from === null || to === null) ok = false;
    else {
      ports = labelled(el.label, problems, (p) => readPortRange(from, to, el.at, portFields(el), p));
      if (!ports) ok = false;
    }
  } else if (protocol === ICMP || (protocol === ICMPV6 && cidr?.family === 6)) {
    const type = knownInt(el, 'icmp_type', problems);
    const code = knownInt(el, 'icmp_code', problems);
    if (type === null || code === null) ok = false;
    else {
      icmp = labelled(el.label, problems, (p) => ({
        type: readIcmpValue(type, childLocation(el.at, 'icmp_type'), 'icmp_type', 'type', p),
        code: readIcmpValue(code, childLocation(el.at, 'icmp_code'), 'icmp_code', 'code', p),
      }));
    }
  }
  if (!ok || number === null || number === undefined || action === undefined || protocol === undefined || cidr === undefined) return undefined;
  return compact({ naclId, number, egress, action, protocol, cidr, ports, icmp, isDefaultDeny: false, source: el.at });
}

/** Sorted by rule number, with a problem for each number used twice in one direction. */
export function orderNaclRules(rules: readonly NaclRule[], naclLabel: string, problems: Problems): NaclRule[] {
  return sortNaclRules(rules, (rule, prev) => {
    const other = prev.source.address !== rule.source.address ? prev.source.address : prev.source.pointer;
    problems.add(
      rule.source,
      `${rule.source.address ?? naclLabel}: ${rule.egress ? 'outbound' : 'inbound'} rule number ${rule.number} of network ACL ${naclLabel} is used twice (also by ${other}); expected rule numbers unique per direction`,
    );
  });
}

