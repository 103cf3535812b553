// describe-network-acls object → Nacl (rules sorted, checked).
import { ICMP, ICMPV6, PROTOCOL_ALL, TCP, UDP, protocolName } from '../model/protocol.js';
import type { IcmpTypeCode, Nacl, NaclRule, RuleAction } from '../model/snapshot.js';
import { childAt, itemAt, type SourceLocation } from '../model/source.js';
import type { Cidr } from '../net/address.js';
import type { PortRange } from '../net/ports.js';
import { SubnetIdReference, type Problems, type SubnetReference } from './document-import.js';
import { bool, compact, int, isObject, list, obj, str, tagsOf, text, type JsonObject } from './fields.js';
import { readCidrField, readIcmpField, readPortRange, readProtocol, validPortRange } from './values.js';

export const IPV4_DEFAULT_DENY = 32767;
export const IPV6_DEFAULT_DENY = 32768;

const NACL_LISTS = ['Entries', 'Associations'];

export function normalizeNacl(o: JsonObject, at: SourceLocation, problems: Problems, subnetRefs: SubnetReference[]): Nacl | undefined {
  // Entries are checked even when the NACL itself is malformed, so one run reports every problem.
  const malformed = problems.invalid(at, NACL_LISTS);
  const id = str(o, 'NetworkAclId') ?? '';
  const inbound: NaclRule[] = [];
  const outbound: NaclRule[] = [];
  const entries = list(o, 'Entries');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (!isObject(entry)) continue;
    const rule = normalizeNaclEntry(entry, id, itemAt(at, 'Entries', i), problems);
    if (rule) (rule.egress ? outbound : inbound).push(rule);
  }
  inbound.sort(byNumber);
  checkUniqueNumbers(inbound, id, problems);
  outbound.sort(byNumber);
  checkUniqueNumbers(outbound, id, problems);
  const subnetIds: string[] = [];
  const associations = list(o, 'Associations');
  for (let i = 0; i < associations.length; i++) {
    const assoc = associations[i];
    if (!isObject(assoc)) continue;
    const subnetId = text(assoc, 'SubnetId');
    if (malformed || subnetId === undefined) continue;
    if (problems.invalid(itemAt(at, 'Associations', i))) continue;
    if (!subnetIds.includes(subnetId)) subnetIds.push(subnetId);
    subnetRefs.push(new SubnetIdReference(at, id, subnetId, i));
  }
  if (malformed) return undefined;
  const tags = tagsOf(o.Tags);
  return compact({
    id,
    vpcId: str(o, 'VpcId') as string,
    isDefault: bool(o, 'IsDefault') ?? false,
    subnetIds,
    inbound,
    outbound,
    name: tags.Name,
    tags,
    ownerId: text(o, 'OwnerId'),
    source: at,
  });
}

function byNumber(a: NaclRule, b: NaclRule): number {
  return a.number - b.number;
}

