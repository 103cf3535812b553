/**
 * NACL analyses shared by several lint rules, all answered over sets with the engine:
 * - the *services* a NACL lets through and whether their replies get back (nacl-return-missing,
 *   nacl-return-partial);
 * - what earlier rules decide of a rule's scope (nacl-rule-shadowed, nacl-rule-overridden);
 * - small helpers: the subnets and interfaces behind a NACL, address sets as CIDRs, rule texts, free
 *   rule numbers, "a security group admits this from every address".
 */
import { addressFromValue, cidrSet, familyMax, isWorld, type Cidr, type Family } from '../net/address.js';
import { IntervalSet, type Interval } from '../net/interval-set.js';
import { formatPortRange, formatPortSet } from '../net/ports.js';
import { PROTOCOL_ALL, TCP, UDP, protocolName } from '../model/protocol.js';
import type { Eni, Nacl, NaclRule, RuleAction, SgDirection, SgRule, Subnet } from '../model/snapshot.js';
import type { SnapshotIndex } from '../model/snapshot-index.js';
import { CLIENT_PORT_PROFILES, inferClientPorts } from '../engine/client-ports.js';
import { naclFix, pickNumber } from '../engine/fix.js';
import { describeKeys, familyUniverse, naclRuleAddresses, protocolMatches, ruleKeys } from '../engine/match.js';
import { evaluateNacl } from '../engine/nacl.js';
import { isStalePeering } from '../engine/sg.js';
import type { ClientPortChoice, Fix } from '../engine/types.js';
import { unfilteredService } from '../engine/unfiltered.js';
import { proposedRuleText, type ProposedNumbers } from './proposed-numbers.js';
import { isReturnRange } from './return-range.js';
import type { FindingFix, LintContext, ResourceRef } from './types.js';

// ---------------------------------------------------------------------------------------------------
// Address sets

/**
 * Splits `space` into maximal intervals on which membership in each of `parts` is constant, so one
 * representative address answers for the whole cell.
 */
export function cells(space: IntervalSet, parts: readonly IntervalSet[]): IntervalSet[] {
  const cuts = new Set<bigint>();
  for (const p of parts) {
    for (const [lo, hi] of p.intervals) {
      cuts.add(lo);
      cuts.add(hi + 1n);
    }
  }
  const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: IntervalSet[] = [];
  for (const [lo, hi] of space.intervals) {
    let start = lo;
    for (const cut of sorted) {
      if (cut <= start) continue;
      if (cut > hi) break;
      out.push(IntervalSet.of(start, cut - 1n));
      start = cut;
    }
    out.push(IntervalSet.of(start, hi));
  }
  return out;
}

/** The fewest CIDR blocks that together are exactly `set`. */
export function toCidrs(family: Family, set: IntervalSet): Cidr[] {
  const bits = family === 4 ? 32 : 128;
  const out: Cidr[] = [];
  for (const [lo0, hi] of set.intervals) {
    let lo = lo0;
    while (lo <= hi) {
      let size = 0;
      while (size < bits) {
        const next = 1n << BigInt(size + 1);
        if ((lo & (next - 1n)) !== 0n || lo + next - 1n > hi) break;
        size++;
      }
      const blockHi = lo + (1n << BigInt(size)) - 1n;
      const prefixLength = bits - size;
      out.push({ family, text: `${addressFromValue(family, lo).text}/${prefixLength}`, prefixLength, lo, hi: blockHi });
      lo = blockHi + 1n;
    }
  }
  return out;
}

/** The smallest CIDR block holding every address of a non-empty set. */
export function hullCidr(family: Family, set: IntervalSet): Cidr {
  const bits = family === 4 ? 32 : 128;
  const lo = set.min() ?? 0n;
  const hi = set.intervals[set.intervals.length - 1]?.[1] ?? lo;
  let diff = lo ^ hi;
  let free = 0;
  while (diff > 0n) {
    diff >>= 1n;
    free++;
  }
  const base = (lo >> BigInt(free)) << BigInt(free);
  const top = base + (1n << BigInt(free)) - 1n;
  return { family, text: `${addressFromValue(family, base).text}/${bits - free}`, prefixLength: bits - free, lo: base, hi: top > familyMax(family) ? familyMax(family) : top };
}

