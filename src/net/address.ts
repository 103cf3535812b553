import { Address4, Address6 } from 'ip-address';
import IPCIDR from 'ip-cidr';
import { IntervalSet } from './interval-set.js';

export type Family = 4 | 6;

/** A parsed IP address: its family, canonical text and value as an integer. */
export interface IpAddress {
  readonly family: Family;
  readonly text: string;
  readonly value: bigint;
}

/** A parsed CIDR block in canonical form (host bits cleared), with its address interval. */
export interface Cidr {
  readonly family: Family;
  /** Canonical text, e.g. `10.0.0.0/18` for an input of `10.0.0.18/18`. */
  readonly text: string;
  readonly prefixLength: number;
  readonly lo: bigint;
  readonly hi: bigint;
}

export const IPV4_MAX = (1n << 32n) - 1n;
export const IPV6_MAX = (1n << 128n) - 1n;

export function familyMax(family: Family): bigint {
  return family === 4 ? IPV4_MAX : IPV6_MAX;
}

export type ParseResult<T> = { ok: true; value: T; hostBitsSet: boolean } | { ok: false; error: string };

/**
 * Parses `a.b.c.d/n` or an IPv6 CIDR. Validation is the libraries' (ip-cidr, ip-address); we only read
 * the bounds. `hostBitsSet` tells callers that the text was not canonical (AWS stores `10.0.0.18/18` as
 * `10.0.0.0/18`, while Terraform and the API reject it), so they can decide how strict to be.
 */
export function parseCidr(text: string): ParseResult<Cidr> {
  // Exports repeat the same blocks thousands of times (0.0.0.0/0, the VPC CIDR): parse each text once.
  let result = cidrCache.get(text);
  if (result === undefined) {
    result = parseCidrUncached(text);
    if (cidrCache.size >= CIDR_CACHE_LIMIT) cidrCache.clear();
    cidrCache.set(text, result);
  }
  return result;
}

const CIDR_CACHE_LIMIT = 200_000;
const cidrCache = new Map<string, ParseResult<Cidr>>();

function parseCidrUncached(text: string): ParseResult<Cidr> {
  if (typeof text !== 'string' || !text.includes('/')) {
    return { ok: false, error: `expected a CIDR block such as 10.0.0.0/16 or 2001:db8::/32, got ${JSON.stringify(text)}` };
  }
  const [addr, len] = text.split('/') as [string, string];
  if (!/^\d{1,3}$/.test(len)) return { ok: false, error: `invalid prefix length in ${JSON.stringify(text)}` };
  const prefixLength = Number(len);
  if (addr.includes(':')) {
    if (!Address6.isValid(text) || prefixLength > 128 || !IPCIDR.isValidCIDR(text)) {
      return { ok: false, error: `invalid IPv6 CIDR block ${JSON.stringify(text)}` };
    }
    const parsed = new Address6(text);
    const lo = parsed.startAddress().bigInt();
    const hi = parsed.endAddress().bigInt();
    const canonical = `${parsed.startAddress().correctForm()}/${prefixLength}`;
    return {
      ok: true,
      value: { family: 6, text: canonical, prefixLength, lo, hi },
      hostBitsSet: new Address6(addr).bigInt() !== lo,
    };
  }
  if (!Address4.isValid(text) || prefixLength > 32 || !IPCIDR.isValidCIDR(text) || !isDottedQuad(addr)) {
    return { ok: false, error: `invalid IPv4 CIDR block ${JSON.stringify(text)}` };
  }
  const parsed = new Address4(text);
  const lo = parsed.startAddress().bigInt();
  const hi = parsed.endAddress().bigInt();
  return {
    ok: true,
    value: { family: 4, text: `${parsed.startAddress().correctForm()}/${prefixLength}`, prefixLength, lo, hi },
    hostBitsSet: new Address4(addr).bigInt() !== lo,
  };
}

export function parseIp(text: string): ParseResult<IpAddress> {
  if (typeof text !== 'string' || text.includes('/')) {
    return { ok: false, error: `expected an IP address, got ${JSON.stringify(text)}` };
  }
  if (text.includes(':')) {
    if (!Address6.isValid(text)) return { ok: false, error: `invalid IPv6 address ${JSON.stringify(text)}` };
    const a = new Address6(text);
    return { ok: true, value: { family: 6, text: a.correctForm(), value: a.bigInt() }, hostBitsSet: false };
  }
  if (!Address4.isValid(text) || !isDottedQuad(text)) {
    return { ok: false, error: `invalid IPv4 address ${JSON.stringify(text)}` };
  }
  const a = new Address4(text);
  return { ok: true, value: { family: 4, text: a.correctForm(), value: a.bigInt() }, hostBitsSet: false };
}

/** Parses a CIDR or throws; for literals in code and tests, never for user input. */
export function cidr(text: string): Cidr {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Parses an IP address or throws; for literals in code and tests, never for user input. */
export function ip(text: string): IpAddress {
  const r = parseIp(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

export function cidrContains(block: Cidr, address: IpAddress): boolean {
  return block.family === address.family && address.value >= block.lo && address.value <= block.hi;
}

export function cidrSet(block: Cidr): IntervalSet {
  let set = setOfCidr.get(block);
  if (!set) {
    set = IntervalSet.of(block.lo, block.hi);
    setOfCidr.set(block, set);
  }
  return set;
}

/** CIDR objects are shared (parseCidr's cache) and immutable: their sets are made once. */
const setOfCidr = new WeakMap<Cidr, IntervalSet>();

export function hostCidr(address: IpAddress): Cidr {
  const prefixLength = address.family === 4 ? 32 : 128;
  return { family: address.family, text: `${address.text}/${prefixLength}`, prefixLength, lo: address.value, hi: address.value };
}

export function addressFromValue(family: Family, value: bigint | number): IpAddress {
  const big = BigInt(value);
  if (family === 4 && big >= 0n && big <= IPV4_MAX) {
    // ip-address's round trip (hex text, groups, a new Address4) was a visible share of a lint run for
    // what is four shifts; its correctForm is the same plain dotted quad.
    const v = Number(big);
    return { family, text: `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`, value: big };
  }
  const text = family === 4 ? Address4.fromBigInt(big).correctForm() : Address6.fromBigInt(big).correctForm();
  return { family, text, value: big };
}

export function isWorld(block: Cidr): boolean {
  return block.prefixLength === 0;
}

/** `1.2.3` or `01.2.3.4` are valid to some parsers; AWS accepts only four plain decimal octets. */
function isDottedQuad(addr: string): boolean {
  return /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(addr) && addr.split('.').every((o) => Number(o) <= 255 && (o === '0' || !o.startsWith('0')));
}
