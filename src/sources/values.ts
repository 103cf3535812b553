// Semantic checks of single values (CIDRs, addresses, ports, protocols) with messages that say what was
// found and what was expected.
import { parseProtocol } from '../model/protocol.js';
import type { SourceLocation } from '../model/source.js';
import { childAt } from '../model/source.js';
import { parseCidr, parseIp, type Cidr, type Family, type IpAddress } from '../net/address.js';
import type { PortRange } from '../net/ports.js';
import type { Problems } from './document-import.js';

/**
 * Reads a CIDR field. `family` limits it to IPv4 (`CidrBlock`, `CidrIp`) or IPv6 (`Ipv6CidrBlock`).
 * A block with host bits set is reported (AWS stores canonical blocks) and returned canonical.
 */
export function readCidr(value: string, at: SourceLocation, field: string, problems: Problems, family?: Family): Cidr | undefined {
  const r = parseCidr(value.trim());
  const example = family === 6 ? '2001:db8::/56' : '10.0.0.0/16';
  if (!r.ok) {
    const detail = r.error.includes('prefix length') ? ' (bad prefix length)' : '';
    problems.add(at, `${field} ${JSON.stringify(value)} is not a valid CIDR block${detail}; expected a block such as ${example}`);
    return undefined;
  }
  if (family !== undefined && r.value.family !== family) {
    problems.add(at, `${field} ${JSON.stringify(value)} is an IPv${r.value.family} block; expected an IPv${family} block such as ${example}`);
    return undefined;
  }
  if (r.hostBitsSet) {
    problems.add(at, `${field} ${JSON.stringify(value)} has host bits set; AWS stores canonical blocks: did you mean ${r.value.text}?`);
  }
  return r.value;
}

/** readCidr of the field `key` of the object at `parent`, whose location is built only for a problem. */
export function readCidrField(value: string, parent: SourceLocation, key: string, field: string, problems: Problems, family?: Family): Cidr | undefined {
  const r = parseCidr(value.trim());
  if (r.ok && !r.hostBitsSet && (family === undefined || r.value.family === family)) return r.value;
  return readCidr(value, childAt(parent, key), field, problems, family);
}

export function readIp(value: string, at: SourceLocation, field: string, problems: Problems): IpAddress | undefined {
  const r = parseIp(value.trim());
  if (!r.ok) {
    problems.add(at, `${field} ${JSON.stringify(value)} is not a valid IP address; expected an address such as 10.0.0.5 or 2001:db8::5`);
    return undefined;
  }
  return r.value;
}

/** readIp of the field `key` of the object at `parent`, whose location is built only for a problem. */
export function readIpField(value: string, parent: SourceLocation, key: string, field: string, problems: Problems): IpAddress | undefined {
  const r = parseIp(value.trim());
  return r.ok ? r.value : readIp(value, childAt(parent, key), field, problems);
}

export function readProtocol(value: unknown, at: SourceLocation, field: string, problems: Problems): number | undefined {
  const protocol = typeof value === 'string' ? protocolOfText(value) : parseProtocol(value);
  if (protocol === undefined) {
    problems.add(
      childAt(at, field),
      `${field} ${JSON.stringify(value)} is not a protocol; expected -1 (all), a protocol number 0-255, or tcp, udp, icmp, icmpv6`,
    );
  }
  return protocol;
}

// Every rule names its protocol, in a handful of spellings ("tcp", "6", "-1"): each is parsed once.
const protocolTexts = new Map<string, number | undefined>();

function protocolOfText(value: string): number | undefined {
  const known = protocolTexts.get(value);
  if (known !== undefined || protocolTexts.has(value)) return known;
  const protocol = parseProtocol(value);
  if (protocolTexts.size < 1000) protocolTexts.set(value, protocol);
  return protocol;
}

/**
 * The range when From and To are ports and From <= To, as readPortRange would return it without a word;
 * else undefined (then readPortRange, with the names its messages need, says what is wrong). Rules repeat a
 * few ranges (443, 1024-65535) by the thousand: each range is one shared, immutable object.
 */
export function validPortRange(from: number | undefined, to: number | undefined): PortRange | undefined {
  if (from === undefined || to === undefined || !(from >= 0 && from <= to && to <= 65535)) return undefined;
  const key = (from << 16) | to;
  let range = portRanges.get(key);
  if (range === undefined) {
    range = { from, to };
    if (portRanges.size >= 100_000) portRanges.clear();
    portRanges.set(key, range);
  }
  return range;
}

const portRanges = new Map<number, PortRange>();

/** From/To of a port range: both 0-65535, From <= To. `names` are the field names for messages. */
export function readPortRange(
  from: number | undefined,
  to: number | undefined,
  at: SourceLocation,
  names: { from: string; to: string; fromAt: SourceLocation; toAt: SourceLocation },
  problems: Problems,
): PortRange | undefined {
  const fromOk = checkPort(from, names.from, at, names.fromAt, problems);
  const toOk = checkPort(to, names.to, at, names.toAt, problems);
  if (!fromOk || !toOk || from === undefined || to === undefined) return undefined;
  if (from > to) {
    problems.add(at, `${names.from} ${from} is greater than ${names.to} ${to}; expected ${names.from} <= ${names.to}`);
    return undefined;
  }
  return { from, to };
}

function checkPort(value: number | undefined, name: string, at: SourceLocation, where: SourceLocation, problems: Problems): boolean {
  if (value === undefined) {
    problems.add(at, `missing ${name}; expected a port 0-65535`);
    return false;
  }
  if (value < 0 || value > 65535) {
    problems.add(where, `${name} ${value} is outside 0-65535; expected a port 0-65535`);
    return false;
  }
  return true;
}

/** ICMP type or code: -1 (all) or 0-255; absent reads as -1. */
export function readIcmpValue(value: number | undefined, at: SourceLocation, name: string, kind: 'type' | 'code', problems: Problems): number {
  if (value === undefined) return -1;
  if (value < -1 || value > 255) {
    problems.add(at, `${name} ${value} is outside -1..255; expected -1 (all) or an ICMP ${kind} 0-255`);
    return -1;
  }
  return value;
}

/** readIcmpValue of the field `key` of the object at `parent`, whose location is built only for a problem. */
export function readIcmpField(value: number | undefined, parent: SourceLocation, key: string, name: string, kind: 'type' | 'code', problems: Problems): number {
  if (value === undefined) return -1;
  return value >= -1 && value <= 255 ? value : readIcmpValue(value, childAt(parent, key), name, kind, problems);
}