/** `0.0.0.0/0`, `10.0.1.0/24, 10.0.2.0/24` or `0.0.0.0/0 except 10.0.1.0/24`: short and exact. */
export function describeAddresses(family: Family, set: IntervalSet): string {
  if (set.isEmpty()) return 'no address';
  const list = toCidrs(family, set);
  if (list.length <= 3) return list.map((c) => c.text).join(', ');
  const hull = hullCidr(family, set);
  const holes = toCidrs(family, cidrSet(hull).subtract(set));
  if (holes.length <= 3) return `${hull.text} except ${holes.map((c) => c.text).join(', ')}`;
  return `${list
    .slice(0, 3)
    .map((c) => c.text)
    .join(', ')} and ${list.length - 3} more blocks`;
}

// ---------------------------------------------------------------------------------------------------
// What a NACL applies to

/** Subnets filtered by the NACL: its explicit associations, and for a default NACL the VPC's unassociated subnets. */
export function naclSubnetIds(index: SnapshotIndex, nacl: Nacl): string[] {
  const ids = new Set(nacl.subnetIds);
  for (const s of index.snapshot.subnets) if (index.naclForSubnet(s.id) === nacl) ids.add(s.id);
  return [...ids].sort();
}

const enisBySubnet = new WeakMap<SnapshotIndex, Map<string, Eni[]>>();

export function enisInSubnets(index: SnapshotIndex, subnetIds: readonly string[]): Eni[] {
  let bySubnet = enisBySubnet.get(index);
  if (!bySubnet) {
    bySubnet = new Map();
    for (const e of index.snapshot.enis) {
      if (e.subnetId === undefined) continue;
      const list = bySubnet.get(e.subnetId);
      if (list) list.push(e);
      else bySubnet.set(e.subnetId, [e]);
    }
    enisBySubnet.set(index, bySubnet);
  }
  return [...new Set(subnetIds)].flatMap((id) => bySubnet.get(id) ?? []);
}

/**
 * Addresses whose traffic with the NACL's subnets never crosses the NACL: a NACL serving one subnet
 * does not see traffic inside that subnet. (With several subnets, traffic between them does cross it.)
 */
export function ownSubnetAddresses(index: SnapshotIndex, subnetIds: readonly string[], family: Family): IntervalSet {
  if (subnetIds.length !== 1) return IntervalSet.EMPTY;
  const subnet = index.subnets.get(subnetIds[0]!);
  let set = IntervalSet.EMPTY;
  for (const c of subnet?.cidrs ?? []) if (c.family === family) set = set.union(cidrSet(c));
  return set;
}

export function naclResource(nacl: Nacl): ResourceRef {
  return { type: 'nacl', id: nacl.id, ...(nacl.name ? { name: nacl.name } : {}) };
}

// ---------------------------------------------------------------------------------------------------
// Texts

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

// ---------------------------------------------------------------------------------------------------
// Rule numbers

/**
 * A free number for a new rule that must decide before rule `limit`: right after the last earlier rule
 * reads best; right after the last earlier rule that `overlaps` is enough to change no other decision.
 */
export function freeNumberBefore(rules: readonly NaclRule[], limit: number, overlaps: (r: NaclRule) => boolean, reserved: ReadonlySet<number> = new Set()): number | undefined {
  const used = new Set([...rules.map((r) => r.number), ...reserved]);
  const earlier = rules.filter((r) => r.number < limit && !r.isDefaultDeny);
  const floors = [Math.max(0, ...earlier.map((r) => r.number)), Math.max(0, ...earlier.filter(overlaps).map((r) => r.number))];
  for (const floor of floors) {
    const n = pickNumber(floor, limit, used);
    if (n !== undefined) return n;
  }
  return undefined;
}

