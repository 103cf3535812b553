/** IANA protocol numbers as AWS stores them; `-1` is "all protocols". */
export const PROTOCOL_ALL = -1;
export const TCP = 6;
export const UDP = 17;
export const ICMP = 1;
export const ICMPV6 = 58;

const NAMES: Record<string, number> = {
  all: PROTOCOL_ALL,
  '-1': PROTOCOL_ALL,
  tcp: TCP,
  udp: UDP,
  icmp: ICMP,
  icmpv6: ICMPV6,
  'ipv6-icmp': ICMPV6,
};

/** Accepts AWS numbers as strings or numbers ("6", 6, "-1") and the names used by IaC tools. */
export function parseProtocol(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= -1 && value <= 255 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const lower = value.trim().toLowerCase();
  if (lower in NAMES) return NAMES[lower];
  if (/^-?\d+$/.test(lower)) return parseProtocol(Number(lower));
  return undefined;
}

export function protocolName(protocol: number): string {
  switch (protocol) {
    case PROTOCOL_ALL:
      return 'all';
    case TCP:
      return 'tcp';
    case UDP:
      return 'udp';
    case ICMP:
      return 'icmp';
    case ICMPV6:
      return 'icmpv6';
    default:
      return String(protocol);
  }
}
