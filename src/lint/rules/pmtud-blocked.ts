import { cidrSet, type Cidr, type Family } from '../../net/address.js';
import { IntervalSet } from '../../net/interval-set.js';
import { ICMP, ICMPV6, TCP } from '../../model/protocol.js';
import type { Eni, Nacl, NaclRule, SgRule } from '../../model/snapshot.js';
import type { SnapshotIndex } from '../../model/snapshot-index.js';
import { sgPeerText } from '../../engine/describe.js';
import { ALL_KEYS, familyUniverse, icmpKey, naclRuleAddresses, protocolMatches, ruleKeys } from '../../engine/match.js';
import { evaluateNacl } from '../../engine/nacl.js';
import { describeAddresses } from '../address-sets.js';
import { naclResource, ruleText, trafficText } from '../finding-text.js';
import { freeNumberBefore } from '../rule-numbers.js';
import { admitsFromEverywhere, worldRules } from '../sg-admission.js';
import { proposedRuleText, type ProposedNumbers } from '../proposed-numbers.js';
import { groupLabel } from '../sg-text.js';
import type { FindingDraft, LintContext, LintRule } from '../types.js';

/** The ICMP message Path MTU discovery needs, per family: "fragmentation needed" / "packet too big". */
const PMTUD: Readonly<Record<Family, { protocol: number; type: number; code: number; name: string; text: string }>> = {
  4: { protocol: ICMP, type: 3, code: 4, name: 'icmp', text: 'ICMP type 3 code 4 (fragmentation needed)' },
  6: { protocol: ICMPV6, type: 2, code: 0, name: 'icmpv6', text: 'ICMPv6 type 2 (packet too big)' },
};
const WORLD: Readonly<Record<Family, string>> = { 4: '0.0.0.0/0', 6: '::/0' };

/**
 * Two places break Path MTU discovery: a NACL that lets TCP in from peers outside its VPC but not their
 * ICMP "fragmentation needed" (ICMPv6 "packet too big"), and internet-facing interfaces (a group admits a
 * world CIDR inbound) whose groups do not admit that ICMP message from everywhere — security groups do
 * not let ICMP errors in on the back of a TCP flow (aws-semantics.md §2). The interfaces are reported on
 * the group the fix goes to (their first group facing the internet), one finding for all of them: an
 * autoscaling group of 50 instances is one problem with one fix, not 50 warnings at the same rule.
 */
export const pmtudBlocked: LintRule = {
  meta: {
    id: 'pmtud-blocked',
    severity: 'warning',
    summary: 'ICMP "fragmentation needed" (ICMPv6 "packet too big") cannot reach instances that talk TCP across an MTU boundary.',
    rationale:
      'Instances send 9001-byte jumbo frames inside a VPC; on the way to the internet, a VPN or an inter-Region peering the MTU drops to 1500 or less, and the router there answers with ICMP type 3 code 4. When a NACL or security group drops it, large transfers hang after the handshake while small requests work.',
    docs: 'docs/rules/pmtud-blocked.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    const findings: FindingDraft[] = [];
    for (const nacl of ctx.snapshot.nacls) {
      for (const family of [4, 6] as const) {
        const f = naclFinding(ctx.index, ctx.proposed, nacl, family);
        if (f) findings.push(f);
      }
    }
    const exposed = new Map<string, Exposure>();
    for (const eni of ctx.snapshot.enis) {
      for (const family of [4, 6] as const) {
        const facing = exposedFacing(ctx.index, eni, family);
        if (!facing) continue;
        const group = facing[0]!.groupId;
        const key = `${family}|${group}`;
        let exposure = exposed.get(key);
        if (!exposure) exposed.set(key, (exposure = { group, family, rules: facing.filter((r) => r.groupId === group), enis: [] }));
        exposure.enis.push(eni);
      }
    }
    for (const exposure of exposed.values()) findings.push(groupFinding(ctx.index, exposure));
    return findings;
  },
};

/** Addresses of the NACL's VPC: the VPC's CIDRs, else its known subnets'. Inside a VPC the MTU does not change. */
function vpcAddresses(index: SnapshotIndex, nacl: Nacl, family: Family): IntervalSet {
  const vpc = index.vpcs.get(nacl.vpcId);
  const blocks: readonly Cidr[] = vpc ? vpc.cidrs : index.snapshot.subnets.filter((s) => s.vpcId === nacl.vpcId).flatMap((s) => s.cidrs);
  let set = IntervalSet.EMPTY;
  for (const c of blocks) if (c.family === family) set = set.union(cidrSet(c));
  return set;
}