/** The largest free number below `limit` and above every earlier rule that `overlaps`. */
export function largestFreeNumberBefore(rules: readonly NaclRule[], limit: number, overlaps: (r: NaclRule) => boolean, reserved: ReadonlySet<number> = new Set()): number | undefined {
  const used = new Set([...rules.map((r) => r.number), ...reserved]);
  const floor = Math.max(0, ...rules.filter((r) => r.number < limit && !r.isDefaultDeny && overlaps(r)).map((r) => r.number));
  for (let n = Math.min(limit, 32767) - 1; n > floor; n--) if (!used.has(n)) return n;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Protocols

/**
 * The protocols to evaluate for a rule matching `protocol` against `rules`: the protocol itself, or
 * for -1 every protocol the rules name plus one protocol they do not (standing for all the others).
 */
export function protocolsToCheck(protocol: number, rules: readonly NaclRule[]): number[] {
  if (protocol !== PROTOCOL_ALL) return [protocol];
  const named = new Set(rules.map((r) => r.protocol).filter((p) => p !== PROTOCOL_ALL));
  let other = 0;
  while (named.has(other)) other++;
  return [...[...named].sort((a, b) => a - b), other];
}

// ---------------------------------------------------------------------------------------------------
// Earlier rules (shadowed / overridden)

export interface EarlierCoverage {
  /** Earlier rules decide every packet the rule could match. */
  readonly covered: boolean;
  /** What the earlier rules decide on the rule's scope. */
  readonly actions: ReadonlySet<RuleAction>;
  /** The earlier rules that decide part of the rule's scope, in rule order. */
  readonly by: readonly NaclRule[];
}

/**
 * What the rules numbered before `rule` (same list, same family) decide of its scope — protocol × CIDR
 * × keys — evaluated with the engine once per protocol the rule covers.
 */
export function earlierCoverage(rules: readonly NaclRule[], rule: NaclRule): EarlierCoverage {
  const family = rule.cidr.family;
  const earlier = rules.filter((r) => r.number < rule.number && r.cidr.family === family);
  const actions = new Set<RuleAction>();
  const by = new Set<NaclRule>();
  let covered = true;
  for (const protocol of protocolsToCheck(rule.protocol, earlier)) {
    const segments = evaluateNacl(earlier, { protocol, family, addresses: naclRuleAddresses(rule), keys: ruleKeys(rule) });
    for (const s of segments) {
      if (!s.rule) covered = false;
      else {
        actions.add(s.action);
        by.add(s.rule);
      }
    }
  }
  return { covered, actions, by: [...by].sort((a, b) => a.number - b.number) };
}

// ---------------------------------------------------------------------------------------------------
// Security groups

export interface EverywhereAdmission {
  /** The groups admit the key from every address of the family. */
  readonly admits: boolean;
  /** A prefix list whose entries the snapshot lacks might complete the answer. */
  readonly unknown: boolean;
  /** The rules whose CIDRs make up the admission. */
  readonly rules: readonly SgRule[];
}

/** Whether the groups' ingress (or egress) rules admit `protocol`/`key` from every address of `family`. */
export function admitsFromEverywhere(index: SnapshotIndex, groupIds: readonly string[], direction: SgDirection, protocol: number, key: number, family: Family): EverywhereAdmission {
  let covered = IntervalSet.EMPTY;
  let unknown = false;
  const rules: SgRule[] = [];
  for (const groupId of groupIds) {
    const group = index.groups.get(groupId);
    if (!group) {
      unknown = true;
      continue;
    }
    for (const rule of direction === 'ingress' ? group.ingress : group.egress) {
      if (!protocolMatches(rule.protocol, protocol) || !ruleKeys(rule).has(key)) continue;
      const peer = rule.peer;
      if (peer.kind === 'cidr' && peer.cidr.family === family) {
        covered = covered.union(cidrSet(peer.cidr));
        rules.push(rule);
      } else if (peer.kind === 'prefix-list') {
        const list = index.prefixLists.get(peer.prefixListId);
        if (!list?.cidrs) unknown = true;
        else for (const c of list.cidrs) if (c.family === family) covered = covered.union(cidrSet(c));
      }
    }
  }
  const admits = covered.covers(familyUniverse(family));
  return { admits, unknown: !admits && unknown, rules: admits ? rules : [] };
}

/** A world CIDR (0.0.0.0/0, ::/0) rule of the groups, in the given direction. */
export function worldRules(index: SnapshotIndex, groupIds: readonly string[], direction: SgDirection, family?: Family): SgRule[] {
  const out: SgRule[] = [];
  for (const groupId of groupIds) {
    const group = index.groups.get(groupId);
    for (const rule of (direction === 'ingress' ? group?.ingress : group?.egress) ?? []) {
      if (rule.peer.kind === 'cidr' && isWorld(rule.peer.cidr) && (family === undefined || rule.peer.cidr.family === family)) out.push(rule);
    }
  }
  return out;
}

/**
 * The peers (within `peers`) for which some interface's groups admit the request — a live request. With
 * no interface to judge by, every peer counts. Interfaces without groups (NAT gateways) filter nothing,
 * and a group missing from the snapshot might admit anything: both count as admitting.
 *
 * Security groups have no deny, so the peers some group of the interfaces admits for the keys are the
 * union of the blocks of the rules that match the protocol and some of the keys: CIDRs, prefix-list
 * entries (a list whose entries the snapshot lacks might hold anyone), and the addresses of the
 * interfaces carrying a referenced group (matchPeer in engine/sg.ts). The rules are sorted out once per
 * set of interfaces, direction, protocol and family; each question is then one pass over them.
 */
export function admittedPeers(ctx: LintContext, enis: readonly Eni[], direction: SgDirection, protocol: number, family: Family, peers: IntervalSet, keys: IntervalSet): IntervalSet {
  if (enis.length === 0 || ctx.snapshot.securityGroups.length === 0 || peers.isEmpty()) return peers;
  const admissions = admissionsOf(ctx, enis, direction, protocol, family);
  if (admissions === 'anyone') return peers;
  const blocks: Interval[] = [];
  for (const a of admissions) {
    if (!a.keys.overlaps(keys)) continue;
    if (a.anyone) return peers;
    for (const interval of a.addresses.intervals) blocks.push(interval);
  }
  return blocks.length === 0 ? IntervalSet.EMPTY : peers.intersect(IntervalSet.from(blocks));
}

/** One rule's admission: the keys it matches and the peers it admits for them. */
interface Admission {
  readonly keys: IntervalSet;
  readonly addresses: IntervalSet;
  /** A prefix list whose entries the snapshot lacks: it might hold any peer. */
  readonly anyone: boolean;
}

interface AdmissionCaches {
  readonly byEnis: WeakMap<readonly Eni[], Map<string, readonly Admission[] | 'anyone'>>;
  readonly byGroup: Map<string, readonly Admission[]>;
}

const admissionCaches = new WeakMap<LintContext, AdmissionCaches>();

/** The admissions of the interfaces' groups; rules with the same keys are merged into one admission. */
function admissionsOf(ctx: LintContext, enis: readonly Eni[], direction: SgDirection, protocol: number, family: Family): readonly Admission[] | 'anyone' {
  let caches = admissionCaches.get(ctx);
  if (!caches) admissionCaches.set(ctx, (caches = { byEnis: new WeakMap(), byGroup: new Map() }));
  let byQuestion = caches.byEnis.get(enis);
  if (!byQuestion) caches.byEnis.set(enis, (byQuestion = new Map()));
  const question = `${direction}|${protocol}|${family}`;
  let answer = byQuestion.get(question);
  if (answer === undefined) {
    if (enis.some((e) => e.groupIds.length === 0 || e.groupIds.some((g) => !ctx.index.groups.has(g)))) answer = 'anyone';
    else {
      const groupIds = new Set<string>();
      for (const e of enis) for (const g of e.groupIds) groupIds.add(g);
      // ruleKeys gives one object per distinct port range: rules on the same ports merge.
      const byKeys = new Map<IntervalSet, { addresses: Interval[]; anyone: boolean }>();
      for (const groupId of groupIds) {
        const key = `${groupId}|${question}`;
        let list = caches.byGroup.get(key);
        if (!list) caches.byGroup.set(key, (list = groupAdmissions(ctx, groupId, direction, protocol, family)));
        for (const a of list) {
          let merged = byKeys.get(a.keys);
          if (!merged) byKeys.set(a.keys, (merged = { addresses: [], anyone: false }));
          if (a.anyone) merged.anyone = true;
          for (const interval of a.addresses.intervals) merged.addresses.push(interval);
        }
      }
      answer = [...byKeys].map(([keys, m]) => ({ keys, addresses: IntervalSet.from(m.addresses), anyone: m.anyone }));
    }
    byQuestion.set(question, answer);
  }
  return answer;
}

/** The admissions of one group's rules in one direction, for one protocol and family. */
function groupAdmissions(ctx: LintContext, groupId: string, direction: SgDirection, protocol: number, family: Family): Admission[] {
  const group = ctx.index.groups.get(groupId)!;
  const out: Admission[] = [];
  for (const rule of direction === 'ingress' ? group.ingress : group.egress) {
    if (!protocolMatches(rule.protocol, protocol)) continue;
    const keys = ruleKeys(rule);
    const p = rule.peer;
    if (p.kind === 'cidr') {
      if (p.cidr.family === family) out.push({ keys, addresses: cidrSet(p.cidr), anyone: false });
    } else if (p.kind === 'prefix-list') {
      const list = ctx.index.prefixLists.get(p.prefixListId);
      if (list?.cidrs === undefined) out.push({ keys, addresses: IntervalSet.EMPTY, anyone: true });
      else out.push({ keys, addresses: IntervalSet.from(list.cidrs.filter((c) => c.family === family).map((c) => [c.lo, c.hi] as const)), anyone: false });
    } else if (!isStalePeering(p.peeringStatus)) {
      out.push({ keys, addresses: ctx.index.memberSet(p.groupId, family), anyone: false });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Client port ranges

const ANY = CLIENT_PORT_PROFILES.any!;

function anyClients(reason: string): ClientPortChoice {
  return { range: ANY, profile: 'any', reason };
}

const clientsOfEni = new WeakMap<LintContext, Map<Eni, ClientPortChoice>>();

function eniClients(ctx: LintContext, eni: Eni): ClientPortChoice {
  let memo = clientsOfEni.get(ctx);
  if (!memo) clientsOfEni.set(ctx, (memo = new Map()));
  let choice = memo.get(eni);
  if (!choice) memo.set(eni, (choice = eniClientsUncached(ctx, eni)));
  return choice;
}

function eniClientsUncached(ctx: LintContext, eni: Eni): ClientPortChoice {
  const given = ctx.settings.clientPortsFor({ ...(eni.subnetId ? { subnetId: eni.subnetId } : {}), eniId: eni.id, tags: eni.tags });
  if (given) return given;
  return inferClientPorts({ eni, ...(eni.instanceId && ctx.index.instances.get(eni.instanceId) ? { instance: ctx.index.instances.get(eni.instanceId)! } : {}) });
}

function subnetClients(ctx: LintContext, subnet: Subnet | undefined, subnetId: string): ClientPortChoice {
  return (
    ctx.settings.clientPortsFor({ subnetId, tags: subnet?.tags ?? {} }) ??
    anyClients(`no interface of ${subnetId} in the snapshot tells who the clients are: any client (1024-65535), AWS's advice for unknown clients`)
  );
}

/**
 * The widest range wins: one range that holds all others is used as it is; ranges that do not nest
 * (Linux 32768-60999 and Windows 49152-65535) give the range spanning them all, so every client counts.
 */
export function widestClients(choices: readonly ClientPortChoice[], where: string): ClientPortChoice {
  if (choices.length === 0) return anyClients(`nothing in the snapshot tells who the clients in ${where} are: any client (1024-65535), AWS's advice for unknown clients`);
  const lo = Math.min(...choices.map((c) => c.range[0]));
  const hi = Math.max(...choices.map((c) => c.range[1]));
  const distinct = [...new Map(choices.map((c) => [`${c.range[0]}-${c.range[1]}`, c])).values()];
  if (distinct.length === 1) return distinct[0]!;
  const covering = distinct.find((c) => c.range[0] === lo && c.range[1] === hi);
  if (covering) return { ...covering, reason: `${covering.reason} (the widest client range in ${where})` };
  const parts = distinct.map((c) => `${c.profile} ${c.range[0]}-${c.range[1]}`).join(', ');
  return { range: [lo, hi], profile: 'mixed', reason: `the clients in ${where} use different ranges (${parts}): ${lo}-${hi} spans them all` };
}

/** The clients are the NACL's own subnets (an outbound service). */
function ownClients(ctx: LintContext, subnetIds: readonly string[], enis: readonly Eni[]): ClientPortChoice {
  const where = subnetIds.length > 0 ? subnetIds.join(', ') : 'the subnets using this NACL';
  if (enis.length > 0) return widestClients(enis.map((e) => eniClients(ctx, e)), where);
  if (subnetIds.length > 0) return widestClients(subnetIds.map((id) => subnetClients(ctx, ctx.index.subnets.get(id), id)), where);
  return ctx.settings.clientPortsFor({}) ?? anyClients('the NACL serves no subnet in the snapshot: any client (1024-65535), AWS\'s advice for unknown clients');
}

const clientsOfPeers = new WeakMap<LintContext, Map<string, ClientPortChoice>>();

/** The clients are the peers of an inbound service: known subnets tell who they are, else anyone. */
function peerClients(ctx: LintContext, family: Family, peers: IntervalSet): ClientPortChoice {
  // Services of many NACLs name the same peers (a VPC, 0.0.0.0/0): answer each set of peers once.
  let memo = clientsOfPeers.get(ctx);
  if (!memo) clientsOfPeers.set(ctx, (memo = new Map()));
  const key = `${family}|${peers.intervals.join(';')}`;
  let choice = memo.get(key);
  if (!choice) memo.set(key, (choice = peerClientsUncached(ctx, family, peers)));
  return choice;
}

function peerClientsUncached(ctx: LintContext, family: Family, peers: IntervalSet): ClientPortChoice {
  const subnets = ctx.snapshot.subnets.filter((s) => s.cidrs.some((c) => c.family === family && cidrSet(c).overlaps(peers)));
  let inside = IntervalSet.EMPTY;
  for (const s of subnets) for (const c of s.cidrs) if (c.family === family) inside = inside.union(cidrSet(c));
  if (subnets.length > 0 && inside.covers(peers)) {
    const choices: ClientPortChoice[] = [];
    for (const s of subnets) {
      const enis = enisInSubnets(ctx.index, [s.id]).filter((e) => [...e.privateIps, ...e.ipv6s].some((a) => a.family === family && peers.has(a.value)));
      if (enis.length > 0) choices.push(...enis.map((e) => eniClients(ctx, e)));
      else choices.push(subnetClients(ctx, s, s.id));
    }
    return widestClients(choices, subnets.map((s) => s.id).join(', '));
  }
  return (
    ctx.settings.clientPortsFor({}) ??
    anyClients(`the clients (${describeAddresses(family, peers)}) are not interfaces of the snapshot: any client (1024-65535), AWS's advice for unknown clients`)
  );
}

// ---------------------------------------------------------------------------------------------------
// Services and their replies

/** Part of a service's peers whose replies are denied on the same client ports. */
export interface ReplyGap {
  readonly nacl: Nacl;
  /** The allow rule that lets the requests through. */
  readonly service: NaclRule;
  readonly protocol: number;
  readonly family: Family;
  /** The service ports the rule decides for these peers. */
  readonly serviceKeys: IntervalSet;
  /** The peers (clients for an inbound service, servers for an outbound one). */
  readonly peers: IntervalSet;
  /** Direction of the replies: outbound for an inbound service. */
  readonly replyEgress: boolean;
  readonly client: ClientPortChoice;
  /** Client ports whose replies are denied, within the client range. */
  readonly denied: IntervalSet;
  /** The whole client range is denied: no connection ever completes. */
  readonly whole: boolean;
  /** Share of the client range denied, 0…1. */
  readonly deniedShare: number;
  /** The rules that deny the replies (undefined: no rule matched). */
  readonly blockers: readonly { readonly rule?: NaclRule; readonly keys: IntervalSet }[];
  readonly fix: FindingFix;
}

const gapCache = new WeakMap<LintContext, readonly ReplyGap[]>();

/**
 * Every service a NACL allows (a TCP/UDP allow that is not a return range, for the packets it actually
 * decides), whose requests some interface admits, and whose replies the same NACL denies for part or all
 * of the clients' ephemeral range. Protocol -1 allows are never services: they cover every client range,
 * which makes them reply rules by definition (return-range.ts).
 */
export function replyGaps(ctx: LintContext): readonly ReplyGap[] {
  const cached = gapCache.get(ctx);
  if (cached) return cached;
  const gaps: ReplyGap[] = [];
  for (const nacl of ctx.snapshot.nacls) {
    const subnetIds = naclSubnetIds(ctx.index, nacl);
    const enis = enisInSubnets(ctx.index, subnetIds);
    let own: ClientPortChoice | undefined;
    const ownChoice = () => (own ??= ownClients(ctx, subnetIds, enis));
    for (const egress of [false, true]) {
      const rules = egress ? nacl.outbound : nacl.inbound;
      for (const rule of rules) {
        if (rule.action !== 'allow' || rule.isDefaultDeny) continue;
        if (rule.protocol !== TCP && rule.protocol !== UDP) continue;
        if (isReturnRange(rule)) continue;
        gaps.push(...serviceGaps(ctx, nacl, egress, rule, subnetIds, enis, ownChoice));
      }
    }
  }
  gapCache.set(ctx, gaps);
  return gaps;
}

function serviceGaps(
  ctx: LintContext,
  nacl: Nacl,
  egress: boolean,
  rule: NaclRule,
  subnetIds: readonly string[],
  enis: readonly Eni[],
  ownChoice: () => ClientPortChoice,
): ReplyGap[] {
  const family = rule.cidr.family;
  const protocol = rule.protocol;
  const list = egress ? nacl.outbound : nacl.inbound;
  const replyRules = egress ? nacl.inbound : nacl.outbound;
  const own = ownSubnetAddresses(ctx.index, subnetIds, family);
  const decided = evaluateNacl(list, { protocol, family, addresses: naclRuleAddresses(rule), keys: ruleKeys(rule) }).filter((s) => s.rule === rule);
  const groups = new Map<string, { peers: IntervalSet; keys: IntervalSet; client: ClientPortChoice; denied: IntervalSet; blockers: Map<NaclRule | undefined, IntervalSet> }>();
  for (const segment of decided) {
    if (own.covers(segment.addresses)) continue;
    if (segment.addresses.size() === 1n && unfilteredService(ctx.index, addressFromValue(family, segment.addresses.min()!))) continue;
    const peers = admittedPeers(ctx, enis, egress ? 'egress' : 'ingress', protocol, family, segment.addresses, segment.keys);
    if (peers.isEmpty()) continue;
    const client = egress ? ownChoice() : peerClients(ctx, family, peers);
    const clientSet = IntervalSet.of(client.range[0], client.range[1]);
    const denies = evaluateNacl(replyRules, { protocol, family, addresses: peers, keys: clientSet }).filter((s) => s.action === 'deny');
    if (denies.length === 0) continue;
    for (const cell of cells(peers, denies.map((d) => d.addresses))) {
      if (own.covers(cell)) continue;
      const at = cell.min()!;
      const hits = denies.filter((d) => d.addresses.has(at));
      if (hits.length === 0) continue;
      let denied = IntervalSet.EMPTY;
      for (const h of hits) denied = denied.union(h.keys);
      const signature = `${client.range[0]}-${client.range[1]}|${formatPortSet(denied)}`;
      let group = groups.get(signature);
      if (!group) {
        group = { peers: IntervalSet.EMPTY, keys: IntervalSet.EMPTY, client, denied, blockers: new Map() };
        groups.set(signature, group);
      }
      group.peers = group.peers.union(cell);
      group.keys = group.keys.union(segment.keys);
      for (const h of hits) group.blockers.set(h.rule, (group.blockers.get(h.rule) ?? IntervalSet.EMPTY).union(h.keys));
    }
  }
  const out: ReplyGap[] = [];
  for (const g of groups.values()) {
    const clientSet = IntervalSet.of(g.client.range[0], g.client.range[1]);
    const blockers = [...g.blockers.entries()].map(([r, keys]) => ({ ...(r ? { rule: r } : {}), keys })).sort((a, b) => Number((a.keys.min() ?? 0n) - (b.keys.min() ?? 0n)));
    // The reply rule mirrors the service rule's CIDR, as people write them (peers narrowed by the groups
    // are interfaces whose addresses change).
    const write = rule.cidr;
    out.push({
      nacl,
      service: rule,
      protocol,
      family,
      serviceKeys: g.keys,
      peers: g.peers,
      replyEgress: !egress,
      client: g.client,
      denied: g.denied,
      whole: g.denied.equals(clientSet),
      deniedShare: Number(g.denied.size()) / Number(clientSet.size()),
      blockers,
      fix: replyFix(ctx.proposed, nacl, !egress, protocol, write, blockers),
    });
  }
  return out;
}

/** The allow rules that let the replies through, numbered before each blocking rule (engine's naclFix). */
function replyFix(proposed: ProposedNumbers, nacl: Nacl, egress: boolean, protocol: number, write: Cidr, blockers: readonly { rule?: NaclRule; keys: IntervalSet }[]): FindingFix {
  let working = nacl;
  const fixes: Fix[] = [];
  const peerSubnet: Subnet = { id: write.text, vpcId: nacl.vpcId, cidrs: [write], tags: {}, source: nacl.source };
  for (const b of blockers) {
    const missing = b.keys.toNumberRanges();
    for (const range of missing) {
      const rule = proposedRuleText({ action: 'allow', protocol: protocolName(protocol), ports: formatPortRange(range), peer: write.text });
      const reserved = proposed.takenBy(nacl.id, egress, rule);
      const fix = naclFix({ nacl: working, egress, protocol, peer: addressFromValue(write.family, write.lo), peerSubnet, keys: range, missing, reserved, ...(b.rule ? { blocking: b.rule } : {}) });
      proposed.claim(nacl.id, egress, fix.rule.number, proposedRuleText(fix.rule));
      fixes.push(fix);
      if (fix.rule.number !== undefined) working = withPlaceholder(working, egress, { number: fix.rule.number, protocol, cidr: write, ports: range });
    }
  }
  const commands = fixes.map((f) => f.command).filter((c): c is string => c !== undefined);
  return { summary: fixes.map((f) => f.summary).join(' '), ...(commands.length > 0 ? { command: commands.join(' && ') } : {}) };
}

/** The NACL with a proposed allow added, so that the next proposal picks another number. */
function withPlaceholder(nacl: Nacl, egress: boolean, r: { number: number; protocol: number; cidr: Cidr; ports: readonly [number, number] }): Nacl {
  const rule: NaclRule = { naclId: nacl.id, number: r.number, egress, action: 'allow', protocol: r.protocol, cidr: r.cidr, ports: { from: r.ports[0], to: r.ports[1] }, isDefaultDeny: false, source: nacl.source };
  const list = [...(egress ? nacl.outbound : nacl.inbound), rule].sort((a, b) => a.number - b.number);
  return egress ? { ...nacl, outbound: list } : { ...nacl, inbound: list };
}

/** `rule #32767 (the default deny)`, `rules #90 (…) and #32767 (…)`, or `the implicit deny`. */
export function blockersText(blockers: ReplyGap['blockers']): string {
  const texts = blockers.map((b) => (b.rule ? `rule ${ruleText(b.rule)}` : 'the implicit deny (no rule matches)'));
  return [...new Set(texts)].join(' and ');
}

/** The sentence shared by both reply rules: which service, which peers. */
export function serviceText(gap: ReplyGap): string {
  const s = gap.service;
  const peers = describeAddresses(gap.family, gap.peers);
  const proto = protocolName(gap.protocol);
  const ports = formatPortSet(gap.serviceKeys);
  return s.egress
    ? `${gap.nacl.id} allows outbound ${proto} ${ports} to ${s.cidr.text} (rule #${s.number}) but denies inbound replies from ${peers}`
    : `${gap.nacl.id} allows inbound ${proto} ${ports} from ${s.cidr.text} (rule #${s.number}) but denies outbound replies to ${peers}`;
}

export function gapKey(gap: ReplyGap): string {
  return `${directionText(gap.service.egress)}:${gap.service.number}:${describeAddresses(gap.family, gap.peers)}`;
}

export function gapDetails(gap: ReplyGap): Record<string, unknown> {
  return {
    protocol: protocolName(gap.protocol),
    ports: formatPortSet(gap.serviceKeys),
    serviceRule: gap.service.number,
    direction: directionText(gap.service.egress),
    peer: describeAddresses(gap.family, gap.peers),
    clientRange: [gap.client.range[0], gap.client.range[1]],
    clientProfile: gap.client.profile,
    clientRangeReason: gap.client.reason,
    deniedRanges: gap.denied.toNumberRanges(),
    deniedShare: Math.round(gap.deniedShare * 1e6) / 1e6,
    deniedBy: gap.blockers.map((b) => b.rule?.number ?? 'implicit'),
  };
}

export function gapRelated(gap: ReplyGap): { message: string; location: NaclRule['source'] }[] {
  return gap.blockers.flatMap((b) => (b.rule ? [{ message: `rule ${ruleText(b.rule)} denies the replies on ${formatPortSet(b.keys)}`, location: b.rule.source }] : []));
}