/** One entry; every field is checked on its own (fields the schema rejected are skipped, not re-reported). */
export function normalizeNaclEntry(e: JsonObject, naclId: string, at: SourceLocation, problems: Problems): NaclRule | undefined {
  let ok = !problems.invalid(at);

  const number = int(e, 'RuleNumber');
  if (number !== undefined && !(number >= 1 && number <= 32766) && number !== IPV4_DEFAULT_DENY && number !== IPV6_DEFAULT_DENY) {
    problems.add(
      childAt(at, 'RuleNumber'),
      `RuleNumber ${number} is out of range; expected 1-32766 (32767 and 32768 are only AWS's default deny rules)`,
    );
    ok = false;
  }
  const actionText = str(e, 'RuleAction');
  const action = actionText?.toLowerCase();
  if (actionText !== undefined && action !== 'allow' && action !== 'deny') {
    problems.add(childAt(at, 'RuleAction'), `RuleAction ${JSON.stringify(actionText)} is not an action; expected "allow" or "deny"`);
    ok = false;
  }
  const protocol = !problems.invalidChild(at, 'Protocol') && e.Protocol !== undefined ? readProtocol(e.Protocol, at, 'Protocol', problems) : undefined;

  let cidr: Cidr | undefined;
  if (!problems.invalidChild(at, 'CidrBlock') && !problems.invalidChild(at, 'Ipv6CidrBlock')) {
    const v4 = text(e, 'CidrBlock');
    const v6 = text(e, 'Ipv6CidrBlock');
    if (v4 !== undefined && v6 !== undefined) {
      problems.add(at, `entry has both CidrBlock ${JSON.stringify(v4)} and Ipv6CidrBlock ${JSON.stringify(v6)}; expected exactly one of them`);
    } else if (v4 === undefined && v6 === undefined) {
      problems.add(at, 'entry has neither CidrBlock nor Ipv6CidrBlock; expected exactly one of them');
    } else if (v4 !== undefined) {
      cidr = readCidrField(v4, at, 'CidrBlock', 'CidrBlock', problems, 4);
    } else if (v6 !== undefined) {
      cidr = readCidrField(v6, at, 'Ipv6CidrBlock', 'Ipv6CidrBlock', problems, 6);
    }
  }

  let ports: PortRange | undefined;
  if ((protocol === TCP || protocol === UDP) && !problems.invalidChild(at, 'PortRange')) {
    const range = obj(e, 'PortRange');
    if (range === undefined) {
      problems.add(at, `${protocolName(protocol).toUpperCase()} entry without PortRange; expected PortRange {From, To} for protocols 6 (TCP) and 17 (UDP)`);
      ok = false;
    } else {
      const from = int(range, 'From');
      const to = int(range, 'To');
      ports = validPortRange(from, to) ?? readEntryPorts(from, to, childAt(at, 'PortRange'), problems);
      if (ports === undefined) ok = false;
    }
  }
  let icmp: IcmpTypeCode | undefined;
  if ((protocol === ICMP || (protocol === ICMPV6 && cidr?.family === 6)) && !problems.invalidChild(at, 'IcmpTypeCode')) {
    const tc = obj(e, 'IcmpTypeCode');
    const tcAt = childAt(at, 'IcmpTypeCode');
    icmp = {
      type: readIcmpField(int(tc, 'Type'), tcAt, 'Type', 'IcmpTypeCode.Type', 'type', problems),
      code: readIcmpField(int(tc, 'Code'), tcAt, 'Code', 'IcmpTypeCode.Code', 'code', problems),
    };
  }
  const egress = bool(e, 'Egress');
  if (!ok || number === undefined || (action !== 'allow' && action !== 'deny') || protocol === undefined || cidr === undefined || egress === undefined) {
    return undefined;
  }
  const isDefaultDeny =
    action === 'deny' &&
    protocol === PROTOCOL_ALL &&
    cidr.prefixLength === 0 &&
    ((number === IPV4_DEFAULT_DENY && cidr.family === 4) || (number === IPV6_DEFAULT_DENY && cidr.family === 6));
  return naclRule(naclId, number, egress, action, protocol, cidr, ports, icmp, isDefaultDeny, at);
}

/** The rule in its final shape, one literal per shape (see sgRule): `ports` and `icmp` absent rather than undefined. */
function naclRule(
  naclId: string,
  number: number,
  egress: boolean,
  action: RuleAction,
  protocol: number,
  cidr: Cidr,
  ports: PortRange | undefined,
  icmp: IcmpTypeCode | undefined,
  isDefaultDeny: boolean,
  source: SourceLocation,
): NaclRule {
  if (ports !== undefined) return { naclId, number, egress, action, protocol, cidr, ports, isDefaultDeny, source };
  if (icmp !== undefined) return { naclId, number, egress, action, protocol, cidr, icmp, isDefaultDeny, source };
  return { naclId, number, egress, action, protocol, cidr, isDefaultDeny, source };
}

function readEntryPorts(from: number | undefined, to: number | undefined, rangeAt: SourceLocation, problems: Problems): PortRange | undefined {
  const names = { from: 'PortRange.From', to: 'PortRange.To', fromAt: childAt(rangeAt, 'From'), toAt: childAt(rangeAt, 'To') };
  return readPortRange(from, to, rangeAt, names, problems);
}

function checkUniqueNumbers(sorted: readonly NaclRule[], naclId: string, problems: Problems): void {
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as NaclRule;
    const rule = sorted[i] as NaclRule;
    if (prev.number === rule.number) {
      problems.add(
        childAt(rule.source, 'RuleNumber'),
        `${rule.egress ? 'outbound' : 'inbound'} rule number ${rule.number} of ${naclId} is used twice (also at ${prev.source.pointer}); expected rule numbers unique per direction`,
      );
    }
  }
}
