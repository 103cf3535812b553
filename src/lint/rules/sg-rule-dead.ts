import { cidrSet, type Cidr, type Family } from '../../net/address.js';
import { IntervalSet } from '../../net/interval-set.js';
import type { Eni, Nacl, NaclRule, SecurityGroup, SgRule } from '../../model/snapshot.js';
import type { SnapshotIndex } from '../../model/snapshot-index.js';
import { sgPeerText } from '../../engine/describe.js';
import { ruleKeys } from '../../engine/match.js';
import { allowsSome, evaluateNacl } from '../../engine/nacl.js';
import { describeAddresses } from '../address-sets.js';
import { directionText, ruleText, trafficText } from '../finding-text.js';
import { subnetAddresses } from '../nacl-scope.js';
import { protocolsToCheck } from '../protocols-to-check.js';
import type { FindingDraft, LintContext, LintRule } from '../types.js';

/**
 * A security group rule whose traffic the subnet NACL denies for every interface carrying the group: the
 * two layers disagree. Only the request direction is judged (the reply is nacl-return-*'s question).
 */
export const sgRuleDead: LintRule = {
  meta: {
    id: 'sg-rule-dead',
    severity: 'note',
    summary: 'A security group rule admits traffic that the subnet’s network ACL always denies, on every interface carrying the group.',
    rationale:
      'When the NACL and the security group disagree, one of them is wrong: either the NACL is missing an allow the service needs, or the group rule is obsolete and only makes the group harder to review.',
    docs: 'docs/rules/sg-rule-dead.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    const findings: FindingDraft[] = [];
    for (const group of ctx.snapshot.securityGroups) {
      const enis = ctx.index.enisWithGroup(group.id);
      if (enis.length === 0) continue;
      // The verdict depends on the interface's subnet and address families only: the group's interfaces
      // fall into a few such places, sorted out once for all of its rules.
      const { places, placeOf } = placesOf(enis);
      for (const rules of [group.ingress, group.egress]) {
        for (const rule of rules) {
          const peers = peerSets(ctx.index, rule);
          if (!peers || (peers[4] === undefined && peers[6] === undefined)) continue;
          // Nearly every rule gets through at its first place: verdicts are kept only while none does.
          const verdicts: Omit<Dead, 'eni'>[] = [];
          for (const place of places) {
            // Only the families the interface has an address in: an IPv6 rule on an IPv4-only interface is
            // moot, not dead (ipv6-gap's question).
            const v4 = place.ipv4 ? peers[4] : undefined;
            const v6 = place.ipv6 ? peers[6] : undefined;
            const verdict = place.subnetId === undefined || (v4 === undefined && v6 === undefined) ? undefined : deadIn(ctx.index, place.subnetId, rule, v4, v6);
            if (!verdict) break;
            verdicts.push(verdict);
          }
          if (verdicts.length < places.length) continue;
          findings.push(finding(group, rule, enis.map((eni) => ({ ...verdicts[places.indexOf(placeOf.get(eni)!)]!, eni }))));
        }
      }
    }
    return findings;
  },
};

/** Where an interface sits, as far as a NACL's verdict on its traffic goes. */
interface Place {
  readonly subnetId: string | undefined;
  readonly ipv4: boolean;
  readonly ipv6: boolean;
}

function placesOf(enis: readonly Eni[]): { places: Place[]; placeOf: Map<Eni, Place> } {
  const byKey = new Map<string, Place>();
  const placeOf = new Map<Eni, Place>();
  for (const eni of enis) {
    const ipv4 = eni.privateIps.length > 0;
    const ipv6 = eni.ipv6s.length > 0;
    const key = `${eni.subnetId ?? ''}|${ipv4}|${ipv6}`;
    let place = byKey.get(key);
    if (!place) byKey.set(key, (place = { subnetId: eni.subnetId, ipv4, ipv6 }));
    placeOf.set(eni, place);
  }
  return { places: [...byKey.values()], placeOf };
}

interface Dead {
  readonly eni: Eni;
  readonly nacl: Nacl;
  readonly denying: readonly NaclRule[];
  readonly implicit: boolean;
  /** The peer CIDR also holds the interface's own subnet, whose traffic the NACL does not filter. */
  readonly insideOnly: boolean;
}

/** The peers a rule names, per family (undefined: none of that family). */
interface PeerSets {
  readonly 4: IntervalSet | undefined;
  readonly 6: IntervalSet | undefined;
}

const NO_PEERS: PeerSets = { 4: undefined, 6: undefined };

/** The peers a rule names, per family; undefined when the snapshot cannot tell (prefix list entries missing). */
function peerSets(index: SnapshotIndex, rule: SgRule): PeerSets | undefined {
  const p = rule.peer;
  if (p.kind === 'cidr') {
    // Rules share their peer CIDR objects: one answer each.
    let sets = peersOfCidr.get(p.cidr);
    if (!sets) peersOfCidr.set(p.cidr, (sets = p.cidr.family === 4 ? { 4: cidrSet(p.cidr), 6: undefined } : { 4: undefined, 6: cidrSet(p.cidr) }));
    return sets;
  }
  if (p.kind === 'prefix-list') {
    const list = index.prefixLists.get(p.prefixListId);
    if (!list?.cidrs) return undefined;
    const of = (family: Family) => {
      const blocks = list.cidrs!.filter((c) => c.family === family);
      return blocks.length === 0 ? undefined : IntervalSet.unionAll(blocks.map(cidrSet));
    };
    return { 4: of(4), 6: of(6) };
  }
  const v4 = index.memberSet(p.groupId, 4);
  const v6 = index.memberSet(p.groupId, 6);
  return v4.isEmpty() && v6.isEmpty() ? NO_PEERS : { 4: v4.isEmpty() ? undefined : v4, 6: v6.isEmpty() ? undefined : v6 };
}