function naclFinding(index: SnapshotIndex, proposed: ProposedNumbers, nacl: Nacl, family: Family): FindingDraft | undefined {
  const pmtud = PMTUD[family];
  const outside = familyUniverse(family).subtract(vpcAddresses(index, nacl, family));
  if (outside.isEmpty()) return undefined;
  const tcp = evaluateNacl(nacl.inbound, { protocol: TCP, family, addresses: outside, keys: ALL_KEYS }).filter((s) => s.action === 'allow');
  let tcpPeers = IntervalSet.EMPTY;
  for (const s of tcp) tcpPeers = tcpPeers.union(s.addresses);
  if (tcpPeers.isEmpty()) return undefined;
  const key = IntervalSet.of(icmpKey(pmtud.type, pmtud.code));
  const denies = evaluateNacl(nacl.inbound, { protocol: pmtud.protocol, family, addresses: tcpPeers, keys: key }).filter((s) => s.action === 'deny');
  if (denies.length === 0) return undefined;
  let denied = IntervalSet.EMPTY;
  for (const s of denies) denied = denied.union(s.addresses);
  const tcpRules = [...new Set(tcp.filter((s) => s.addresses.overlaps(denied)).map((s) => s.rule!))].sort((a, b) => a.number - b.number);
  const blockers = [...new Set(denies.flatMap((s) => (s.rule ? [s.rule] : [])))].sort((a, b) => a.number - b.number);
  const explicit = blockers.filter((r) => !r.isDefaultDeny);
  const limit = explicit.length > 0 ? explicit[0]!.number : 32767;
  const proposal = proposedRuleText({ action: 'allow', protocol: pmtud.name, ports: `type ${pmtud.type} code ${pmtud.code}`, peer: WORLD[family] });
  const number = freeNumberBefore(
    nacl.inbound,
    limit,
    (r) => r.cidr.family === family && protocolMatches(r.protocol, pmtud.protocol) && ruleKeys(r).overlaps(key) && naclRuleAddresses(r).overlaps(familyUniverse(family)),
    proposed.takenBy(nacl.id, false, proposal),
  );
  proposed.claim(nacl.id, false, number, proposal);
  const peers = describeAddresses(family, denied);
  const blockedBy = blockers.length > 0 ? blockers.map((r) => `rule ${ruleText(r)}`).join(', ') : 'the implicit deny';
  const cidrFlag = family === 6 ? '--ipv6-cidr-block' : '--cidr-block';
  const todo =
    number === undefined
      ? `Add an inbound allow for ${pmtud.text} from ${WORLD[family]} to ${nacl.id} before #${limit}: no number is free there, renumber first.`
      : `Add rule #${number} to ${nacl.id} inbound: allow ${pmtud.name} type ${pmtud.type} code ${pmtud.code} from ${WORLD[family]}.`;
  return {
    message:
      `${nacl.id} lets TCP in from ${peers} (${tcpRules.map((r) => `rule ${ruleText(r)}`).join(', ')}) but denies ${pmtud.text} from there (${blockedBy}): ` +
      `Path MTU discovery breaks, and connections whose path has a smaller MTU stall once they send full-size packets. ${todo}`,
    resource: naclResource(nacl),
    location: (tcpRules[0] as NaclRule).source,
    related: blockers.map((r) => ({ message: `rule ${ruleText(r)} denies ${pmtud.text}`, location: r.source })),
    fix: {
      summary: todo,
      ...(number === undefined
        ? {}
        : {
            command: `aws ec2 create-network-acl-entry --network-acl-id ${nacl.id} --ingress --rule-number ${number} --protocol ${pmtud.protocol} --icmp-type-code Type=${pmtud.type},Code=${pmtud.code} ${cidrFlag} ${WORLD[family]} --rule-action allow`,
          }),
    },
    key: `nacl:inbound:ipv${family}`,
    details: { family, peers, icmpType: pmtud.type, icmpCode: pmtud.code, tcpRules: tcpRules.map((r) => r.number), deniedBy: blockers.map((r) => r.number) },
  };
}

/** Interfaces whose fix is the same group: the group, its world rules of the family, and the interfaces. */
interface Exposure {
  readonly group: string;
  readonly family: Family;
  readonly rules: readonly SgRule[];
  readonly enis: Eni[];
}

/** The interface's world-CIDR ingress rules when none of its groups admits the PMTUD message from everywhere. */
function exposedFacing(index: SnapshotIndex, eni: Eni, family: Family): SgRule[] | undefined {
  const facing: SgRule[] = worldRules(index, eni.groupIds, 'ingress', family);
  if (facing.length === 0) return undefined;
  const pmtud = PMTUD[family];
  const admission = admitsFromEverywhere(index, eni.groupIds, 'ingress', pmtud.protocol, icmpKey(pmtud.type, pmtud.code), family);
  return admission.admits || admission.unknown ? undefined : facing;
}

function groupFinding(index: SnapshotIndex, { group: groupId, family, rules, enis }: Exposure): FindingDraft {
  const pmtud = PMTUD[family];
  const group = index.groups.get(groupId)!;
  const range = family === 6 ? `Ipv6Ranges=[{CidrIpv6=${WORLD[family]}}]` : `IpRanges=[{CidrIp=${WORLD[family]}}]`;
  const todo = `Add an ingress rule to ${groupId}: allow ${pmtud.name} type ${pmtud.type} code ${pmtud.code} from ${WORLD[family]}.`;
  const ids = enis.map((e) => e.id);
  const shown = ids.length > 3 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : ids.join(', ');
  const opened = ids.length === 1 ? `interface ${shown}` : `${ids.length} interfaces (${shown})`;
  return {
    message:
      `Security group ${groupLabel(group)} admits ${rules.map((r) => `${trafficText(r)} from ${sgPeerText(r)}`).join(', ')}, which opens ${opened} to the internet, ` +
      `but none of ${ids.length === 1 ? 'its groups' : 'their groups'} admits ${pmtud.text} from everywhere: security groups do not let ICMP errors in on the back of a TCP flow, so Path MTU discovery breaks ` +
      `and large transfers to clients behind a smaller MTU stall. ${todo}`,
    resource: { type: 'security-group', id: groupId, ...(group.name ? { name: group.name } : {}) },
    location: rules[0]!.source,
    fix: {
      summary: todo,
      command: `aws ec2 authorize-security-group-ingress --group-id ${groupId} --ip-permissions 'IpProtocol=${pmtud.name},FromPort=${pmtud.type},ToPort=${pmtud.code},${range}'`,
    },
    key: `ingress:ipv${family}`,
    details: { family, enis: ids, icmpType: pmtud.type, icmpCode: pmtud.code, facingRules: rules.map((r) => `${r.groupId}:${sgPeerText(r)}`) },
  };
}
