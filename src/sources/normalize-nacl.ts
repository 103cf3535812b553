// describe-network-acls object → Nacl (rules sorted, checked).
import { ICMP, ICMPV6, PROTOCOL_ALL, TCP, UDP, protocolName } from '../model/protocol.js';
import type { IcmpTypeCode, Nacl, NaclRule, RuleAction } from '../model/snapshot.js';
import { childLocation, type SourceLocation } from '../model/source.js';
import type { Cidr } from '../net/address.js';
import type { PortRange } from '../net/ports.js';
import type { Problems, SubnetReference } from './document-import.js';
import { bool, compact, int, items, obj, str, tagsOf, text, type JsonObject } from './fields.js';
import { readCidr, readIcmpValue, readPortRange, readProtocol } from './values.js';

export const IPV4_DEFAULT_DENY = 32767;
export const IPV6_DEFAULT_DENY = 32768;

export function normalizeNacl(o: JsonObject, at: SourceLocation, problems: Problems, subnetRefs: SubnetReference[]): Nacl | undefined {
  // Entries are checked even when the NACL itself is malformed, so one run reports every problem.
  const malformed = problems.invalid(at, ['Entries', 'Associations']);
  const id = str(o, 'NetworkAclId') ?? '';
  const inbound: NaclRule[] = [];
  const outbound: NaclRule[] = [];
  for (const [entry, i] of items(o, 'Entries')) {
    const rule = normalizeNaclEntry(entry, id, childLocation(at, 'Entries', i), problems);
    if (rule) (rule.egress ? outbound : inbound).push(rule);
  }
  for (const list of [inbound, outbound]) {
    list.sort((a, b) => a.number - b.number);
    checkUniqueNumbers(list, id, problems);
  }
  const subnetIds: string[] = [];
  for (const [assoc, i] of items(o, 'Associations')) {
    const where = childLocation(at, 'Associations', i);
    const subnetId = text(assoc, 'SubnetId');
    if (malformed || problems.invalid(where) || subnetId === undefined) continue;
    if (!subnetIds.includes(subnetId)) subnetIds.push(subnetId);
    subnetRefs.push({ owner: at, ownerId: id, subnetId, source: childLocation(where, 'SubnetId') });
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

/** One entry; every field is checked on its own (fields the schema rejected are skipped, not re-reported). */
export function normalizeNaclEntry(e: JsonObject, naclId: string, at: SourceLocation, problems: Problems): NaclRule | undefined {
  let ok = !problems.invalid(at);
  const fieldOk = (key: string): boolean => !problems.invalid(childLocation(at, key));

  const number = int(e, 'RuleNumber');
  if (number !== undefined && !(number >= 1 && number <= 32766) && number !== IPV4_DEFAULT_DENY && number !== IPV6_DEFAULT_DENY) {
    problems.add(
      childLocation(at, 'RuleNumber'),
      `RuleNumber ${number} is out of range; expected 1-32766 (32767 and 32768 are only AWS's default deny rules)`,
    );
    ok = false;
  }
  const actionText = str(e, 'RuleAction');
  const action = actionText?.toLowerCase();
  if (actionText !== undefined && action !== 'allow' && action !== 'deny') {
    problems.add(childLocation(at, 'RuleAction'), `RuleAction ${JSON.stringify(actionText)} is not an action; expected "allow" or "deny"`);
    ok = false;
  }
  const protocol = fieldOk('Protocol') && e.Protocol !== undefined ? readProtocol(e.Protocol, at, 'Protocol', problems) : undefined;

  let cidr: Cidr | undefined;
  if (fieldOk('CidrBlock') && fieldOk('Ipv6CidrBlock')) {
    const v4 = text(e, 'CidrBlock');
    const v6 = text(e, 'Ipv6CidrBlock');
    if (v4 !== undefined && v6 !== undefined) {
      problems.add(at, `entry has both CidrBlock ${JSON.stringify(v4)} and Ipv6CidrBlock ${JSON.stringify(v6)}; expected exactly one of them`);
    } else if (v4 === undefined && v6 === undefined) {
      problems.add(at, 'entry has neither CidrBlock nor Ipv6CidrBlock; expected exactly one of them');
    } else if (v4 !== undefined) {
      cidr = readCidr(v4, childLocation(at, 'CidrBlock'), 'CidrBlock', problems, 4);
    } else if (v6 !== undefined) {
      cidr = readCidr(v6, childLocation(at, 'Ipv6CidrBlock'), 'Ipv6CidrBlock', problems, 6);
    }
  }

  let ports: PortRange | undefined;
  if ((protocol === TCP || protocol === UDP) && fieldOk('PortRange')) {
    const range = obj(e, 'PortRange');
    if (range === undefined) {
      problems.add(at, `${protocolName(protocol).toUpperCase()} entry without PortRange; expected PortRange {From, To} for protocols 6 (TCP) and 17 (UDP)`);
      ok = false;
    } else {
      const rangeAt = childLocation(at, 'PortRange');
      ports = readPortRange(
        int(range, 'From'),
        int(range, 'To'),
        rangeAt,
        { from: 'PortRange.From', to: 'PortRange.To', fromAt: childLocation(rangeAt, 'From'), toAt: childLocation(rangeAt, 'To') },
        problems,
      );
      if (ports === undefined) ok = false;
    }
  }
  let icmp: IcmpTypeCode | undefined;
  if ((protocol === ICMP || (protocol === ICMPV6 && cidr?.family === 6)) && fieldOk('IcmpTypeCode')) {
    const tc = obj(e, 'IcmpTypeCode');
    const tcAt = childLocation(at, 'IcmpTypeCode');
    icmp = {
      type: readIcmpValue(int(tc, 'Type'), childLocation(tcAt, 'Type'), 'IcmpTypeCode.Type', 'type', problems),
      code: readIcmpValue(int(tc, 'Code'), childLocation(tcAt, 'Code'), 'IcmpTypeCode.Code', 'code', problems),
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
  return compact({
    naclId,
    number,
    egress,
    action: action as RuleAction,
    protocol,
    cidr,
    ports,
    icmp,
    isDefaultDeny,
    source: at,
  });
}

function checkUniqueNumbers(sorted: readonly NaclRule[], naclId: string, problems: Problems): void {
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as NaclRule;
    const rule = sorted[i] as NaclRule;
    if (prev.number === rule.number) {
      problems.add(
        childLocation(rule.source, 'RuleNumber'),
        `${rule.egress ? 'outbound' : 'inbound'} rule number ${rule.number} of ${naclId} is used twice (also at ${prev.source.pointer}); expected rule numbers unique per direction`,
      );
    }
  }
}