const peersOfCidr = new WeakMap<Cidr, PeerSets>();

/** Why the subnet's NACL denies all of the rule's traffic, or undefined when some of it gets through. */
function deadIn(index: SnapshotIndex, subnetId: string, rule: SgRule, v4: IntervalSet | undefined, v6: IntervalSet | undefined): Omit<Dead, 'eni'> | undefined {
  const nacl = index.naclForSubnet(subnetId);
  if (!nacl) return undefined;
  const list = rule.direction === 'egress' ? nacl.outbound : nacl.inbound;
  const keys = ruleKeys(rule);
  const protocols = protocolsToCheck(rule.protocol, list);
  let insideOnly = false;
  for (const family of [4, 6] as const) {
    const all = family === 4 ? v4 : v6;
    if (all === undefined) continue;
    // Traffic inside the subnet never crosses its NACL. A named peer (group member, list entry) there keeps
    // the rule alive; a CIDR block around the subnet is judged on the rest of its addresses.
    const own = subnetAddresses(index, subnetId, family);
    const inside = own.overlaps(all);
    if (inside && rule.peer.kind !== 'cidr') return undefined;
    const addresses = inside ? all.subtract(own) : all;
    if (addresses.isEmpty()) return undefined;
    if (inside) insideOnly = true;
    for (const protocol of protocols) if (allowsSome(list, { protocol, family, addresses, keys })) return undefined;
  }
  // Dead: which rules deny it (rare, so the segments are made only now).
  const denying = new Set<NaclRule>();
  let implicit = false;
  for (const family of [4, 6] as const) {
    const all = family === 4 ? v4 : v6;
    if (all === undefined) continue;
    const addresses = all.subtract(subnetAddresses(index, subnetId, family));
    for (const protocol of protocols) {
      for (const s of evaluateNacl(list, { protocol, family, addresses, keys })) {
        if (s.rule) denying.add(s.rule);
        else implicit = true;
      }
    }
  }
  return { nacl, denying: [...denying].sort((a, b) => a.number - b.number), implicit, insideOnly };
}

function finding(group: SecurityGroup, rule: SgRule, dead: readonly Dead[]): FindingDraft {
  const direction = rule.direction;
  const word = direction === 'ingress' ? 'from' : 'to';
  const nacls = [...new Map(dead.map((d) => [d.nacl.id, d])).values()];
  const naclDirection = directionText(direction === 'egress');
  const why = nacls
    .map((d) => `${d.nacl.id} ${naclDirection} (${[...d.denying.map((r) => `rule ${ruleText(r)}`), ...(d.implicit ? ['the implicit deny'] : [])].join(', ')})`)
    .join('; ');
  const interfaces = dead.map((d) => `${d.eni.id}${d.eni.subnetId ? ` in ${d.eni.subnetId}` : ''}`);
  const shown = interfaces.length > 3 ? `${interfaces.slice(0, 3).join(', ')} and ${interfaces.length - 3} more` : interfaces.join(', ');
  const peer = rule.peer.kind === 'cidr' ? describeAddresses(rule.peer.cidr.family, cidrSet(rule.peer.cidr)) : sgPeerText(rule);
  const todo = `Allow it in ${nacls.map((d) => d.nacl.id).join(', ')} ${naclDirection} if the traffic is wanted, or delete the group rule if it is obsolete.`;
  return {
    message:
      `${group.id} ${direction} rule (${trafficText(rule)} ${word} ${peer}) never carries traffic: the network ACL denies all of it for every interface carrying ${group.id} ` +
      `(${shown}) — ${why}${dead.some((d) => d.insideOnly) ? '; only traffic from inside the interface’s own subnet, which no NACL filters, gets through' : ''}. The two layers disagree. ${todo}`,
    resource: { type: 'security-group', id: group.id, ...(group.name ? { name: group.name } : {}) },
    location: rule.source,
    related: [...new Set(dead.flatMap((d) => d.denying))].map((r) => ({ message: `${r.naclId} ${naclDirection} rule ${ruleText(r)} denies this traffic`, location: r.source })),
    fix: { summary: todo },
    key: `${direction}:${trafficText(rule)}:${sgPeerText(rule)}`,
    details: {
      direction,
      protocol: trafficText(rule),
      peer: sgPeerText(rule),
      enis: dead.map((d) => d.eni.id),
      nacls: nacls.map((d) => d.nacl.id),
      deniedBy: [...new Set(dead.flatMap((d) => d.denying.map((r) => `${r.naclId}#${r.number}`)))],
    },
  };
}
