// Semantic checks of single values (CIDRs, addresses, ports, protocols) with messages that say what was
// found and what was expected.
import { parseProtocol } from '../model/protocol.js';
import type { SourceLocation } from '../model/source.js';
import { childLocation } from '../model/source.js';
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

export function readIp(value: string, at: SourceLocation, field: string, problems: Problems): IpAddress | undefined {
  const r = parseIp(value.trim());
  if (!r.ok) {
    problems.add(at, `${field} ${JSON.stringify(value)} is not a valid IP address; expected an address such as 10.0.0.5 or 2001:db8::5`);
    return undefined;
  }
  return r.value;
}

export function readProtocol(value: unknown, at: SourceLocation, field: string, problems: Problems): number | undefined {
  const protocol = parseProtocol(value);
  if (protocol === undefined) {
    problems.add(
      childLocation(at, field),
      `${field} ${JSON.stringify(value)} is not a protocol; expected -1 (all), a protocol number 0-255, or tcp, udp, icmp, icmpv6`,
    );
  }
  return protocol;
}

/** From/To of a port range: both 0-65535, From <= To. `names` are the field names for messages. */
export function readPortRange(
  from: number | undefined,
  to: number | undefined,
  at: SourceLocation,
  names: { from: string; to: string; fromAt: SourceLocation; toAt: SourceLocation },
  problems: Problems,
): PortRange | undefined {
  let ok = true;
  for (const [value, name, where] of [
    [from, names.from, names.fromAt],
    [to, names.to, names.toAt],
  ] as const) {
    if (value === undefined) {
      problems.add(at, `missing ${name}; expected a port 0-65535`);
      ok = false;
    } else if (value < 0 || value > 65535) {
      problems.add(where, `${name} ${value} is outside 0-65535; expected a port 0-65535`);
      ok = false;
    }
  }
  if (!ok || from === undefined || to === undefined) return undefined;
  if (from > to) {
    problems.add(at, `${names.from} ${from} is greater than ${names.to} ${to}; expected ${names.from} <= ${names.to}`);
    return undefined;
  }
  return { from, to };
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
