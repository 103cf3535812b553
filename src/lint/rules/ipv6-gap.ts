import { describeKeys, describeProtocol, familyUniverse, protocolMatches, ruleKeys } from '../../engine/match.js';
import { allowedKeys, evaluateNacl } from '../../engine/nacl.js';
import { ICMP, ICMPV6, PROTOCOL_ALL, TCP, UDP } from '../../model/protocol.js';
import type { Nacl, NaclRule, SecurityGroup, SgRule, Subnet } from '../../model/snapshot.js';
import { isWorld, type Family } from '../../net/address.js';
import { IntervalSet } from '../../net/interval-set.js';
import { formatPortSet } from '../../net/ports.js';
import { coAttachedGroups } from '../co-attached-groups.js';
import { isReturnRange } from '../return-range.js';
import type { FindingDraft, LintContext, LintRule } from '../types.js';
import { groupLabel, sgRuleKey, sgRuleText } from '../sg-text.js';
import { isWorldOpenAdmin, portSetOf, worldExposure } from '../world-exposure.js';

/**
 * Only the world CIDRs are paired: 0.0.0.0/0 with ::/0. A narrower IPv4 block has no IPv6 equivalent we
 * could name (10.0.0.0/16 and 2001:db8::/56 are unrelated numbers), so such rules are never reported.
 * ICMP and ICMPv6 are not paired either: their types differ (echo 8 vs 128, "fragmentation needed" 3/4 vs
 * "packet too big" 2) and Path MTU discovery has its own rule.
 */
export const ipv6Gap: LintRule = {
  meta: {
    id: 'ipv6-gap',
    severity: 'warning',
    summary: 'On a dual-stack subnet, a NACL or security group rule for 0.0.0.0/0 has no ::/0 counterpart (or the reverse).',
    rationale:
      'IPv4 rules never match IPv6 packets. A service opened (or blocked) for 0.0.0.0/0 only is still closed (or still open) for IPv6 clients, who then fail or fall back slowly — or get through a deny meant for everyone.',
    docs: 'docs/rules/ipv6-gap.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    return [...naclGaps(ctx), ...groupGaps(ctx)];
  },
};

const other = (f: Family): Family => (f === 4 ? 6 : 4);
const worldText = (f: Family) => (f === 4 ? '0.0.0.0/0' : '::/0');
const familyName = (f: Family) => (f === 4 ? 'IPv4' : 'IPv6');

function paired(protocol: number): boolean {
  return protocol !== ICMP && protocol !== ICMPV6;
}

// ---------------------------------------------------------------- NACLs

function naclGaps(ctx: LintContext): FindingDraft[] {
  const findings: FindingDraft[] = [];
  const admin = portSetOf(ctx.settings.adminPorts);
  for (const nacl of ctx.snapshot.nacls) {
    const subnets = ctx.snapshot.subnets.filter((s) => ctx.index.naclForSubnet(s.id)?.id === nacl.id);
    const families = new Set(subnets.flatMap((s) => s.cidrs.map((c) => c.family)));
    if (!families.has(4) || !families.has(6)) continue;
    for (const [egress, list] of [[false, nacl.inbound], [true, nacl.outbound]] as const) {
      for (const rule of list) {
        if (rule.isDefaultDeny || !isWorld(rule.cidr) || !paired(rule.protocol)) continue;
        // A world-open admin service is nacl-world-open-admin's error: never advise doubling it for IPv6.
        if (!egress && rule.action === 'allow' && (rule.protocol === TCP || rule.protocol === UDP) && !isReturnRange(rule) && ruleKeys(rule).overlaps(admin)) continue;
        const gap = naclRuleGap(list, rule);
        if (gap.parts.length > 0) findings.push(naclFinding(nacl, list, rule, gap, subnets));
      }
    }
  }
  return findings;
}

interface NaclGap {
  /** `tcp 443`, per protocol checked. */
  readonly parts: string[];
  /** For a deny: the rules of the other family that let the traffic through. */
  readonly allowedBy: number[];
}

