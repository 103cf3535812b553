/**
 * The services a NACL lets through whose replies the same NACL denies (nacl-return-missing,
 * nacl-return-partial), answered over sets with the engine, each with the allow rules that fix it.
 */
import { addressFromValue, type Cidr, type Family } from '../net/address.js';
import { IntervalSet } from '../net/interval-set.js';
import { formatPortRange, formatPortSet } from '../net/ports.js';
import { TCP, UDP, protocolName } from '../model/protocol.js';
import type { Eni, Nacl, NaclRule, Subnet } from '../model/snapshot.js';
import { naclFix } from '../engine/fix.js';
import { naclRuleAddresses, ruleKeys } from '../engine/match.js';
import { evaluateNacl } from '../engine/nacl.js';
import type { ClientPortChoice, Fix } from '../engine/types.js';
import { unfilteredService } from '../engine/unfiltered.js';
import { cells } from './address-sets.js';
import { ownClients, peerClients } from './client-ranges.js';
import { enisInSubnets, naclSubnetIds, ownSubnetAddresses } from './nacl-scope.js';
import { proposedRuleText, type ProposedNumbers } from './proposed-numbers.js';
import { isReturnRange } from './return-range.js';
import { admittedPeers } from './sg-admission.js';
import type { FindingFix, LintContext } from './types.js';

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
  // Peers are gathered as cells and made a set once per group: a service narrowed to interfaces has
  // one cell per address, and growing a set cell by cell costs the square of their number.
  const groups = new Map<string, { peers: IntervalSet[]; keys: IntervalSet; client: ClientPortChoice; denied: IntervalSet; blockers: Map<NaclRule | undefined, IntervalSet> }>();
  for (const segment of decided) {
    if (own.covers(segment.addresses)) continue;
    if (segment.addresses.sizeNumber() === 1 && unfilteredService(ctx.index, addressFromValue(family, segment.addresses.min()!))) continue;
    const peers = admittedPeers(ctx, enis, egress ? 'egress' : 'ingress', protocol, family, segment.addresses, segment.keys);
    if (peers.isEmpty()) continue;
    const client = egress ? ownChoice() : peerClients(ctx, family, peers);
    const clientSet = IntervalSet.of(client.range[0], client.range[1]);
    const denies = evaluateNacl(replyRules, { protocol, family, addresses: peers, keys: clientSet }).filter((s) => s.action === 'deny');
    if (denies.length === 0) continue;
    for (const cell of cells(peers, denies.map((d) => d.addresses))) {
      if (own.covers(cell)) continue;
      const at = cell.bounds[0]!;
      const hits = denies.filter((d) => d.addresses.has(at));
      if (hits.length === 0) continue;
      let denied = IntervalSet.EMPTY;
      for (const h of hits) denied = denied.union(h.keys);
      const signature = `${client.range[0]}-${client.range[1]}|${formatPortSet(denied)}`;
      let group = groups.get(signature);
      if (!group) {
        group = { peers: [], keys: IntervalSet.EMPTY, client, denied, blockers: new Map() };
        groups.set(signature, group);
      }
      group.peers.push(cell);
      if (!group.keys.covers(segment.keys)) group.keys = group.keys.union(segment.keys);
      for (const h of hits) group.blockers.set(h.rule, (group.blockers.get(h.rule) ?? IntervalSet.EMPTY).union(h.keys));
    }
  }
  const out: ReplyGap[] = [];
  for (const g of groups.values()) {
    const clientSet = IntervalSet.of(g.client.range[0], g.client.range[1]);
    const blockers = [...g.blockers.entries()].map(([r, keys]) => ({ ...(r ? { rule: r } : {}), keys })).sort((a, b) => (a.keys.minNumber() ?? 0) - (b.keys.minNumber() ?? 0));
    // The reply rule mirrors the service rule's CIDR, as people write them (peers narrowed by the groups
    // are interfaces whose addresses change).
    const write = rule.cidr;
    out.push({
      nacl,
      service: rule,
      protocol,
      family,
      serviceKeys: g.keys,
      peers: IntervalSet.unionAll(g.peers),
      replyEgress: !egress,
      client: g.client,
      denied: g.denied,
      whole: g.denied.equals(clientSet),
      deniedShare: g.denied.sizeNumber() / clientSet.sizeNumber(),
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
