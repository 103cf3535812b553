import { IntervalSet } from './interval-set.js';

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export const ALL_PORTS = IntervalSet.of(0, 65535);

export function portSet(range: PortRange): IntervalSet {
  return IntervalSet.of(range.from, range.to);
}

export function isValidPort(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 65535;
}

/** Parses `443` or `1024-65535`. Returns undefined for anything else. */
export function parsePortRange(text: string): PortRange | undefined {
  const m = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(text);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (!isValidPort(from) || !isValidPort(to) || to < from) return undefined;
  return { from, to };
}

export function formatPortRange(range: PortRange | readonly [number, number]): string {
  const from = isPair(range) ? range[0] : range.from;
  const to = isPair(range) ? range[1] : range.to;
  return from === to ? String(from) : `${from}-${to}`;
}

function isPair(range: PortRange | readonly [number, number]): range is readonly [number, number] {
  return Array.isArray(range);
}

export function formatPortSet(set: IntervalSet): string {
  if (set.isEmpty()) return 'none';
  const b = set.numbers;
  if (!b) return set.toNumberRanges().map((r) => formatPortRange(r)).join(', ');
  // Straight from the bounds: findings format port sets by the thousand.
  const parts: string[] = [];
  for (let i = 0; i < b.length; i += 2) parts.push(b[i] === b[i + 1] ? String(b[i]) : `${b[i]}-${b[i + 1]}`);
  return parts.join(', ');
}
