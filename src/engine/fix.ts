import { cidrContains, cidrSet, hostCidr, type Cidr, type Family, type IpAddress } from '../net/address.js';
import { IntervalSet } from '../net/interval-set.js';
import { formatPortRange } from '../net/ports.js';
import { protocolName } from '../model/protocol.js';
import type { Nacl, NaclRule, SecurityGroup, Subnet } from '../model/snapshot.js';
import { naclRuleAddresses, ruleKeys } from './match.js';
import type { Fix } from './types.js';

const MAX_USER_RULE = 32766;

export interface NaclFixRequest {
  readonly nacl: Nacl;
  readonly egress: boolean;
  readonly protocol: number;
  /** The far end of the packets: the address the new rule must match. */
  readonly peer: IpAddress;
  /** The peer's subnet, whose CIDR is what people write in NACL rules. */
  readonly peerSubnet?: Subnet;
  /** The CIDR of the rule that admitted the request in the other direction: replies mirror it. */
  readonly preferredCidr?: Cidr;
  /** One contiguous range of keys (ports) to allow. */
  readonly keys: readonly [number, number];
  /**
   * Every range the same blocking rule denies, when there are several (`keys` is one of them): a rule
   * is worth widening only if it closes all of them at once, and that is said once, with the first range.
   */
  readonly missing?: readonly (readonly [number, number])[];
  /** The rule that denies them now; undefined when no rule matched. */
  readonly blocking?: NaclRule;
  /** Numbers other proposals already take: the new rule avoids them too. */
  readonly reserved?: NumberSet;
}

/**
 * The smallest NACL change that lets the packets through: an allow numbered before the blocking rule and
 * after every earlier rule that overlaps it, so that no other decision changes. The CIDR is, in order of
 * preference, the one of the rule that admitted the request (a reply rule mirrors its service rule), the
 * peer's subnet (how people write NACL rules), and the peer's single address when no number fits.
 */
export function naclFix(req: NaclFixRequest): Fix {
  const family = req.peer.family;
  const scopes: Cidr[] = [];
  if (req.preferredCidr && cidrContains(req.preferredCidr, req.peer)) scopes.push(req.preferredCidr);
  const subnetCidr = req.peerSubnet?.cidrs.find((c) => c.family === family);
  if (subnetCidr && !scopes.some((c) => c.text === subnetCidr.text)) scopes.push(subnetCidr);
  scopes.push(hostCidr(req.peer));
  const rules = req.egress ? req.nacl.outbound : req.nacl.inbound;
  const used = usedNumbers(rules, req.reserved);
  const limit = req.blocking && !req.blocking.isDefaultDeny ? req.blocking.number : MAX_USER_RULE + 1;
  let chosen: { cidr: Cidr; number?: number } = { cidr: scopes[scopes.length - 1]! };
  const earlier = rules.filter((r) => r.number < limit && !r.isDefaultDeny);
  // Right after the last earlier rule reads best; right after the last one that overlaps is enough.
  const keys = IntervalSet.of(req.keys[0], req.keys[1]);
  let last = 0;
  for (const r of earlier) if (r.number > last) last = r.number;
  search: for (const scope of scopes) {
    const addresses = cidrSet(scope);
    let lastOverlapping = 0;
    for (const r of earlier) if (r.number > lastOverlapping && overlaps(r, family, req.protocol, addresses, keys)) lastOverlapping = r.number;
    const floors = [last, lastOverlapping];
    for (const floor of floors) {
      const number = pickNumber(floor, limit, used);
      if (number !== undefined) {
        chosen = { cidr: scope, number };
        break search;
      }
    }
  }
  const ports = formatPortRange(req.keys);
  const protocol = protocolName(req.protocol);
  const direction = req.egress ? 'outbound' : 'inbound';
  const arrow = req.egress ? '→' : '←';
  const blockingText = req.blocking ? `rule #${req.blocking.number} (${req.blocking.action})` : 'the implicit deny';
  const summary =
    chosen.number === undefined
      ? `Add an allow for ${protocol} ${ports} ${arrow} ${chosen.cidr.text} to ${req.nacl.id} ${direction} before ${blockingText}: no rule number is free there, renumber the rules first.`
      : `Add rule #${chosen.number} to ${req.nacl.id} ${direction}: allow ${protocol} ${ports} ${arrow} ${chosen.cidr.text} (before ${blockingText}).`;
  const first = req.missing === undefined || req.missing.length === 0 || (req.missing[0]![0] === req.keys[0] && req.missing[0]![1] === req.keys[1]);
  const widen = first ? widenable(rules, req) : undefined;
  const alternative = widen ? ` Or widen rule #${widen.rule.number} to ${formatPortRange(widen.ports)}.` : '';
  const cidrFlag = family === 4 ? '--cidr-block' : '--ipv6-cidr-block';
  const command =
    chosen.number === undefined
      ? undefined
      : `aws ec2 create-network-acl-entry --network-acl-id ${req.nacl.id} ${req.egress ? '--egress' : '--ingress'} --rule-number ${chosen.number} --protocol ${protocol} --port-range From=${req.keys[0]},To=${req.keys[1]} ${cidrFlag} ${chosen.cidr.text} --rule-action allow`;
  return {
    component: 'nacl',
    targetId: req.nacl.id,
    direction,
    action: 'add-rule',
    rule: { ...(chosen.number !== undefined ? { number: chosen.number } : {}), action: 'allow', protocol, peer: chosen.cidr.text, ports },
    summary: summary + alternative,
    ...(command ? { command } : {}),
  };
}