function naclRuleGap(list: readonly NaclRule[], rule: NaclRule): NaclGap {
  const from = rule.cidr.family;
  const to = other(from);
  const parts: string[] = [];
  const allowedBy = new Set<number>();
  for (const protocol of rule.protocol === PROTOCOL_ALL ? [TCP, UDP] : [rule.protocol]) {
    // What this rule actually decides for its own family; a shadowed rule is another rule's business.
    let decided = IntervalSet.EMPTY;
    for (const s of evaluateNacl(list, { protocol, family: from, addresses: familyUniverse(from), keys: ruleKeys(rule) })) {
      if (s.rule === rule) decided = decided.union(s.keys);
    }
    if (decided.isEmpty()) continue;
    const twin = evaluateNacl(list, { protocol, family: to, addresses: familyUniverse(to), keys: decided });
    let gap: IntervalSet;
    if (rule.action === 'allow') {
      // Missing only when no address of the other family gets these ports at all, and no explicit deny from
      // the other world CIDR says it is meant to be closed (that deny is then the one without a twin).
      let deniedOnPurpose = IntervalSet.EMPTY;
      for (const s of twin) if (s.action === 'deny' && s.rule && !s.rule.isDefaultDeny && isWorld(s.rule.cidr)) deniedOnPurpose = deniedOnPurpose.union(s.keys);
      gap = decided.subtract(allowedKeys(twin)).subtract(deniedOnPurpose);
    } else {
      gap = IntervalSet.EMPTY;
      for (const s of twin) {
        if (s.action === 'allow' && s.rule && isWorld(s.rule.cidr)) {
          gap = gap.union(s.keys);
          allowedBy.add(s.rule.number);
        }
      }
    }
    if (!gap.isEmpty()) parts.push(keysText(protocol, gap));
  }
  return { parts, allowedBy: [...allowedBy].sort((a, b) => a - b) };
}

function keysText(protocol: number, keys: IntervalSet): string {
  const proto = describeProtocol(protocol);
  return protocol === TCP || protocol === UDP ? `${proto} ${formatPortSet(keys)}` : `protocol ${proto}`;
}

function naclFinding(nacl: Nacl, list: readonly NaclRule[], rule: NaclRule, gap: NaclGap, subnets: readonly Subnet[]): FindingDraft {
  const dir = rule.egress ? 'outbound' : 'inbound';
  const prep = rule.egress ? 'to' : 'from';
  const from = rule.cidr.family;
  const to = other(from);
  const what = gap.parts.join(', ');
  const dual = subnets.filter((s) => s.cidrs.some((c) => c.family === 6) && s.cidrs.some((c) => c.family === 4));
  const where = (dual.length > 0 ? dual : subnets).map((s) => `${s.id} (${s.cidrs.map((c) => c.text).join(', ')})`).join(', ');
  const verb = rule.action === 'allow' ? 'allows' : 'denies';
  const next = rule.number + 1;
  const numberHint = next <= 32766 && !list.some((r) => r.number === next) ? ` as rule ${next}` : ` numbered right after ${rule.number}`;
  const message =
    rule.action === 'allow'
      ? `NACL ${nacl.id} ${dir} rule ${rule.number} allows ${what} ${prep} ${rule.cidr.text}, but nothing in the ${dir} list allows it ${prep} any ${familyName(to)} address, ` +
        `while its subnet${(dual.length > 0 ? dual : subnets).length === 1 ? '' : 's'} ${where} ${(dual.length > 0 ? dual : subnets).length === 1 ? 'is' : 'are'} dual-stack: ${familyName(to)} traffic on these ports hits the default deny, so dual-stack clients fail or fall back slowly. ` +
        `Add an ${dir} allow for ${what} ${prep} ${worldText(to)}${numberHint} — or, if the ${familyName(to)} rules are the intended policy, narrow rule ${rule.number} to match them.`
      : `NACL ${nacl.id} ${dir} rule ${rule.number} denies ${what} ${prep} ${rule.cidr.text}, but rule${gap.allowedBy.length === 1 ? '' : 's'} ${gap.allowedBy.join(', ')} ` +
        `allow${gap.allowedBy.length === 1 ? 's' : ''} it ${prep} ${worldText(to)} on ${where}: the block holds for ${familyName(from)} only and ${familyName(to)} traffic walks around it. ` +
        `Add an ${dir} deny for ${what} ${prep} ${worldText(to)} numbered below ${gap.allowedBy[0]}.`;
  return {
    message,
    resource: { type: 'nacl', id: nacl.id, ...(nacl.name ? { name: nacl.name } : {}) },
    location: rule.source,
    key: `${dir}:${rule.number}`,
    fix: { summary: `Add the ${worldText(to)} counterpart of ${dir} rule ${rule.number} (${verb} ${what}).` },
    details: { ruleNumber: rule.number, action: rule.action, cidr: rule.cidr.text, missingFamily: to, missing: gap.parts, ...(gap.allowedBy.length > 0 ? { allowedBy: gap.allowedBy } : {}) },
  };
}