/**
 * An allow for the same protocol covering the peer, placed before the blocking rule, whose ports and the
 * missing ones make one range: widening it is the change people usually mean (32768-65535 → 1024-65535).
 */
function widenable(rules: readonly NaclRule[], req: NaclFixRequest): { rule: NaclRule; ports: readonly [number, number] } | undefined {
  const limit = req.blocking && !req.blocking.isDefaultDeny ? req.blocking.number : MAX_USER_RULE + 1;
  for (const rule of rules) {
    if (rule.number >= limit || rule.action !== 'allow' || rule.protocol !== req.protocol || !cidrContains(rule.cidr, req.peer) || !rule.ports) continue;
    const widened = IntervalSet.from([[rule.ports.from, rule.ports.to], ...(req.missing ?? [req.keys])]);
    const [only, ...more] = widened.toNumberRanges();
    if (only && more.length === 0) return { rule, ports: only };
  }
  return undefined;
}

function overlaps(rule: NaclRule, family: Family, protocol: number, addresses: IntervalSet, keys: IntervalSet): boolean {
  if (rule.cidr.family !== family) return false;
  if (rule.protocol !== -1 && rule.protocol !== protocol) return false;
  if (!naclRuleAddresses(rule).overlaps(addresses)) return false;
  return ruleKeys(rule).overlaps(keys);
}



/** Numbers asked about one at a time: a Set, or a view that answers without copying (ProposedNumbers.takenBy). */
export interface NumberSet {
  has(n: number): boolean;
}

const numbersOfList = new WeakMap<readonly NaclRule[], ReadonlySet<number>>();

/** The numbers of a NACL direction's rules and the reserved ones; each list's numbers are collected once. */
export function usedNumbers(rules: readonly NaclRule[], reserved?: NumberSet): NumberSet {
  let numbers = numbersOfList.get(rules);
  if (!numbers) numbersOfList.set(rules, (numbers = new Set(rules.map((r) => r.number))));
  const own = numbers;
  return reserved ? { has: (n) => own.has(n) || reserved.has(n) } : own;
}

/** A free rule number strictly between `floor` and `limit`, preferring 100 for a first rule and multiples of 10 after, as people number rules. */
export function pickNumber(floor: number, limit: number, used: NumberSet): number | undefined {
  const lo = floor + 1;
  const hi = Math.min(limit - 1, MAX_USER_RULE);
  if (lo > hi) return undefined;
  // An empty list conventionally starts at 100, leaving room before it.
  if (floor === 0 && hi >= 100 && !used.has(100)) return 100;
  for (let n = Math.ceil(lo / 10) * 10; n <= hi; n += 10) if (!used.has(n)) return n;
  for (let n = lo; n <= hi; n++) if (!used.has(n)) return n;
  return undefined;
}

export interface SgFixRequest {
  readonly group: SecurityGroup | { readonly id: string };
  readonly direction: 'ingress' | 'egress';
  readonly protocol: number;
  readonly port: number;
  readonly peer: IpAddress;
  /** A group of the peer's ENI in the same VPC: referencing it is the durable fix. */
  readonly peerGroupId?: string;
}

export function sgFix(req: SgFixRequest): Fix {
  const protocol = protocolName(req.protocol);
  const peer = req.peerGroupId ?? hostCidr(req.peer).text;
  const source =
    req.peerGroupId !== undefined
      ? `UserIdGroupPairs=[{GroupId=${req.peerGroupId}}]`
      : req.peer.family === 4
        ? `IpRanges=[{CidrIp=${peer}}]`
        : `Ipv6Ranges=[{CidrIpv6=${peer}}]`;
  const word = req.direction === 'ingress' ? 'from' : 'to';
  return {
    component: 'security-group',
    targetId: req.group.id,
    direction: req.direction,
    action: 'add-rule',
    rule: { action: 'allow', protocol, peer, ports: String(req.port) },
    summary: `Add an ${req.direction} rule to ${req.group.id}: allow ${protocol} ${req.port} ${word} ${peer}.`,
    command: `aws ec2 authorize-security-group-${req.direction} --group-id ${req.group.id} --ip-permissions 'IpProtocol=${protocol},FromPort=${req.port},ToPort=${req.port},${source}'`,
  };
}