// ---------------------------------------------------------------- security groups

function groupGaps(ctx: LintContext): FindingDraft[] {
  const findings: FindingDraft[] = [];
  for (const group of ctx.snapshot.securityGroups) {
    const scope = groupScope(ctx, group);
    if (!scope.families.has(4) || !scope.families.has(6)) continue;
    const partners = coAttachedGroups(ctx, group);
    for (const rules of [group.ingress, group.egress]) {
      for (const rule of rules) {
        if (rule.peer.kind !== 'cidr' || !isWorld(rule.peer.cidr) || !paired(rule.protocol)) continue;
        if (isWorldOpenAdmin(worldExposure(rule, ctx.settings))) continue;
        const to = other(rule.peer.cidr.family);
        let covered = IntervalSet.EMPTY;
        for (const candidate of [...rules, ...partners.flatMap((g) => (rule.direction === 'ingress' ? g.ingress : g.egress))]) {
          const p = candidate.peer;
          if (p.kind === 'cidr' && p.cidr.family === to && isWorld(p.cidr) && protocolMatches(candidate.protocol, rule.protocol)) covered = covered.union(ruleKeys(candidate));
        }
        const gap = ruleKeys(rule).subtract(covered);
        if (!gap.isEmpty()) findings.push(groupFinding(group, rule, gap, to, scope.where));
      }
    }
  }
  return findings;
}

/** Families in use where the group applies: its ENIs (address or subnet), else its VPC and the VPC's subnets. */
function groupScope(ctx: LintContext, group: SecurityGroup): { families: Set<Family>; where: string } {
  const families = new Set<Family>();
  const enis = ctx.index.enisWithGroup(group.id);
  if (enis.length > 0) {
    for (const e of enis) {
      if (e.privateIps.length > 0) families.add(4);
      if (e.ipv6s.length > 0) families.add(6);
      for (const c of (e.subnetId ? ctx.index.subnets.get(e.subnetId)?.cidrs : undefined) ?? []) families.add(c.family);
    }
    const shown = enis.slice(0, 5).map((e) => e.id).join(', ');
    return { families, where: `its interface${enis.length === 1 ? '' : 's'} ${shown}${enis.length > 5 ? ` and ${enis.length - 5} more` : ''}` };
  }
  if (group.vpcId === undefined) return { families, where: '' };
  for (const c of ctx.index.vpcs.get(group.vpcId)?.cidrs ?? []) families.add(c.family);
  for (const s of ctx.snapshot.subnets) if (s.vpcId === group.vpcId) for (const c of s.cidrs) families.add(c.family);
  return { families, where: `its VPC ${group.vpcId}` };
}

function groupFinding(group: SecurityGroup, rule: SgRule, gap: IntervalSet, to: Family, where: string): FindingDraft {
  const from = other(to);
  const dir = rule.direction === 'ingress' ? 'inbound' : 'outbound';
  const prep = rule.direction === 'ingress' ? 'from' : 'to';
  const proto = describeProtocol(rule.protocol);
  const missing = rule.protocol === TCP || rule.protocol === UDP ? `${proto} ${formatPortSet(gap)}` : rule.protocol === PROTOCOL_ALL ? 'all traffic' : `protocol ${proto}`;
  return {
    message:
      `Security group ${groupLabel(group)} allows ${dir} ${sgRuleText(rule)}, but no rule allows ${missing} ${prep} ${worldText(to)}, while ${where} use${where.startsWith('its interfaces') ? '' : 's'} ` +
      `both IPv4 and IPv6: ${familyName(to)} ${rule.direction === 'ingress' ? 'clients are refused' : 'connections are dropped'} where ${familyName(from)} ones get through. ` +
      `Add ${dir} ${missing} ${prep} ${worldText(to)} — or, if ${familyName(to)} is not meant to be used here, drop it from the subnet.`,
    resource: { type: 'security-group', id: group.id, ...(group.name ? { name: group.name } : {}) },
    location: rule.source,
    key: sgRuleKey(rule),
    fix: { summary: `Add ${dir} ${missing} ${prep} ${worldText(to)} to ${group.id}.` },
    details: { cidr: rule.peer.kind === 'cidr' ? rule.peer.cidr.text : undefined, protocol: proto, ports: describeKeys(rule), missingFamily: to, missing },
  };
}
